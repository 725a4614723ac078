// The benchmark as Playwright tests: one test per load, in the fair order of harness/run/plan.ts.
// A failed load is a row with its error, not a failed test; the reporter turns the count of
// failed loads into the exit status.

import path from 'node:path';
import { test } from './fixtures.ts';
import { prepareRun } from './prepare.ts';
import { planLoads } from '../run/plan.ts';
import { loadId } from '../run/run-dir.ts';
import { provenance } from '../run/provenance.ts';
import { startEnvironment, type BenchEnvironment } from '../run/environment.ts';
import { gatherLoad } from '../gather/load.ts';
import { BrowserHost } from '../gather/browser-host.ts';
import { engineFor } from '../gather/engines/index.ts';
import { rowFromTrace } from '../compute/rows-from-traces.ts';
import { appendRunRow } from '../report/csv.ts';
import { finishedLoadIds } from '../report/finished.ts';
import { loadManifest, resourcesForPage } from '../../sites/manifest.ts';
import { thinkMsFor } from '../config/think-time.ts';

const { bench, run } = prepareRun();
const loads = planLoads(bench);
const finished = bench.resume ? finishedLoadIds(run.runsCsv) : new Set<string>();
const manifest = loadManifest(bench.siteDir);

for (const profile of bench.profiles) {
  test.describe(`profile ${profile.name}`, () => {
    let env: BenchEnvironment | undefined;
    let host: BrowserHost | undefined;

    test.beforeAll(async ({ browserUnderTest }, testInfo) => {
      const where = `${browserUnderTest.name}/${profile.name}-w${testInfo.parallelIndex}`;
      env = await startEnvironment(bench, profile, { slot: testInfo.parallelIndex, wireLogDir: path.join(run.wire, where) });
      if (bench.isolation === 'context') {
        host = BrowserHost.for(browserUnderTest, engineFor(browserUnderTest), {
          dir: path.join(run.browsers, where),
          spkiSha256: env.servers.spkiSha256,
          link: env.link,
          timeoutMs: bench.timeoutMs,
          traces: bench.traces,
        });
      }
    });
    test.afterAll(async () => {
      await host?.close();
      host = undefined;
      await env?.stop();
      env = undefined;
    });

    for (const load of loads.filter((l) => l.profile === profile)) {
      const title = `r${load.repetition} · ${load.cache} · ${load.variant} · ${load.page}`;
      test(title, async ({ browserUnderTest }, testInfo) => {
        const id = loadId({ browser: browserUnderTest.name, profile: profile.name, cache: load.cache, repetition: load.repetition, variant: load.variant, page: load.page });
        test.skip(finished.has(id), 'already in runs.csv (resume)');
        const server = env!.servers.servers.get(load.variant)!;
        const url = new URL(load.page, server.origin).href;
        const meta = await gatherLoad({
          meta: {
            schema: 1,
            loadId: id,
            runId: run.runId,
            ...provenance(),
            browser: browserUnderTest.name,
            browserVersion: browserUnderTest.version,
            engine: browserUnderTest.engine,
            variant: load.variant,
            topology: bench.topology,
            thinkMs: thinkMsFor(bench.thinkMs, load.variant),
            delivery: server.delivery,
            site: path.basename(bench.siteDir),
            page: load.page,
            url,
            profile,
            shaper: env!.link.info,
            cache: load.cache,
            repetition: load.repetition,
            order: load.order,
            startedAt: new Date().toISOString(),
            critical: resourcesForPage(await manifest, load.page),
          },
          browser: browserUnderTest,
          link: env!.link,
          spkiSha256: env!.servers.spkiSha256,
          wireTap: env!.taps.get(load.variant)!,
          traceDir: path.join(run.traces, id),
          timeoutMs: bench.timeoutMs,
          traces: bench.traces,
          lighthouse: bench.lighthouse,
          host,
        });
        // The row is computed from the files just written, by the same code as `pushbench recompute`,
        // so a recomputed runs.csv is identical by construction.
        const row = rowFromTrace(run.dir, meta.loadId)!;
        appendRunRow(run.runsCsv, row);
        await testInfo.attach('pushbench-row', { body: JSON.stringify(row), contentType: 'application/json' });
      });
    }
  });
}
