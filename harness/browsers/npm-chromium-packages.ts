// Which npm package ships which Chromium major, asked of the registry through the `npm` client.
//   92          chrome-aws-lambda@10.1.0 (HTTP/2 push, no Early Hints)
//   103, ≥ 106  @sparticuz/chromium@<major>.x.y, newest stable release of that major
import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const SPARTICUZ_PACKAGE = '@sparticuz/chromium';
export const CHROME_AWS_LAMBDA = { major: 92, packageName: 'chrome-aws-lambda', packageVersion: '10.1.0' } as const;

export interface PackageForMajor {
  major: number;
  packageName: string;
  packageVersion: string;
}

/** All published versions of @sparticuz/chromium (throws if npm cannot reach the registry). */
export async function fetchSparticuzVersions(): Promise<string[]> {
  const { stdout } = await execFileAsync('npm', ['view', SPARTICUZ_PACKAGE, 'versions', '--json'], {
    timeout: 60_000,
    maxBuffer: 8 << 20,
  });
  const parsed: unknown = JSON.parse(stdout);
  if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string')) {
    throw new Error(`npm view ${SPARTICUZ_PACKAGE} versions returned unexpected output`);
  }
  return parsed;
}

/**
 * One package per installable major, given the published @sparticuz/chromium versions:
 * the newest stable (no pre-release tag) version of each major, plus chrome-aws-lambda for 92.
 */
export function packagesByMajor(sparticuzVersions: string[]): Map<number, PackageForMajor> {
  const byMajor = new Map<number, PackageForMajor>();
  byMajor.set(CHROME_AWS_LAMBDA.major, { ...CHROME_AWS_LAMBDA });
  for (const version of sparticuzVersions) {
    const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
    if (!match) continue; // pre-releases such as 119.0.1-next.0
    const major = Number(match[1]);
    if (major === CHROME_AWS_LAMBDA.major) continue;
    const current = byMajor.get(major);
    if (!current || compareVersions(version, current.packageVersion) > 0) {
      byMajor.set(major, { major, packageName: SPARTICUZ_PACKAGE, packageVersion: version });
    }
  }
  return new Map([...byMajor].sort(([a], [b]) => a - b));
}

/**
 * Downloads `name@version` with `npm pack` into `destDir` and returns the path of the tarball.
 * npm keeps its own download cache, so a second install of the same version is offline.
 */
export async function npmPack(packageName: string, packageVersion: string, destDir: string): Promise<string> {
  await execFileAsync(
    'npm',
    ['pack', `${packageName}@${packageVersion}`, '--pack-destination', destDir, '--json', '--ignore-scripts'],
    { timeout: 600_000, maxBuffer: 8 << 20 },
  );
  const tarballs = (await readdir(destDir)).filter((f) => f.endsWith('.tgz'));
  if (tarballs.length !== 1) throw new Error(`npm pack ${packageName}@${packageVersion} left ${tarballs.length} tarballs in ${destDir}`);
  return join(destDir, tarballs[0]!);
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
