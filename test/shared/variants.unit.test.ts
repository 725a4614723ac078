// The variant registry is the one place that says what a variant does: it is consistent, every
// declaration gets hooks that do what it says, and no source file outside it names a variant.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  BASELINE_VARIANT, DEFAULT_VARIANTS, PRELOAD_VARIANTS, VARIANT_NAMES, VARIANT_TRAITS, cacheAwareOf, isVariantName, plainVariant, theVariant, traitsOf, variantsWhere,
} from '../../harness/shared/variants.ts';
import { variantOf } from '../../servers/variants/index.ts';
import { PROJECT_ROOT } from '../../harness/run/provenance.ts';

test('exactly one baseline, and it is plain HTTP/2 in the default matrix', () => {
  assert.equal(variantsWhere((v) => v.baseline).length, 1);
  assert.equal(BASELINE_VARIANT, plainVariant('none', 'h2'));
  assert.ok(DEFAULT_VARIANTS.includes(BASELINE_VARIANT));
});

test('a refinement names an existing plain variant of the same mechanism and protocol', () => {
  for (const name of VARIANT_NAMES) {
    const v = VARIANT_TRAITS[name];
    if (v.refines === null) continue;
    assert.ok(isVariantName(v.refines), `${name} refines unknown ${v.refines}`);
    const plain = VARIANT_TRAITS[v.refines as typeof name];
    assert.equal(plain.refines, null, `${name} refines a refinement`);
    assert.equal(plain.mechanism, v.mechanism);
    assert.equal(plain.protocol, v.protocol);
  }
  assert.equal(cacheAwareOf(plainVariant('push')) !== undefined, true);
});

test('each mechanism × protocol has at most one plain variant; theVariant refuses ambiguity', () => {
  const seen = new Set<string>();
  for (const v of Object.values(VARIANT_TRAITS).filter((t) => t.refines === null)) {
    const key = `${v.mechanism}/${v.protocol}`;
    assert.ok(!seen.has(key), `two plain variants for ${key}`);
    seen.add(key);
  }
  assert.throws(() => theVariant((v) => v.protocol === 'h2'), /exactly one/);
  assert.throws(() => plainVariant('push', 'h1'), /exactly one/);
});

test('traitsOf knows registry names only; preload variants are the preload mechanism', () => {
  assert.equal(traitsOf('no-such-variant'), undefined);
  assert.ok(PRELOAD_VARIANTS.length >= 1);
  for (const name of PRELOAD_VARIANTS) assert.equal(VARIANT_TRAITS[name].mechanism, 'preload');
});

test('every variant gets hooks that match its mechanism', () => {
  for (const name of VARIANT_NAMES) {
    const v = VARIANT_TRAITS[name];
    const hooks = variantOf(name);
    assert.equal(hooks.name, name);
    const sendsEarly = typeof hooks.onPageRequest === 'function';
    assert.equal(sendsEarly, v.early === 'push' || v.early === 'hints' || v.early === 'hints-preconnect', `${name}: onPageRequest`);
    if (v.early === 'link-header') assert.equal(typeof hooks.pageHeaders, 'function', name);
    const rewritesHtml = v.early === 'html-link' || v.early === 'html-preconnect' || v.early === 'html-prefetch';
    assert.equal(typeof hooks.transformHtml === 'function', rewritesHtml, `${name}: transformHtml`);
    if (v.cacheAware) assert.equal(typeof hooks.pageHeaders, 'function', `${name} sets its cookie`);
    if (v.mechanism === 'none') assert.deepEqual(Object.keys(hooks), ['name'], name);
  }
});

