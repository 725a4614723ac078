// Lighthouse values of one load, read from its saved result (lighthouse.json.gz). Pure.

export interface LighthouseMetrics {
  /** Performance category score, 0–100. */
  score?: number;
  fcpMs?: number;
  lcpMs?: number;
  speedIndexMs?: number;
  tbtMs?: number;
  /** Why there are no values: Lighthouse off → undefined; ran fine → "". */
  error?: string;
}

/** The part of a Lighthouse result (lhr) read here. */
interface Lhr {
  categories?: { performance?: { score?: number | null } };
  audits?: Record<string, { numericValue?: number } | undefined>;
}

export function computeLighthouse(lhr: unknown, error: string | undefined): LighthouseMetrics {
  if (error === undefined && lhr === undefined) return {};
  const r = (lhr ?? {}) as Lhr;
  const audit = (id: string) => {
    const v = r.audits?.[id]?.numericValue;
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  };
  const score = r.categories?.performance?.score;
  return {
    score: typeof score === 'number' ? score * 100 : undefined,
    fcpMs: audit('first-contentful-paint'),
    lcpMs: audit('largest-contentful-paint'),
    speedIndexMs: audit('speed-index'),
    tbtMs: audit('total-blocking-time'),
    error: error ?? '',
  };
}
