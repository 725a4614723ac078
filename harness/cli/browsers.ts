// `pushbench browsers [list] [--json]` and `pushbench browsers install chromium@<major> …`.
import { UsageError } from '../shared/usage-error.ts';
import { installChromium, listInstalledBrowsers, type ResolvedBrowser } from '../browsers/registry.ts';
import { fetchSparticuzVersions, packagesByMajor, type PackageForMajor } from '../browsers/npm-chromium-packages.ts';

const USAGE = `usage: pushbench browsers [list] [--json]
       pushbench browsers install chromium@<major> [chromium@<major> …]

list     installed browsers (name, engine, full version, path, source) and the Chromium
         majors installable from npm
install  download the npm package that ships Chromium <major>, unpack it into the
         pushbench cache ($PUSHBENCH_CACHE_DIR, default ~/.cache/pushbench) and check it starts`;

export async function run(argv: string[]): Promise<number> {
  const [sub = 'list', ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (sub === 'list' || sub === '--json') return list(sub === '--json' ? ['--json', ...rest] : rest);
  if (sub === 'install') return install(rest);
  throw new UsageError(`unknown browsers subcommand "${sub}"; use "list" or "install chromium@<major>"`);
}

async function list(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const unknown = args.filter((a) => a !== '--json');
  if (unknown.length) throw new UsageError(`browsers list: unknown argument "${unknown[0]}"; the only option is --json`);

  const installed = await listInstalledBrowsers();
  let installable: PackageForMajor[] = [];
  let registryError: string | undefined;
  try {
    installable = [...packagesByMajor(await fetchSparticuzVersions()).values()];
  } catch (err) {
    registryError = err instanceof Error ? err.message.split('\n')[0] : String(err);
  }

  if (json) {
    console.log(JSON.stringify({ installed, installable, registryError }, null, 2));
    return 0;
  }
  console.log('Installed browsers:');
  console.log(formatTable(
    ['name', 'engine', 'version', 'source', 'path'],
    installed.map((b: ResolvedBrowser) => [b.name, b.engine, b.version, b.source, b.executablePath]),
  ));
  console.log('');
  if (registryError) {
    console.log(`Installable Chromium majors: unknown, the npm registry could not be asked (${registryError})`);
  } else {
    const installedNames = new Set(installed.map((b) => b.name));
    const notYet = installable.filter((p) => !installedNames.has(`chromium@${p.major}`));
    console.log('Installable with `pushbench browsers install chromium@<major>`:');
    console.log(formatTable(
      ['name', 'npm package'],
      notYet.map((p) => [`chromium@${p.major}`, `${p.packageName}@${p.packageVersion}`]),
    ));
  }
  return 0;
}

async function install(args: string[]): Promise<number> {
  if (args.length === 0) throw new UsageError('browsers install: name a browser, e.g. `pushbench browsers install chromium@114`');
  const majors = args.map((arg) => {
    const match = /^chromium@(\d+)$/.exec(arg);
    if (!match) throw new UsageError(`browsers install: "${arg}" is not installable; give chromium@<major>, e.g. chromium@114`);
    return Number(match[1]);
  });
  for (const major of majors) {
    console.error(`installing chromium@${major} …`);
    const browser = await installChromium(major);
    console.log(`${browser.name}\t${browser.version}\t${browser.executablePath}`);
  }
  return 0;
}

function formatTable(header: string[], rows: string[][]): string {
  if (rows.length === 0) return '  (none)';
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
