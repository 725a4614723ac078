// One real page load per variant in the registry's Chromium (Debian's here), trusting the per-run certificate by SPKI pin.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { createTlsMaterial, startServer } from '../../servers/index.ts';
import { type TlsMaterial } from '../../servers/types.ts';
import { variantsWhere } from '../../harness/shared/variants.ts';
import { parseWireLog } from '../../servers/wire-log.ts';
import { resolveBrowser } from '../../harness/browsers/registry.ts';
import { makeTempSite, type TempSite } from './helpers.ts';

let site: TempSite;
let tls: TlsMaterial;
let browser: Browser;
before(async () => {
  site = await makeTempSite();
  tls = await createTlsMaterial();
  browser = await chromium.launch({
    executablePath: (await resolveBrowser('chromium')).executablePath,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      `--ignore-certificate-errors-spki-list=${tls.spkiSha256}`],
  });
});
after(async () => {
  await browser?.close();
  await site.cleanup();
});

interface Entry { name: string; nextHopProtocol: string; initiatorType: string; responseStatus: number }

// pushbench's own servers (Caddy's h3 variants: test/servers/caddy/h3.test.ts, test/bench/h3.test.ts).
for (const variant of variantsWhere((v) => v.families.includes('pushbench'))) {
  test(`${variant}: Chromium loads the page and its critical resources`, async () => {
    const wireLogPath = join(site.base, `chromium-${variant}.jsonl`);
    const server = await startServer({ variant, siteDir: site.siteDir, tls, wireLogPath, thinkMs: 50 });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const response = await page.goto(`${server.origin}/`, { waitUntil: 'load' });
      assert.equal(response?.status(), 200);
      assert.equal(await page.title(), 'Home');
      const entries = (await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.toJSON()))) as Entry[];
      const paths = entries.map((e) => new URL(e.name).pathname);
      for (const path of ['/assets/site.3f9a1c2e.css', '/img/hero.jpg']) assert.ok(paths.includes(path), `${path} in ${paths}`);
      const protocol = server.protocol === 'h2' ? 'h2' : 'http/1.1';
      assert.ok(entries.every((e) => e.nextHopProtocol === protocol), JSON.stringify(entries.map((e) => e.nextHopProtocol)));
      const events = parseWireLog(readFileSync(wireLogPath, 'utf8'));
      if (variant === 'h2-push') {
        // Chromium ≥ 106 sends SETTINGS_ENABLE_PUSH=0: the variant must notice and not push.
        assert.ok(events.some((e) => e.type === 'push-refused'));
        assert.ok(!events.some((e) => e.type === 'push-promise'));
      }
      if (variant === 'early-hints') {
        assert.ok(events.some((e) => e.type === 'early-hints'));
        // Chromium 156 skips the hint preloads on some loads of a fresh context (seen about 1 in 3
        // to 1 in 8), so up to three more fresh contexts may be needed to see it act on the 103.
        const initiators = [entries.map((e) => e.initiatorType)];
        for (let i = 0; i < 3 && !initiators.some((t) => t.includes('early-hints')); i++) {
          const again = await browser.newContext();
          try {
            const p = await again.newPage();
            await p.goto(`${server.origin}/`, { waitUntil: 'load' });
            initiators.push(await p.evaluate(() => performance.getEntriesByType('resource').map((e) => (e as PerformanceResourceTiming).initiatorType)));
          } finally {
            await again.close();
          }
        }
        assert.ok(initiators.some((t) => t.includes('early-hints')), JSON.stringify(initiators));
      }
    } finally {
      await context.close();
      await server.close();
    }
  });
}
