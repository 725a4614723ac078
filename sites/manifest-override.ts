// Reads `pushbench.manifest.json`, the hand-written manifest that replaces derivation.
// Every error names the JSON path of the bad field so the user can fix the file directly.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UsageError } from '../harness/shared/usage-error.ts';
import type { CriticalResource, ResourceKind } from './manifest-types.ts';
import { folderOfOrigin, secondOriginsOf } from './site-origins.ts';
import { canonicalPagePath, fileForSitePath } from './site-paths.ts';

export const OVERRIDE_FILE = 'pushbench.manifest.json';

const RESOURCE_KINDS = ['style', 'font', 'image', 'script', 'fetch'] as const satisfies readonly ResourceKind[];

const OverrideResource = z
  .object({
    path: z.string().regex(/^\/(?!.*(?:^|\/)\.\.?(?:\/|$))/, 'must be an absolute URL path inside the site, e.g. "/assets/site.css"'),
    origin: z.string().optional(),
    as: z.enum(RESOURCE_KINDS),
    type: z.string().optional(),
    crossorigin: z.boolean().optional(),
    module: z.boolean().optional(),
    imagesrcset: z.string().optional(),
    imagesizes: z.string().optional(),
  })
  .strict();

const OverrideFile = z.object({ pages: z.record(z.string(), z.array(OverrideResource)) }).strict();

/** Resources per canonical page path, as written in the override file. */
export type OverridePages = Map<string, CriticalResource[]>;

/**
 * Parses and validates the override file in `siteDir`. `knownPages` are the canonical page
 * paths of the site's HTML files: a key naming no page is almost surely a typo, so it is an error.
 */
export async function readOverride(siteDir: string, overridePath: string, knownPages: ReadonlySet<string>): Promise<OverridePages> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(overridePath, 'utf8'));
  } catch (err) {
    throw new UsageError(`${OVERRIDE_FILE}: not valid JSON (${(err as Error).message}); fix the file in ${siteDir} or delete it to derive the manifest`);
  }
  const parsed = OverrideFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${OVERRIDE_FILE}: ${jsonPath(issue.path)} ${describeIssue(issue)}`);
  }

  const secondOrigins = secondOriginsOf(siteDir).map((o) => o.origin);
  const pages: OverridePages = new Map();
  for (const [key, entries] of Object.entries(parsed.data.pages)) {
    const page = canonicalPagePath(key);
    if (!knownPages.has(page)) {
      throw new UsageError(`${OVERRIDE_FILE}: pages[${JSON.stringify(key)}] names no HTML page in ${siteDir}; use one of ${[...knownPages].join(', ')}`);
    }
    pages.set(
      page,
      entries.map((entry, i) => {
        const where = `${OVERRIDE_FILE}: pages[${JSON.stringify(key)}][${i}]`;
        if (entry.origin !== undefined && !secondOrigins.includes(entry.origin)) {
          const known = secondOrigins.length ? `one of ${secondOrigins.join(', ')}` : `a folder under _origins/ first (sites/README.md); ${siteDir} has none`;
          throw new UsageError(`${where}.origin "${entry.origin}" is not a second origin of the site; use ${known}, or drop "origin" for a file of the site's own origin`);
        }
        const folder = folderOfOrigin(siteDir, entry.origin);
        if (!existsSync(fileForSitePath(folder, entry.path))) {
          throw new UsageError(`${where}.path "${entry.path}" does not exist in ${folder}`);
        }
        return { ...entry, reason: OVERRIDE_FILE };
      }),
    );
  }
  return pages;
}

/** ["pages", "/", 1, "as"] -> pages["/"][1].as */
function jsonPath(segments: readonly PropertyKey[]): string {
  if (segments.length === 0) return '(top level)';
  return segments
    .map((s, i) => (typeof s === 'number' ? `[${s}]` : typeof s === 'string' && /^[A-Za-z_$][\w$]*$/.test(s) ? (i === 0 ? s : `.${s}`) : `[${JSON.stringify(String(s))}]`))
    .join('');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_type':
      if (issue.message.endsWith('received undefined')) return 'is missing';
      return `must be ${issue.expected === 'array' ? 'an array of resources' : `a ${issue.expected}`}`;
    case 'unrecognized_keys':
      return `has unknown key(s) ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}; allowed: ${issue.path.length === 0 ? '"pages"' : '"path", "origin", "as", "type", "crossorigin", "module", "imagesrcset", "imagesizes"'}`;
    default:
      return issue.message;
  }
}
