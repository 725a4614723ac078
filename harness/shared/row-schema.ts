// The columns of runs.csv, in order. results/README.md documents each one; keep both in step.
// Times are milliseconds from navigation start unless the name says otherwise; sizes are bytes.

/**
 * The `error` of a load the harness could not measure (its link, servers or browser did not come up,
 * or the step hung): counted as failed, and measured again by --resume (report/finished.ts).
 */
export const HARNESS_ERROR_PREFIX = 'harness: ';

/** Who/what/where produced the row. */
export const IDENTITY_COLUMNS = [
  'run_id', // results folder name, e.g. 2026-11-22T14-05-00Z-ab12cd
  'commit', // git commit of pushbench (short sha, "+dirty" when the tree had changes)
  'pushbench_version', // package.json version
  'tool_version', // "playwright-core 1.65.1"
  'browser', // registry name, e.g. chromium-103
  'browser_version', // full version reported by the browser, e.g. "HeadlessChrome 103.0.5058.0"
  'server', // server family: pushbench (its own Node servers) | caddy
  'server_version', // e.g. "caddy 2.6.2", "pushbench 0.4.0 (node v20.19.2)"
  'variant', // server variant (harness/shared/variants.ts)
  'topology', // direct | edge
  'think_ms', // server think time before the HTML
  'send_queue', // TCP_NOTSENT_LOWAT of the server's sockets, bytes, or unlimited
  'priorities', // on: HTTP/2 responses ordered by the client's priority signals; round-robin; off: Node's stock HTTP/2 server
  'push_set', // what h2-push pushes: css | css+fonts | all
  'site', // site folder name, or the origin URL of a running server (config origin)
  'page', // URL path loaded
  'journey', // name of the journey this row is a step of ('' for a load of one page)
  'step', // 1-based step within the journey ('' for a load of one page)
  'profile', // network profile name
  'rtt_ms',
  'down_kbps',
  'up_kbps',
  'loss_pct',
  'queue_bytes',
  'shaper', // none | tun | netem | proxy | devtools
  'congestion_control',
  'path_compensation_ms', // tun: round trip the link's own path added at start, taken off the emulated delay
  'cache', // cold | warm | warm-conn
  'isolation', // context | process: how a load was kept apart from the ones before it
  'repetition', // 1-based
  'order', // position of this variant within its repetition (rotated for fairness)
  'started_at', // ISO time the load started
] as const;

/** What happened. */
export const OUTCOME_COLUMNS = [
  'error', // empty on success; otherwise what failed (timeout, crash, certificate, http status…)
  'shaping_check', // ok | off:<reason> | n/a (no shaper)
  'cpu_busy_pct', // busy share of all CPU cores just before the measured navigation (quiet.ts)
] as const;