test('no source file outside the registry names a variant in a string', () => {
  // Some names are also other words of the trade and are not searched for: "h1"/"h2"/"h3" are
  // protocol names (ALPN, the protocol column, the registry's `protocol` trait), "early-hints" is Resource Timing's initiatorType and a wire
  // event, "preload", "preconnect" and "prefetch" are mechanisms and rel values. The rest mean nothing but a variant.
  const alsoOtherWords = new Set(['h1', 'h2', 'h3', 'early-hints', 'preload', 'preconnect', 'prefetch']);
  const names = VARIANT_NAMES.filter((n) => !alsoOtherWords.has(n));
  assert.ok(names.length >= 4);
  const files = execFileSync('git', ['ls-files', 'harness', 'servers', 'sites', 'pushbench.config.ts', 'playwright.config.ts'], { cwd: PROJECT_ROOT, encoding: 'utf8' })
    .split('\n').filter((f) => f.endsWith('.ts') && f !== 'harness/shared/variants.ts' && !f.startsWith('sites/blog'));
  const hits: string[] = [];
  for (const file of files) {
    const lines = fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, ''); // comments are docs
      for (const name of names) if (new RegExp(`['"\`]${name}['"\`]`).test(code)) hits.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  // The user's config file (pushbench.config.ts) lists names as input, which is allowed; nothing else.
  assert.deepEqual(hits.filter((h) => !h.startsWith('pushbench.config.ts:')), []);
});

test('no source file compares a variant field with any variant name, the ambiguous ones included', () => {
  const name = `(?:${VARIANT_NAMES.map((n) => n.replace(/[-]/g, '\\-')).join('|')})`;
  const field = String.raw`[\w.]*(?:variant|baseline)\w*(?:\(\))?`;
  const patterns = [
    new RegExp(String.raw`${field}\s*[!=]==?\s*['"\`]${name}['"\`]`, 'i'),
    new RegExp(String.raw`['"\`]${name}['"\`]\s*[!=]==?\s*${field}`, 'i'),
    new RegExp(String.raw`${field}\.(?:startsWith|endsWith|includes)\(\s*['"\`]`, 'i'),
    new RegExp(String.raw`case\s+['"\`]${name}['"\`]\s*:`),
  ];
  const files = execFileSync('git', ['ls-files', 'harness', 'servers', 'sites', 'playwright.config.ts'], { cwd: PROJECT_ROOT, encoding: 'utf8' })
    .split('\n').filter((f) => f.endsWith('.ts') && f !== 'harness/shared/variants.ts' && !f.startsWith('sites/blog'));
  const hits: string[] = [];
  for (const file of files) {
    fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8').split('\n').forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, '');
      if (patterns.some((re) => re.test(code))) hits.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(hits, []);
  // The patterns do catch the old forms.
  for (const old of ["if (meta.variant === 'h2-push')", "r.variant.startsWith('preload')", "'h2' === baselineVariant", "case 'early-hints':"]) {
    assert.ok(patterns.some((re) => re.test(old)), old);
  }
});

test('preconnect and prefetch variants: HTTP/2, both server families, out of the default matrix', () => {
  const expected = {
    preconnect: { mechanism: 'preconnect', early: 'html-preconnect', refines: null },
    'early-hints-preconnect': { mechanism: 'preconnect', early: 'hints-preconnect', refines: 'preconnect' },
    prefetch: { mechanism: 'prefetch', early: 'html-prefetch', refines: null },
  } as const;
  for (const [name, want] of Object.entries(expected)) {
    assert.ok(isVariantName(name), name);
    const v = VARIANT_TRAITS[name];
    assert.deepEqual({ mechanism: v.mechanism, early: v.early, refines: v.refines }, want, name);
    assert.equal(v.protocol, 'h2', name);
    assert.equal(v.transport, 'tcp', name);
    assert.deepEqual([...v.families], ['pushbench', 'caddy'], name);
    assert.equal(v.inDefaultMatrix, false, name);
    assert.equal(v.baseline, false, name);
    assert.equal(DEFAULT_VARIANTS.includes(name), false, name);
    assert.ok(v.summary.length > 20, name);
  }
  assert.equal(plainVariant('preconnect'), 'preconnect');
  assert.equal(plainVariant('prefetch'), 'prefetch');
  // The plain variants the rest of the harness compares are unchanged.
  assert.equal(plainVariant('hints'), 'early-hints');
  assert.equal(plainVariant('preload'), 'preload');
});
