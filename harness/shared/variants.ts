// The variant registry: the one place that says what each server variant does. Servers pick their
// hooks from it (servers/variants/index.ts), compute, the physics bound, the support matrix, the
// statistics and the report read it. Outside this file nothing compares a variant's name as a
// string: code asks for variants by what they do (`variantsWhere`, `theVariant`).

/**
 * How a variant gets the critical resources to the browser before the HTML names them, or (preconnect)
 * the connection to their second origin open before they are requested, or (prefetch) the next
 * page and its resources into the cache before the visitor opens it.
 */
export type Mechanism = 'none' | 'push' | 'hints' | 'preload' | 'preconnect' | 'prefetch';

/**
 * The precise path within a mechanism: preload has two (a response header or tags in the HTML),
 * preconnect two (tags in the HTML, or a 103 carrying only preconnect links).
 */
export type EarlyPath = 'none' | 'push' | 'hints' | 'link-header' | 'html-link' | 'html-preconnect' | 'hints-preconnect' | 'html-prefetch';

/** What the browser-facing server speaks. */
export type Protocol = 'h1' | 'h2' | 'h3';
/** h1 and h2 run over TCP (+TLS), h3 over QUIC (UDP). */
export type Transport = 'tcp' | 'quic';

/**
 * Server implementations pushbench can run: "pushbench" is its own Node servers (servers/),
 * "caddy" the Caddy web server driven by a generated config (servers/caddy/).
 */
export const SERVER_FAMILIES = ['pushbench', 'caddy'] as const;
export type ServerFamily = (typeof SERVER_FAMILIES)[number];
export const DEFAULT_SERVER_FAMILY: ServerFamily = 'pushbench';

export interface VariantDeclaration {
  /** One line for help texts and the report. */
  summary: string;
  mechanism: Mechanism;
  early: EarlyPath;
  protocol: Protocol;
  transport: Transport;
  /** Push skips what the client's fingerprint cookie says it has (CASPer). */
  cacheAware: boolean;
  /** Which server families implement it. */
  families: readonly ServerFamily[];
  /** In the default benchmark matrix (config/benchmark.ts) when the config names no variants. */
  inDefaultMatrix: boolean;
  /** The variant every other is compared against by default (exactly one). */
  baseline: boolean;
  /** The plain variant of the same mechanism and protocol this one is a refinement of, or null. */
  refines: string | null;
  /**
   * Works only in a browser's regular profile: Chromium acts on `<link rel=preconnect>` through its
   * loading predictor, which off-the-record contexts (a fresh Playwright context) do not have, and a
   * headless shell (Chromium 103, 92) has in no profile. A run with such a variant isolates loads by
   * process (config/benchmark.ts) unless told otherwise. Absent: any profile.
   */
  regularProfile?: true;
}

const pushbench: readonly ServerFamily[] = ['pushbench'];
const both: readonly ServerFamily[] = ['pushbench', 'caddy'];
const caddy: readonly ServerFamily[] = ['caddy'];

