// Arms: the (server family, variant) pairs a benchmark measures. A variant runs on every listed
// server family that implements it (the registry's `families`); a variant no listed family
// implements, or a pair that cannot work as configured, is a UsageError before any browser starts.

import { UsageError } from '../shared/usage-error.ts';
import { VARIANT_TRAITS, type ServerFamily, type VariantName } from '../shared/variants.ts';
import { thinkMsFor, type ThinkTimes } from './think-time.ts';
import type { Topology } from '../../servers/types.ts';

export interface Arm {
  server: ServerFamily;
  variant: VariantName;
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

/** "h2" on the default server, "h2@caddy" elsewhere: how an arm is named in ids, titles and the report. */
export function armLabel(arm: Arm): string {
  return arm.server === 'pushbench' ? arm.variant : `${arm.variant}@${arm.server}`;
}

export function armsOf(
  servers: readonly ServerFamily[],
  variants: readonly VariantName[],
  setup: { thinkMs: ThinkTimes; topology: Topology },
): { arms: Arm[]; leftOut: Arm[] } {
  const arms: Arm[] = [];
  const leftOut: Arm[] = [];
  for (const variant of variants) {
    const families = VARIANT_TRAITS[variant].families;
    const on = servers.filter((s) => families.includes(s));
    if (on.length === 0) {
      throw new UsageError(
        `variants (config "variants" or PUSHBENCH_VARIANTS): ${variant} runs on ${families.join(' or ')} only, and servers lists ${servers.join(', ')}; ` +
        `add ${families[0]} to servers (config "servers" or PUSHBENCH_SERVERS=${[...servers, families[0]].join(',')}) or drop ${variant}`,
      );
    }
    for (const server of servers) (on.includes(server) ? arms : leftOut).push({ server, variant });
  }
  for (const arm of arms) {
    if (!FAMILY_TRAITS[arm.server].thinksItself && setup.topology === 'direct' && thinkMsFor(setup.thinkMs, arm.variant) > 0) {
      throw new UsageError(
        `thinkMs (config "thinkMs" or PUSHBENCH_THINK_MS): ${arm.server} serves files and cannot think for ${thinkMsFor(setup.thinkMs, arm.variant)} ms itself (${armLabel(arm)}); ` +
        `use topology edge (PUSHBENCH_TOPOLOGY=edge: ${arm.server} in front of pushbench's thinking origin) or a think time of 0`,
      );
    }
  }
  return { arms, leftOut };
}
