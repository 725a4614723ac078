// Arms: the (server family, variant, think time) triples a benchmark measures. A variant runs on
// every listed server family that implements it (the registry's `families`), at each think time of
// the sweep (or at its own think time: harness/config/think-time.ts); a variant no listed family
// implements, or an arm that cannot work as configured, is a UsageError before any browser starts.

import { UsageError } from '../shared/usage-error.ts';
import { VARIANT_TRAITS, type ServerFamily, type VariantName } from '../shared/variants.ts';
import { isSweep, thinkValuesFor, type ThinkTimes } from './think-time.ts';
import type { Topology } from '../../servers/types.ts';

export interface Arm {
  server: ServerFamily;
  variant: VariantName;
  /** The server's think time before the HTML, ms. */
  thinkMs: number;
  /**
   * Set by armsOf when the run sweeps think times (some server × variant has several arms): the
   * arm's label then names its think time. Absent or false: labelled as before sweeps existed.
   */
  swept?: boolean;
}

/** What a server family can and cannot do beyond the variants it implements. */
interface FamilyTraits {
  /** Can hold the HTML back for a think time by itself (topology direct). */
  thinksItself: boolean;
  /** Follows pushbench's send-queue and priorities settings (config sendQueue, priorities). */
  followsDelivery: boolean;
}

export const FAMILY_TRAITS: Record<ServerFamily, FamilyTraits> = {
  pushbench: { thinksItself: true, followsDelivery: true },
  // Caddy serves files; a think time needs a backend: Caddy as the edge in front of pushbench's origin.
  // Its TCP sockets keep the kernel's send queue; Go's HTTP/2 server and quic-go schedule by themselves.
  caddy: { thinksItself: false, followsDelivery: false },
};

/** "+t150" for an arm of a think-time sweep, "" otherwise: "+" is in no variant or server name. */
export function thinkSuffix(arm: Pick<Arm, 'thinkMs' | 'swept'>): string {
  return arm.swept ? `+t${arm.thinkMs}` : '';
}

/**
 * "h2" on the default server, "h2@caddy" elsewhere, and in a think-time sweep "h2+t150",
 * "h2@caddy+t150": how an arm is named in load ids, wire logs, titles and the report.
 */
export function armLabel(arm: Pick<Arm, 'server' | 'variant' | 'thinkMs' | 'swept'>): string {
  return `${arm.server === 'pushbench' ? arm.variant : `${arm.variant}@${arm.server}`}${thinkSuffix(arm)}`;
}

/**
 * The arms of servers × variants × think times, in config order: variants outer, then servers, then
 * the variant's think times (the sweep's, in the order given, or its own), and the pairs no listed
 * server implements (once each). `swept` is set on every arm when some pair has several think times.
 */
export function armsOf(
  servers: readonly ServerFamily[],
  variants: readonly VariantName[],
  setup: { thinkMs: ThinkTimes; topology: Topology },
): { arms: Arm[]; leftOut: Arm[] } {
  const arms: Arm[] = [];
  const leftOut: Arm[] = [];
  // Labels name the think time only when some server × variant is measured at several.
  const swept = isSweep(setup.thinkMs) && variants.some((v) => thinkValuesFor(setup.thinkMs, v).length > 1);
  for (const variant of variants) {
    const families = VARIANT_TRAITS[variant].families;
    const on = servers.filter((s) => families.includes(s));
    if (on.length === 0) {
      throw new UsageError(
        `variants (config "variants" or PUSHBENCH_VARIANTS): ${variant} runs on ${families.join(' or ')} only, and servers lists ${servers.join(', ')}; ` +
        `add ${families[0]} to servers (config "servers" or PUSHBENCH_SERVERS=${[...servers, families[0]].join(',')}) or drop ${variant}`,
      );
    }
    const thinks = thinkValuesFor(setup.thinkMs, variant);
    for (const server of servers) {
      // A pair no server implements is said once, not once per think time.
      if (!on.includes(server)) leftOut.push({ server, variant, thinkMs: thinks[0]! });
      else for (const thinkMs of thinks) arms.push({ server, variant, thinkMs, ...(swept ? { swept } : {}) });
    }
  }
  for (const arm of arms) {
    if (!FAMILY_TRAITS[arm.server].thinksItself && setup.topology === 'direct' && arm.thinkMs > 0) {
      throw new UsageError(
        `thinkMs (config "thinkMs" or PUSHBENCH_THINK_MS): ${arm.server} serves files and cannot think for ${arm.thinkMs} ms itself (${armLabel(arm)}); ` +
        `use topology edge (PUSHBENCH_TOPOLOGY=edge: ${arm.server} in front of pushbench's thinking origin) or a think time of 0`,
      );
    }
  }
  return { arms, leftOut };
}