/** Metrics of one load. */
export const METRIC_COLUMNS = [
  'ttfb_ms', // first byte of the final response headers (not of a 103), see harness/compute/timing.ts
  'origin_ms', // topology edge: the origin's time for the page, request sent → whole body (wire log); the think time, or your server's own
  'fcp_ms',
  'lcp_ms',
  'lcp_element', // tag#id.class of the LCP element
  'lcp_url', // resource URL of the LCP element (path)
  'dcl_ms', // domContentLoadedEventEnd
  'load_ms', // loadEventEnd
  'first_visual_change_ms', // first screencast frame that differs from the blank start (filmstrip on; Chromium)
  'speed_index_ms', // Speed Index from the screencast frames (speedline-core's visual progress)
  'visually_complete_85_ms', // first frame at >= 85 % visual progress
  'visually_complete_95_ms', // first frame at >= 95 % visual progress
  'visually_complete_ms', // first frame at 100 % (the final picture)
  'last_visual_change_ms', // last frame that differs from the one before
  'filmstrip_frames', // distinct frames after navigation start (screencast.json.gz)
  'transfer_bytes', // bytes over the network for the page (navigation + resources, incl. headers)
  'decoded_bytes', // decoded body bytes
  'server_bytes', // body bytes the server sent during the load, pushes included (wire log)
  'requests', // requests that reached the server during the load (wire log)
  'connections', // TCP/TLS connections the server accepted during the load
  'blocked_requests', // requests to hosts outside the run, refused a name lookup (CDP; empty without CDP)
  'protocol', // ALPN of the navigation: h2 | http/1.1
  'priority_signals', // the priority signals the browser sent (wire log): header, frame, priority-frame, priority-update, none
  'priority_scheme', // the order the server followed for the navigation's connection: rfc9218 | rfc7540 | round-robin ('' for HTTP/1.1 and priorities off)
  'push_promised', // PUSH_PROMISE frames the server sent
  'push_skipped', // cache-aware push: resources not pushed because the client's cookie listed them
  'push_accepted', // pushed streams the client did not refuse/reset before they completed
  'push_used', // pushed resources the page consumed from the push
  'push_cancelled', // pushed streams the client reset (RST_STREAM)
  'push_wasted_bytes', // bytes pushed but not used (unused, reset, or already cached)
  'push_support', // accepted | refused | n/a — measured in this load, never looked up
  'hints_sent', // 103 responses the server sent
  'hint_preloads_started', // fetches started by the 103 (initiator early-hints)
  'hint_preloads_used', // hinted resources the page used from the early fetch
  'duplicate_fetches', // extra fetches of a URL already fetched in the same load
  'hints_support', // honoured | ignored | n/a — measured in this load
  'preloads_unused', // preloaded resources not used by the page within the load
  'preconnect_used', // yes | partly | no | reused | n/a: the first network request to another origin found its connection ready (Resource Timing)
  'preconnect_lead_ms', // second origin's wire log: how long the connection had been ready when the first request arrived
  'prefetched', // requests this step made to prefetch for a later page (Sec-Purpose: prefetch)
  'prefetch_used', // journey step >= 2: yes | revalidated | no | n/a: its document came from an earlier step's prefetch (revalidated: after a 304 round trip)
  'prefetch_hits', // journey step >= 2: the document and files taken from an earlier step's prefetch
  'wall_ms', // wall time of the whole load step in the harness
  'harness_overhead_ms', // wall_ms minus the page's load event
  'harness_cost_ms', // wall_ms minus the page's own time (to its load event or LCP, whichever is later)
  'lh_score', // Lighthouse performance score 0–100 (PUSHBENCH_LIGHTHOUSE=1, Chromium only)
  'lh_fcp_ms', // Lighthouse first-contentful-paint
  'lh_lcp_ms', // Lighthouse largest-contentful-paint
  'lh_speed_index_ms', // Lighthouse speed-index
  'lh_tbt_ms', // Lighthouse total-blocking-time
  'lh_error', // why the lh_* values are empty although Lighthouse was asked for ("" otherwise)
  'trace_dir', // traces of this load, relative to the run folder
] as const;

export const RUN_COLUMNS = [...IDENTITY_COLUMNS, ...OUTCOME_COLUMNS, ...METRIC_COLUMNS] as const;
export type RunColumn = (typeof RUN_COLUMNS)[number];
/** One row of runs.csv as written (every value a string, "" for missing). */
export type RunRow = Record<RunColumn, string>;

/** The metrics summarised per cell in summary.csv. */
export const SUMMARY_METRICS = ['ttfb_ms', 'fcp_ms', 'lcp_ms', 'speed_index_ms', 'dcl_ms', 'load_ms', 'transfer_bytes', 'harness_overhead_ms'] as const;

/** The columns that define one cell (everything that is the same across repetitions). */
export const CELL_KEY_COLUMNS = [
  'browser', 'browser_version', 'server', 'server_version', 'variant', 'topology', 'think_ms', 'send_queue', 'priorities', 'push_set', 'site', 'journey', 'step', 'page',
  'profile', 'shaper', 'cache', 'isolation',
] as const;
