// The browser registry against the real browsers on this machine: system Chromium, the two
// npm-shipped builds (unpacked into a temp cache), Firefox, and name errors.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { UsageError } from '../../harness/shared/usage-error.ts';
import {
  chromiumBaseArgs,
  isKnownBrowserName,
  listInstalledBrowsers,
  resolveBrowser,
  type ResolvedBrowser,
} from '../../harness/browsers/registry.ts';

const cacheDir = mkdtempSync(join(tmpdir(), 'pb-browsers-test-'));
const sharedTmpChromium = '/tmp/chromium';
const tmpChromiumBefore = existsSync(sharedTmpChromium) ? statSync(sharedTmpChromium).mtimeMs : undefined;

before(() => { process.env.PUSHBENCH_CACHE_DIR = cacheDir; });
after(() => rmSync(cacheDir, { recursive: true, force: true }));

async function launchAndReadVersion(browser: ResolvedBrowser): Promise<string> {
  const launched = await chromium.launch({ executablePath: browser.executablePath, args: chromiumBaseArgs(), env: browser.env });
  try {
    const page = await launched.newPage();
    await page.setContent('<p id="x">ok</p>');
    assert.equal(await page.textContent('#x'), 'ok');
    return launched.version();
  } finally {
    await launched.close();
  }
}

test('chromium resolves to the real system binary with the version that binary prints', async () => {
  const browser = await resolveBrowser('chromium');
  assert.equal(browser.engine, 'chromium');
  assert.equal(browser.source, 'system');
  assert.equal(realpathSync(browser.executablePath), browser.executablePath, 'not a symlink or wrapper');
  const printed = execFileSync(browser.executablePath, ['--version'], { encoding: 'utf8' }); // "Chromium 156.0.8078.79"
  assert.ok(printed.includes(browser.version), `${printed} mentions ${browser.version}`);
  assert.equal(browser.major, Number.parseInt(browser.version, 10));
  assert.equal(await launchAndReadVersion(browser), browser.version);
});

for (const [name, major, packageName] of [
  ['chromium-103', 103, '@sparticuz/chromium'],
  ['chromium-92', 92, 'chrome-aws-lambda'],
] as const) {
  test(`${name} is unpacked from ${packageName} into its own cache folder and launches as ${major}`, async () => {
    const browser = await resolveBrowser(name);
    assert.equal(browser.source, 'npm-package');
    assert.equal(browser.major, major);
    assert.match(browser.version, new RegExp(`^${major}\\.\\d+\\.\\d+\\.\\d+$`));
    assert.equal(dirname(browser.executablePath), join(cacheDir, 'browsers', name));
    const record = JSON.parse(readFileSync(join(cacheDir, 'browsers', name, 'installed.json'), 'utf8'));
    assert.equal(record.package, packageName);
    assert.equal(record.version, browser.version);
    assert.match(record.product, new RegExp(`Chrome/${browser.version.replace(/\./g, '\\.')}$`));
    assert.equal(await launchAndReadVersion(browser), browser.version);
  });
}

test('the two npm builds share no file, and nothing is unpacked to /tmp/chromium', async () => {
  const [a, b] = await Promise.all([resolveBrowser('chromium-103'), resolveBrowser('chromium-92')]);
  const folderA = dirname(a.executablePath);
  const folderB = dirname(b.executablePath);
  assert.notEqual(folderA, folderB);
  const inodes = (folder: string) => new Set(readdirSync(folder, { recursive: true }).map((f) => statSync(join(folder, String(f))).ino));
  const shared = [...inodes(folderA)].filter((ino) => inodes(folderB).has(ino));
  assert.deepEqual(shared, []);
  for (const folder of [folderA, folderB]) {
    for (const file of readdirSync(folder, { recursive: true })) {
      const real = realpathSync(join(folder, String(file)));
      assert.ok(!relative(folder, real).startsWith('..'), `${file} resolves inside ${folder}`);
    }
  }
  const tmpChromiumAfter = existsSync(sharedTmpChromium) ? statSync(sharedTmpChromium).mtimeMs : undefined;
  assert.equal(tmpChromiumAfter, tmpChromiumBefore, '/tmp/chromium untouched');
  assert.deepEqual(readdirSync(join(cacheDir, 'browsers')).filter((f) => f.startsWith('.tmp-')), [], 'no temp folders left');
});

