// Journeys: a load that is a sequence of navigations, as a visitor clicks on (home page, then an
// article). Each step is a row of its own; between steps the browser keeps its own cache and
// connections (nothing is reset), and the visitor dwells on the page before the next click.
//   config: journeys: [{ name: 'home-article', steps: ['/', '/posts/early-hints.html'], dwellMs: 2000 }]
//   shell:  PUSHBENCH_JOURNEY=/,/posts/early-hints.html  PUSHBENCH_DWELL_MS=2000
// A run with journeys loads them instead of `pages`.

import { z } from 'zod';
import { UsageError } from '../shared/usage-error.ts';

/** How long the visitor stays on a page before clicking on, unless the journey says. */
export const DEFAULT_DWELL_MS = 2000;
/** The name a journey given in the shell (PUSHBENCH_JOURNEY) gets. */
export const SHELL_JOURNEY_NAME = 'journey';

export const journeySchema = z.strictObject({
  /** Names the journey in load ids, rows and the report: lower-case letters, digits and "-". */
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a journey name is 1–40 lower-case letters, digits or "-", e.g. home-article'),
  /** URL paths in the order a visitor opens them, at least two. */
  steps: z.array(z.string().startsWith('/')).min(2).max(10)
    .refine((steps) => steps.every((page, i) => i === 0 || page !== steps[i - 1]), 'a step may not repeat the page before it (a click goes somewhere else)'),
  /** Time on each page after it has settled, before the click on to the next, ms. */
  dwellMs: z.number().int().min(0).max(60_000).default(DEFAULT_DWELL_MS),
});

export type Journey = z.output<typeof journeySchema>;

/** What a load of a journey step says about it (meta.json `journey`). */
export interface JourneyStepInfo {
  name: string;
  /** 1-based. */
  step: number;
  steps: string[];
  dwellMs: number;
  /** Trace folders of the steps before this one in the same load (relative to the run's traces/). */
  earlierSteps: string[];
}

/** "/,/posts/a.html" (PUSHBENCH_JOURNEY) → the steps; a UsageError naming the fix otherwise. */
export function parseJourneyEnv(raw: string): string[] {
  const steps = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = steps.find((s, i) => !s.startsWith('/') || s === steps[i - 1]);
  if (bad !== undefined || steps.length < 2) {
    throw new UsageError(`PUSHBENCH_JOURNEY="${raw}": give two or more URL paths separated by commas, each unlike the one before, e.g. /,/posts/early-hints.html`);
  }
  return steps;
}

/** Two journeys with one name would share load ids and cells. */
export function assertDistinctNames(journeys: readonly Journey[]): void {
  const twice = journeys.find((j, i) => journeys.findIndex((k) => k.name === j.name) !== i);
  if (twice) throw new UsageError(`journeys (config "journeys"): two journeys are named "${twice.name}"; give each its own name`);
}

/**
 * Page → the pages a visitor is likely to open next, from the journeys: what the prefetch variant
 * names in `<link rel=prefetch>` (servers/variants/prefetch.ts).
 */
export function nextPagesOf(journeys: readonly Journey[]): Record<string, string[]> {
  const next: Record<string, string[]> = {};
  for (const j of journeys) {
    j.steps.slice(0, -1).forEach((page, i) => {
      const to = j.steps[i + 1]!;
      if (to !== page && !(next[page] ??= []).includes(to)) next[page]!.push(to);
    });
  }
  return next;
}
