// The window a measured page is laid out in. Derivation needs it to choose what the browser would
// choose: the <picture> source whose media matches, the srcset candidate for the slot, the rules
// of a media-dependent stylesheet. It must equal the harness's VIEWPORT
// (harness/gather/engines/engine.ts, which sites/ may not import: it is a higher layer) at
// Playwright's default deviceScaleFactor 1; test/sites/responsive.unit.test.ts checks that it does.

export interface Viewport {
  /** CSS px. */
  width: number;
  /** CSS px. */
  height: number;
  /** Device pixels per CSS px. */
  dpr: number;
}

export const LAYOUT_VIEWPORT: Readonly<Viewport> = { width: 1350, height: 940, dpr: 1 };

/**
 * The user preferences a fresh Playwright context reports (colorScheme "light", reducedMotion
 * "no-preference", a mouse): what `prefers-*`, `hover` and `pointer` media features match.
 */
export const MEDIA_PREFERENCES: Readonly<Record<string, string>> = {
  'prefers-color-scheme': 'light',
  'prefers-reduced-motion': 'no-preference',
  'prefers-reduced-transparency': 'no-preference',
  'prefers-reduced-data': 'no-preference',
  'prefers-contrast': 'no-preference',
  'forced-colors': 'none',
  'inverted-colors': 'none',
  hover: 'hover',
  'any-hover': 'hover',
  pointer: 'fine',
  'any-pointer': 'fine',
  scripting: 'enabled',
  'display-mode': 'browser',
  'dynamic-range': 'standard',
  'video-dynamic-range': 'standard',
  'color-gamut': 'srgb',
  update: 'fast',
  'overflow-block': 'scroll',
  'overflow-inline': 'scroll',
};