test('a later resolve reads installed.json instead of launching the browser again', async () => {
  await resolveBrowser('chromium-103');
  const recordPath = join(cacheDir, 'browsers', 'chromium-103', 'installed.json');
  const original = readFileSync(recordPath, 'utf8');
  try {
    // A version no probe could produce: seeing it back proves the record was used as is.
    writeFileSync(recordPath, original.replace(/"version": "[^"]+"/, '"version": "103.0.0.0-from-record"'));
    assert.equal((await resolveBrowser('chromium-103')).version, '103.0.0.0-from-record');
  } finally {
    writeFileSync(recordPath, original);
  }
});

test('two processes unpacking the same build at once end with one complete folder', async () => {
  const raceCache = mkdtempSync(join(tmpdir(), 'pb-browsers-race-'));
  try {
    const script = "import { resolveBrowser } from './harness/browsers/registry.ts'; " +
      "console.log(JSON.stringify(await resolveBrowser('chromium-92')));";
    const runOne = () => new Promise<ResolvedBrowser>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        env: { ...process.env, PUSHBENCH_CACHE_DIR: raceCache },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (chunk) => { out += chunk; });
      child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`child exited ${code}`))));
    });
    const [first, second] = await Promise.all([runOne(), runOne()]);
    assert.equal(first.executablePath, second.executablePath);
    assert.equal(first.version, second.version);
    const entries = readdirSync(join(raceCache, 'browsers'));
    assert.deepEqual(entries.filter((e) => e !== 'system-probes.json'), ['chromium-92']);
    assert.equal(await launchAndReadVersion(first), first.version);
  } finally {
    rmSync(raceCache, { recursive: true, force: true });
  }
});

test('firefox resolves to the real firefox-esr binary, engine firefox', async () => {
  const browser = await resolveBrowser('firefox');
  assert.equal(browser.engine, 'firefox');
  assert.equal(realpathSync(browser.executablePath), browser.executablePath);
  // Debian records the version in application.ini next to the binary.
  const ini = readFileSync(join(dirname(browser.executablePath), 'application.ini'), 'utf8');
  const iniVersion = /^Version=(.+)$/m.exec(ini)?.[1];
  assert.ok(iniVersion && browser.version.startsWith(iniVersion), `${browser.version} vs application.ini ${iniVersion}`);
  assert.equal(browser.major, Number.parseInt(iniVersion, 10));
});

test('unknown names are a UsageError listing the valid names and how to install', async () => {
  for (const name of ['chrome', 'chromium-114', 'chromium@', 'chromium@abc', 'Firefox']) {
    assert.equal(isKnownBrowserName(name), false, name);
    await assert.rejects(resolveBrowser(name), (err: unknown) => {
      assert.ok(err instanceof UsageError);
      assert.match(err.message, new RegExp(`"${name}"`));
      assert.match(err.message, /chromium-103/);
      assert.match(err.message, /browsers install chromium@<major>/);
      return true;
    });
  }
});

test('an uninstalled chromium@N is a UsageError naming the install command', async () => {
  assert.equal(isKnownBrowserName('chromium@140'), true);
  await assert.rejects(resolveBrowser('chromium@140'), (err: unknown) =>
    err instanceof UsageError && err.message.includes('pushbench browsers install chromium@140'));
});

test('listInstalledBrowsers includes the system and npm builds with distinct names', async () => {
  const list = await listInstalledBrowsers();
  const names = list.map((b) => b.name);
  for (const expected of ['chromium', 'chromium-103', 'chromium-92']) assert.ok(names.includes(expected), expected);
  assert.equal(new Set(names).size, names.length);
});

test('base args run as root without the blanket certificate bypass', () => {
  const args = chromiumBaseArgs();
  assert.ok(args.includes('--no-sandbox'));
  assert.ok(args.includes('--disable-background-networking'));
  assert.ok(!args.some((a) => a.startsWith('--ignore-certificate-errors') && !a.includes('spki-list')));
});

test('chromium-shell is Debian\'s chromium-headless-shell: the same release as chromium, in old headless mode', async () => {
  const shell = await resolveBrowser('chromium-shell');
  assert.equal(shell.engine, 'chromium');
  assert.equal(shell.executablePath, '/usr/lib/chromium/chromium-headless-shell');
  const chromium = await resolveBrowser('chromium');
  if (chromium.executablePath === '/usr/lib/chromium/chromium') {
    assert.equal(shell.version, chromium.version, 'one Debian source package builds both');
  }
});
