// Every HTTP/2 variant survives h2load -n 2000 -c 50 -m 20 on a page and an asset with no failures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runH2load } from '../../servers/h2load.ts';
import { startServer } from '../../servers/index.ts';
import { type TlsMaterial } from '../../servers/types.ts';
import { VARIANT_TRAITS, variantsWhere } from '../../harness/shared/variants.ts';
import { type TempSite, useSiteAndCertificate } from './helpers.ts';

let site: TempSite;
let tls: TlsMaterial;
useSiteAndCertificate((s, t) => { site = s; tls = t; });

for (const variant of variantsWhere((v) => v.protocol === 'h2')) {
  test(`${variant}: h2load -n 2000 -c 50 -m 20 completes with zero failures`, async () => {
    const server = await startServer({ variant: variant, siteDir: site.siteDir, tls });
    try {
      for (const path of ['/', '/assets/site.3f9a1c2e.css']) {
        const r = await runH2load(`${server.origin}${path}`, { requests: 2000, clients: 50, streams: 20 });
        assert.equal(r.succeeded, 2000, path);
        // h2load files a response under its first status: a 103 then 200 counts as "3xx".
        if (VARIANT_TRAITS[variant].mechanism !== 'hints' || path !== '/') assert.equal(r.status2xx, 2000, path);
        assert.equal(r.failed + r.errored + r.timeout, 0, path);
      }
    } finally {
      await server.close();
    }
  });
}
