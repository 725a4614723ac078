// Launching Debian's firefox-esr with Playwright (channel 'moz-firefox', WebDriver BiDi).
// Playwright 1.65 cannot open a page in Firefox 153 ESR on its own (see firefox-bidi-shim.ts for the
// missing BiDi command); launchFirefox points Playwright at a small wrapper that runs the shim,
// which runs the real Firefox (behind a shaper's command prefix, if any: the shim then reaches
// Firefox's WebSocket inside the network namespace). Playwright itself is not modified.
import { fileURLToPath } from 'node:url';
import { firefox, type Browser, type LaunchOptions } from 'playwright-core';
import { launcherScript, shellQuote } from './launcher-script.ts';
import type { ResolvedBrowser } from './registry.ts';

/**
 * The launcher for `realFirefox` behind the BiDi shim, run behind `commandPrefix`
 * (e.g. ["ip","netns","exec","pb-c0"]; [] runs it here).
 */
export async function firefoxShimExecutable(realFirefox: string, commandPrefix: readonly string[] = []): Promise<string> {
  const shim = fileURLToPath(new URL('./firefox-bidi-shim.ts', import.meta.url));
  const tsxLoader = import.meta.resolve('tsx');
  const namespace = commandPrefix.length ? `PB_NS_PREFIX=${shellQuote(JSON.stringify(commandPrefix))} ` : '';
  return launcherScript(
    `PB_REAL_FIREFOX=${shellQuote(realFirefox)} ${namespace}exec ${shellQuote(process.execPath)} --import ${shellQuote(tsxLoader)} ${shellQuote(shim)} "$@"`,
  );
}

/** Launches a resolved Firefox through Playwright; options as for firefox.launch. */
export async function launchFirefox(browser: ResolvedBrowser, options: LaunchOptions = {}): Promise<Browser> {
  if (browser.engine !== 'firefox') throw new Error(`launchFirefox: ${browser.name} is a ${browser.engine} browser`);
  return firefox.launch({
    ...options,
    channel: 'moz-firefox',
    executablePath: await firefoxShimExecutable(browser.executablePath),
  });
}
