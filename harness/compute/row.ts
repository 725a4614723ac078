// From one load's meta and computed metrics to one runs.csv row (every value a string).

import type { LoadMeta } from '../gather/artifacts.ts';
import type { RunRow } from '../shared/row-schema.ts';
import type { LoadMetrics } from './metrics.ts';
import type { LighthouseMetrics } from './lighthouse.ts';
import { checkShaping } from '../shapers/check.ts';

const ms = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '' : v.toFixed(1));
const int = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '' : String(Math.round(v)));

export function toRunRow(meta: LoadMeta, m: LoadMetrics | undefined, traceDir: string, lh: LighthouseMetrics = {}): RunRow {
  const p = meta.profile;
  const failed = meta.error !== '';
  return {
    run_id: meta.runId,
    commit: meta.commit,
    pushbench_version: meta.pushbenchVersion,
    tool_version: meta.toolVersion,
    browser: meta.browser,
    browser_version: meta.browserVersion,
    server: meta.server ?? 'pushbench',
    server_version: meta.serverVersion ?? '',
    variant: meta.variant,
    topology: meta.topology,
    think_ms: String(meta.thinkMs),
    send_queue: meta.delivery?.sendQueue === undefined ? '' : String(meta.delivery.sendQueue),
    priorities: meta.delivery?.priorities ?? '',
    push_set: meta.delivery?.push ?? '',
    site: meta.site,
    page: meta.page,
    profile: p.name,
    rtt_ms: String(p.rttMs),
    down_kbps: String(p.downKbps),
    up_kbps: String(p.upKbps),
    loss_pct: String(p.lossPct),
    queue_bytes: String(meta.shaper.queueBytes),
    shaper: meta.shaper.shaper,
    congestion_control: meta.congestionControl ?? meta.shaper.congestionControl,
    path_compensation_ms: meta.shaper.pathCompensationMs === undefined ? '' : String(meta.shaper.pathCompensationMs),
    cache: meta.cache,
    isolation: meta.isolation ?? 'process',
    repetition: String(meta.repetition),
    order: String(meta.order),
    started_at: meta.startedAt,
    error: meta.error,
    shaping_check: failed || !m ? '' : checkShaping(p, meta.shaper.shaper, {
      handshakeRttMs: m.timing.handshakeRttMs,
      protocol: m.timing.protocol,
      requestRttMs: m.timing.requestRttMs === undefined ? undefined : m.timing.requestRttMs - meta.thinkMs,
    }),
    cpu_busy_pct: meta.cpuBusyPctBeforeNavigation === undefined ? '' : meta.cpuBusyPctBeforeNavigation.toFixed(0),
    ttfb_ms: ms(m?.timing.ttfbMs),
    origin_ms: ms(m?.originMs),
    fcp_ms: ms(m?.timing.fcpMs),
    lcp_ms: ms(m?.timing.lcpMs),
    lcp_element: m?.timing.lcpElement ?? '',
    lcp_url: m?.timing.lcpUrl ?? '',
    dcl_ms: ms(m?.timing.dclMs),
    load_ms: ms(m?.timing.loadMs),
    transfer_bytes: int(m?.bytes.transferBytes),
    decoded_bytes: int(m?.bytes.decodedBytes),
    server_bytes: int(m?.bytes.serverBytes),
    requests: int(m?.bytes.requests),
    connections: int(m?.bytes.connections),
    blocked_requests: int(m?.blockedRequests),
    protocol: m?.timing.protocol ?? '',
    priority_signals: m?.priority?.signals ?? '',
    priority_scheme: m?.priority?.scheme ?? '',
    push_promised: int(m?.push.promised),
    push_skipped: int(m?.push.skipped),
    push_accepted: int(m?.push.accepted),
    push_used: int(m?.push.used),
    push_cancelled: int(m?.push.cancelled),
    push_wasted_bytes: int(m?.push.wastedBytes),
    push_support: m?.push.support ?? '',
    hints_sent: int(m?.hints.sent),
    hint_preloads_started: int(m?.hints.preloadsStarted),
    hint_preloads_used: int(m?.hints.preloadsUsed),
    duplicate_fetches: int(m?.duplicateFetches),
    hints_support: m?.hints.support ?? '',
    preloads_unused: int(m?.preloadsUnused),
    wall_ms: ms(meta.wallMs),
    harness_overhead_ms: ms(m?.harnessOverheadMs),
    lh_score: int(lh.score),
    lh_fcp_ms: ms(lh.fcpMs),
    lh_lcp_ms: ms(lh.lcpMs),
    lh_speed_index_ms: ms(lh.speedIndexMs),
    lh_tbt_ms: ms(lh.tbtMs),
    lh_error: lh.error ?? '',
    trace_dir: traceDir,
  };
}
