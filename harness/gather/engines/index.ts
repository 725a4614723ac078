// The engine adapter for a resolved browser.

import type { ResolvedBrowser } from '../../browsers/registry.ts';
import { chromiumEngine } from './chromium.ts';
import { firefoxEngine } from './firefox.ts';
import type { EngineAdapter } from './engine.ts';

export type { BrowserSession, EngineAdapter, RecordOptions, SessionOptions, SharedBrowser } from './engine.ts';
export { VIEWPORT } from './engine.ts';

const ENGINES: Record<ResolvedBrowser['engine'], EngineAdapter> = {
  chromium: chromiumEngine,
  firefox: firefoxEngine,
};

export function engineFor(browser: ResolvedBrowser): EngineAdapter {
  return ENGINES[browser.engine];
}
