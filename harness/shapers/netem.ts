// The netem shaper: kernel qdiscs on a veth pair between the two namespaces (netem egress on each
// end shapes one direction, so no ifb is needed). Many CI kernels lack netem (this project's
// reference machine does), so start() first probes for it and fails fast with one clear line.
import { execFileSync } from 'node:child_process';
import { UsageError } from '../shared/usage-error.ts';
import type { NetworkProfile } from '../config/profile.ts';
import { onExitCleanup } from './exit-cleanup.ts';
import { cleanupStale, deleteNamespace, ip, MAX_SLOT, namespacedEnds, removeState, setSysctl, slotNames, writeState } from './namespaces.ts';
import type { Shaper, ShapedLink } from './shaper.ts';
import { CONGESTION_CONTROL, tunUsable } from './tun.ts';

function tc(ns: string, args: string[]): string {
  return execFileSync('ip', ['netns', 'exec', ns, 'tc', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Try a netem qdisc on lo of a throwaway namespace; true if the kernel accepted it. */
export function netemAvailable(probeNs: string): boolean {
  try {
    ip(['netns', 'add', probeNs]);
    tc(probeNs, ['qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'delay', '1ms']);
    return true;
  } catch {
    return false;
  } finally {
    deleteNamespace(probeNs);
  }
}

function netemArgs(profile: NetworkProfile, rateKbps: number): string[] {
  const args = ['delay', `${profile.rttMs / 2}ms`, 'limit', String(Math.max(1, Math.floor(profile.queueBytes / 1500)))];
  if (rateKbps > 0) args.push('rate', `${rateKbps}kbit`);
  if (profile.lossPct > 0) args.push('loss', `${profile.lossPct}%`);
  return args;
}

export const netemShaper: Shaper = {
  name: 'netem',
  carriesUdp: true,
  async start(profile, { slot }): Promise<ShapedLink> {
    if (!tunUsable()) throw new UsageError('--shaper netem needs root (CAP_NET_ADMIN); run as root or use --shaper proxy');
    if (!Number.isInteger(slot) || slot < 0 || slot > MAX_SLOT) throw new UsageError(`slot ${slot}: use a whole number 0–${MAX_SLOT}`);
    if (profile.trace) throw new UsageError('network profile field "trace": netem cannot replay mahimahi traces; use --shaper tun');
    cleanupStale();
    const n = slotNames(slot);
    writeState(slot, { ownerPid: process.pid, processes: [], namespaces: [n.clientNs, n.serverNs] });
    if (!netemAvailable(n.clientNs)) {
      removeState(slot);
      throw new UsageError('--shaper netem: this kernel has no netem (CONFIG_NET_SCH_NETEM is not set); use --shaper tun');
    }
    const teardown = (): void => { deleteNamespace(n.clientNs); deleteNamespace(n.serverNs); removeState(slot); };
    const unregister = onExitCleanup(teardown);
    try {
      const vethC = `pb-vc${slot}`, vethS = `pb-vs${slot}`;
      for (const ns of [n.clientNs, n.serverNs]) {
        ip(['netns', 'add', ns]);
        ip(['-n', ns, 'link', 'set', 'lo', 'up']);
        setSysctl(ns, 'net.ipv4.tcp_no_metrics_save', '1');
      }
      ip(['link', 'add', vethC, 'netns', n.clientNs, 'type', 'veth', 'peer', 'name', vethS, 'netns', n.serverNs]);
      for (const [ns, dev, addr, rate] of [[n.clientNs, vethC, n.clientAddr, profile.upKbps], [n.serverNs, vethS, n.serverAddr, profile.downKbps]] as const) {
        ip(['-n', ns, 'addr', 'add', `${addr}/24`, 'dev', dev]);
        ip(['-n', ns, 'link', 'set', dev, 'up']);
        ip(['-n', ns, 'route', 'replace', n.subnet, 'dev', dev, 'src', addr, 'congctl', CONGESTION_CONTROL]);
        // Segmentation offloads would make netem shape 64 KB super-packets; best effort (ethtool may be absent).
        try { ip(['netns', 'exec', ns, 'ethtool', '-K', dev, 'tso', 'off', 'gso', 'off', 'gro', 'off']); } catch { /* keep going */ }
        tc(ns, ['qdisc', 'add', 'dev', dev, 'root', 'netem', ...netemArgs(profile, rate)]);
      }
    } catch (err) {
      teardown();
      unregister();
      throw err;
    }
    let stopped = false;
    return {
      profile,
      info: { shaper: 'netem', congestionControl: CONGESTION_CONTROL, queueBytes: profile.queueBytes },
      ...namespacedEnds(n),
      async stop() {
        if (stopped) return;
        stopped = true;
        teardown();
        unregister();
      },
    };
  },
};
