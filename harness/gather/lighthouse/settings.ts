// The Lighthouse settings pushbench uses: desktop, the benchmark's 1350×940 screen, and
// throttlingMethod "provided" — Lighthouse applies no throttling or simulation of its own, so
// with a shaper active it measures the same (real) network as the load, and with profile "none"
// the same unshaped loopback.

import type { NetworkProfile } from '../../config/profile.ts';
import { VIEWPORT } from '../engines/engine.ts';

export interface LighthouseSettings {
  formFactor: 'desktop';
  throttlingMethod: 'provided';
  screenEmulation: { mobile: false; width: number; height: number; deviceScaleFactor: 1; disabled: false };
  /** false: keep the browser's own user agent. */
  emulatedUserAgent: false;
  onlyCategories: ['performance'];
  output: ['html', 'json'];
  logLevel: 'error';
  /** Upper bound for the page load inside Lighthouse. */
  maxWaitForLoad: number;
}

export function lighthouseSettings(_profile: NetworkProfile, timeoutMs: number): LighthouseSettings {
  return {
    formFactor: 'desktop',
    throttlingMethod: 'provided',
    screenEmulation: { mobile: false, width: VIEWPORT.width, height: VIEWPORT.height, deviceScaleFactor: 1, disabled: false },
    emulatedUserAgent: false,
    onlyCategories: ['performance'],
    output: ['html', 'json'],
    logLevel: 'error',
    maxWaitForLoad: timeoutMs,
  };
}
