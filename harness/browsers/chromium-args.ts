// Command-line flags every Chromium we launch gets, old npm builds (92, 103) and Debian's 156 alike.

/**
 * Flags for running Chromium as root on a quiet machine:
 * - --no-sandbox: Chromium refuses to start as root with the sandbox on.
 * - --disable-background-networking / -component-update / -sync: no traffic besides the page
 *   under test (and there is no internet here anyway; failed update checks only add noise).
 * - --no-first-run: no first-run tasks or UI.
 * - --disable-gpu: headless software rendering in every build; the npm builds would otherwise
 *   look for SwiftShader/ANGLE libraries that differ between majors.
 * - --disable-dev-shm-usage: containers often have a tiny /dev/shm; renderer crashes there
 *   would be mistaken for slow loads.
 * - --disable-features: Playwright's own list plus PUSHBENCH_DISABLED_FEATURES (below).
 * Headless mode itself is chosen by Playwright.
 */
export function chromiumBaseArgs(): string[] {
  return [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    disableFeaturesArg(),
  ];
}

/**
 * What Playwright (playwright-core 1.65) passes in its own --disable-features. Chromium keeps only
 * the last value of a switch, so a second --disable-features would replace this list, not extend
 * it, and would, for one, turn PaintHolding back on (a change in what FCP measures). Ours therefore
 * repeats Playwright's list; test/browsers/chromium-features.test.ts compares it with what the
 * installed Playwright really passes.
 */
export const PLAYWRIGHT_DISABLED_FEATURES: readonly string[] = [
  'AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsUpgrades', 'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay', 'MediaRouter', 'PaintHolding', 'ThirdPartyStoragePartitioning', 'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin', 'OptimizationHints', 'NetworkTimeServiceQuerying', 'AimEnabled', 'PreconnectToSearch',
  'msForceBrowserSignIn', 'msEdgeUpdateLaunchServicesPreferredVersion',
];

/**
 * What pushbench disables on top. New headless mode (Chromium 156 here) builds the omnibox popup's
 * WebUI for every new window: a renderer started with --top-chrome-webui that burned about 1.4 s of
 * CPU per new context on this 2-core machine, plus about 0.35 s in the browser process, after which
 * every load waited for a quiet CPU. The page never sees that popup. Builds without these features
 * ignore the names.
 */
export const PUSHBENCH_DISABLED_FEATURES: readonly string[] = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup'];

export function disableFeaturesArg(): string {
  return `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...PUSHBENCH_DISABLED_FEATURES].join(',')}`;
}

/**
 * No QUIC: the variants are HTTP/1.1 and HTTP/2 over TCP; Alt-Svc must not change that. Every
 * measuring launch adds it (the Chromium engine, the devtools calibration).
 */
export const DISABLE_QUIC = '--disable-quic';
