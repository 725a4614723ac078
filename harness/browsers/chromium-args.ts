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
  ];
}

/**
 * No QUIC: the variants are HTTP/1.1 and HTTP/2 over TCP; Alt-Svc must not change that. Every
 * measuring launch adds it (the Chromium engine, the devtools calibration).
 */
export const DISABLE_QUIC = '--disable-quic';
