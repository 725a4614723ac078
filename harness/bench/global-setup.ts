// Runs once in the main Playwright process before any load: checks the site and the browsers
// (unpacking npm-shipped Chromium builds on first use), creates the results folder and run.json.

import fs from 'node:fs';
import os from 'node:os';
import { prepareRun } from './prepare.ts';
import { resolveBrowser } from '../browsers/registry.ts';
import { loadManifest } from '../../sites/manifest.ts';
import { ensureRunsCsv } from '../report/csv.ts';
import { provenance } from '../run/provenance.ts';
import { UsageError } from '../shared/usage-error.ts';

export default async function globalSetup(): Promise<void> {
  try {
    const { bench, run } = prepareRun();
    const manifest = await loadManifest(bench.siteDir);
    const browsers = [];
    for (const name of bench.browsers) browsers.push(await resolveBrowser(name));
    fs.mkdirSync(run.traces, { recursive: true });
    ensureRunsCsv(run.runsCsv);
    const info = {
      runId: run.runId,
      ...provenance(),
      startedAt: new Date().toISOString(),
      machine: { hostname: os.hostname(), cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', platform: `${os.platform()} ${os.release()}`, node: process.version },
      benchmark: bench,
      browsers,
      manifest,
    };
    fs.writeFileSync(run.runJson, JSON.stringify(info, null, 2));
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`pushbench: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
}
