// `npx tsx servers/bench-load.ts [--site DIR] [--path /]`: requests per second of each HTTP/2 variant
// under h2load (-n 20000 -c 50 -m 20), each on a fresh server, one after another.
import { parseArgs } from 'node:util';
import { DEFAULT_SITE_DIR } from '../sites/manifest.ts';
import { runH2load } from './h2load.ts';
import { createTlsMaterial, startServer } from './index.ts';
import { variantsWhere } from '../harness/shared/variants.ts';

const { values } = parseArgs({ options: { site: { type: 'string' }, path: { type: 'string', default: '/' }, requests: { type: 'string', default: '20000' } } });
const siteDir = values.site ?? DEFAULT_SITE_DIR;
const tls = await createTlsMaterial();
console.log(`h2load -n ${values.requests} -c 50 -m 20 ${values.path}  (site: ${siteDir})`);
for (const variant of variantsWhere((v) => v.protocol === 'h2')) {
  const server = await startServer({ variant: variant, siteDir, tls });
  try {
    await runH2load(`${server.origin}${values.path}`, { requests: 500, clients: 10, streams: 10 }); // warm-up
    const r = await runH2load(`${server.origin}${values.path}`, { requests: Number(values.requests), clients: 50, streams: 20 });
    console.log(`${variant.padEnd(14)} ${r.requestsPerSecond.toFixed(0).padStart(7)} req/s  (${r.succeeded} ok, ${r.failed} failed)`);
  } finally {
    await server.close();
  }
}
