// The shaper registry: name -> backend, and the default for this machine.
import { UsageError } from '../shared/usage-error.ts';
import { devtoolsShaper } from './devtools.ts';
import { netemShaper } from './netem.ts';
import { noneShaper } from './none.ts';
import { proxyShaper } from './proxy.ts';
import type { Shaper, ShaperName } from './shaper.ts';
import { tunShaper, tunUsable } from './tun.ts';

export const SHAPERS: Record<ShaperName, Shaper> = {
  none: noneShaper,
  tun: tunShaper,
  netem: netemShaper,
  proxy: proxyShaper,
  devtools: devtoolsShaper,
};

export function getShaper(name: string): Shaper {
  const shaper = (SHAPERS as Record<string, Shaper | undefined>)[name];
  if (!shaper) throw new UsageError(`--shaper "${name}" is unknown; use one of ${Object.keys(SHAPERS).join(', ')}`);
  return shaper;
}

/** 'tun' when this process can create TUN devices and namespaces (root), else 'proxy'. */
export function defaultShaperName(): ShaperName {
  return tunUsable() ? 'tun' : 'proxy';
}

export type { ClientLink, DevtoolsConditions, LinkNamespace, Shaper, ShaperName, ShapedLink, ShaperInfo } from './shaper.ts';
export { clientCommandPrefix } from './shaper.ts';
export { cleanupStale } from './namespaces.ts';
export { checkShaping } from './check.ts';