const DECLARATIONS = {
  h1: {
    summary: 'HTTP/1.1 only (ALPN http/1.1)',
    mechanism: 'none', early: 'none', protocol: 'h1', transport: 'tcp', cacheAware: false, families: both, inDefaultMatrix: true, baseline: false, refines: null,
  },
  h2: {
    summary: 'HTTP/2, nothing sent early',
    mechanism: 'none', early: 'none', protocol: 'h2', transport: 'tcp', cacheAware: false, families: both, inDefaultMatrix: true, baseline: true, refines: null,
  },
  'h2-push': {
    summary: 'HTTP/2 + PUSH_PROMISE for the critical resources when the client allows push',
    mechanism: 'push', early: 'push', protocol: 'h2', transport: 'tcp', cacheAware: false, families: both, inDefaultMatrix: true, baseline: false, refines: null,
  },
  'h2-push-cache-aware': {
    summary: 'h2-push that skips what a CASPer cookie says the client already has',
    mechanism: 'push', early: 'push', protocol: 'h2', transport: 'tcp', cacheAware: true, families: pushbench, inDefaultMatrix: false, baseline: false, refines: 'h2-push',
  },
  'early-hints': {
    summary: 'HTTP/2 + 103 Early Hints with Link: rel=preload for the critical resources (after rel=preconnect for their second origins)',
    mechanism: 'hints', early: 'hints', protocol: 'h2', transport: 'tcp', cacheAware: false, families: both, inDefaultMatrix: true, baseline: false, refines: null,
  },
  'early-hints-h1': {
    summary: 'the same 103 over HTTP/1.1 (negative control: Chromium ignores it there)',
    mechanism: 'hints', early: 'hints', protocol: 'h1', transport: 'tcp', cacheAware: false, families: both, inDefaultMatrix: false, baseline: false, refines: null,
  },
  preload: {
    summary: 'HTTP/2 + a `Link: rel=preload` header on the HTML response',
    mechanism: 'preload', early: 'link-header', protocol: 'h2', transport: 'tcp', cacheAware: false, families: both, inDefaultMatrix: true, baseline: false, refines: null,
  },
  'preload-html': {
    summary: 'HTTP/2 + `<link rel=preload>` tags at the start of the HTML <head>',
    mechanism: 'preload', early: 'html-link', protocol: 'h2', transport: 'tcp', cacheAware: false, families: both, inDefaultMatrix: false, baseline: false, refines: 'preload',
  },
  preconnect: {
    summary: 'HTTP/2 + `<link rel=preconnect>` at the start of <head> for each second origin of the critical resources',
    mechanism: 'preconnect', early: 'html-preconnect', protocol: 'h2', transport: 'tcp', cacheAware: false, families: both, inDefaultMatrix: false, baseline: false, refines: null, regularProfile: true,
  },
  'early-hints-preconnect': {
    summary: 'HTTP/2 + a 103 with only `Link: rel=preconnect` for each second origin (as Shopify sends for its CDN), no preloads',
    mechanism: 'preconnect', early: 'hints-preconnect', protocol: 'h2', transport: 'tcp', cacheAware: false, families: both, inDefaultMatrix: false, baseline: false, refines: 'preconnect',
  },
  prefetch: {
    summary: 'HTTP/2 + `<link rel=prefetch>` for the likely next page and its critical resources, before </head>',
    mechanism: 'prefetch', early: 'html-prefetch', protocol: 'h2', transport: 'tcp', cacheAware: false, families: both, inDefaultMatrix: false, baseline: false, refines: null,
  },
  h3: {
    summary: 'HTTP/3 over QUIC, nothing sent early',
    mechanism: 'none', early: 'none', protocol: 'h3', transport: 'quic', cacheAware: false, families: caddy, inDefaultMatrix: false, baseline: false, refines: null,
  },
  'h3-early-hints': {
    summary: 'HTTP/3 + 103 Early Hints with Link: rel=preload for the critical resources (after rel=preconnect for their second origins)',
    mechanism: 'hints', early: 'hints', protocol: 'h3', transport: 'quic', cacheAware: false, families: caddy, inDefaultMatrix: false, baseline: false, refines: null,
  },
  'h3-preload': {
    summary: 'HTTP/3 + a `Link: rel=preload` header on the HTML response',
    mechanism: 'preload', early: 'link-header', protocol: 'h3', transport: 'quic', cacheAware: false, families: caddy, inDefaultMatrix: false, baseline: false, refines: null,
  },
} as const satisfies Record<string, VariantDeclaration>;

export type VariantName = keyof typeof DECLARATIONS;
export const VARIANT_NAMES = Object.keys(DECLARATIONS) as [VariantName, ...VariantName[]];
/** What each variant does, by name. */
export const VARIANT_TRAITS: Record<VariantName, VariantDeclaration> = DECLARATIONS;

export function isVariantName(name: string): name is VariantName {
  return Object.hasOwn(DECLARATIONS, name);
}

/** What a variant does; undefined for a name this version does not know (an old or foreign row). */
export function traitsOf(name: string): VariantDeclaration | undefined {
  return isVariantName(name) ? VARIANT_TRAITS[name] : undefined;
}

/** The variants whose traits match, in registry order. */
export function variantsWhere(test: (traits: VariantDeclaration) => boolean): VariantName[] {
  return VARIANT_NAMES.filter((name) => test(VARIANT_TRAITS[name]));
}

/** The one variant whose traits match; throws when none or several do (a registry mistake). */
export function theVariant(test: (traits: VariantDeclaration) => boolean): VariantName {
  const found = variantsWhere(test);
  if (found.length !== 1) throw new Error(`the variant registry has ${found.length} variants where exactly one was expected: ${found.join(', ') || 'none'}`);
  return found[0]!;
}

/** The variant others are compared against unless a config names another. */
export const BASELINE_VARIANT: VariantName = theVariant((v) => v.baseline);
/** The variants of the default benchmark matrix. */
export const DEFAULT_VARIANTS: VariantName[] = variantsWhere((v) => v.inDefaultMatrix);
/** Variants that announce resources with preload links (a header or tags), not push or 103. */
export const PRELOAD_VARIANTS: readonly VariantName[] = variantsWhere((v) => v.mechanism === 'preload');

/**
 * The plain variant of a mechanism over a protocol (no refinement): "HTTP/2", "push", "hints over
 * HTTP/1.1", … What validate and conformance compare.
 */
export function plainVariant(mechanism: Mechanism, protocol: Protocol = 'h2'): VariantName {
  return theVariant((v) => v.mechanism === mechanism && v.protocol === protocol && v.refines === null);
}

/** The cache-aware refinement of a plain variant, if the registry has one. */
export function cacheAwareOf(plain: VariantName): VariantName | undefined {
  return variantsWhere((v) => v.cacheAware && v.refines === plain)[0];
}
