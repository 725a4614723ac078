// `pushbench manifest [--site DIR | --origin URL [--pages …]] [--json]`: the critical-resource
// manifest of a site as a run would use it (sites/manifest.ts): per page each resource, its kind and
// why it was chosen, and what derivation could not decide. For checking a site before measuring it;
// with --origin, of the copy a run would make of your running server (sites/origin-copy.ts).
import { parseArgs } from 'node:util';
import { UsageError } from '../shared/usage-error.ts';
import { DEFAULT_SITE_DIR, loadManifest } from '../../sites/manifest.ts';
import { formatManifest } from '../../sites/manifest-summary.ts';
import { pageList, parseOriginUrl } from '../../sites/origin-url.ts';
import { copyOriginForCommand } from '../../sites/origin-copy.ts';

const USAGE = `usage: pushbench manifest [--site DIR | --origin URL [--pages /,/about]] [--json]

--site DIR     a built static site with index.html (default: the fixture blog, sites/blog)
--origin URL   your running server on loopback, e.g. http://127.0.0.1:3000: its --pages (default /)
               and the files they name are copied first, as a run with PUSHBENCH_ORIGIN does
--json         print the manifest as JSON (what run.json records) instead of a listing`;

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { site: { type: 'string' }, origin: { type: 'string' }, pages: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  const { site, origin, pages } = parsed.values;
  if (site !== undefined && origin !== undefined) throw new UsageError('--site and --origin exclude each other: give one');
  if (pages !== undefined && origin === undefined) throw new UsageError('--pages: only with --origin (the pages to copy from your server)');
  const siteDir = origin === undefined ? site ?? DEFAULT_SITE_DIR : (await copyOriginForCommand(parseOriginUrl(origin, '--origin'), pageList(pages))).dir;
  const manifest = await loadManifest(siteDir);
  console.log(parsed.values.json ? JSON.stringify(manifest, null, 2) : formatManifest(manifest));
  return 0;
}
