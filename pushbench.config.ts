// The default benchmark matrix. `npx playwright test` runs it; PUSHBENCH_* variables narrow any
// dimension from the shell (see README.md), and PUSHBENCH_CONFIG=file.json replaces this file.
import { defineBenchmark } from './harness/config/benchmark.ts';

export default defineBenchmark({
  site: 'sites/blog',
  pages: ['/'],
  variants: ['h1', 'h2', 'h2-push', 'early-hints', 'preload'],
  // One fast and one slow packet-level profile (harness/config/profiles.ts).
  profiles: ['desktop', 'slow-4g'],
  shaper: 'auto',
  cache: ['cold', 'warm'],
  repeat: 3,
  browsers: ['chromium', 'chromium-103'],
  thinkMs: 0,
  topology: 'direct',
  out: 'results',
  workers: 1,
});
