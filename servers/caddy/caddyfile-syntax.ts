// Caddyfile tokens made from data. Every value pushbench writes into a Caddyfile (a path, a header
// value, a file name) goes through `token` or `pathToken`, so a hostile or odd name can neither break
// the file nor add directives to it: values are always double-quoted, `"` is escaped, and the few
// characters Caddy would still interpret inside quotes are refused with a UsageError.
//
// What Caddy 2.6 interprets inside a quoted token: `\` (its escape character), `{…}` (runtime
// placeholders, and `{$ENV}` substitution, which is done on the whole file before it is parsed), and
// line breaks (they still end a directive's line count). In a `path` matcher also `*` (a wildcard)
// and `%` (the matcher then compares the escaped path).
import { UsageError } from '../../harness/shared/usage-error.ts';

const UNSAFE_IN_TOKEN = /[\u0000-\u001f\u007f\\{}]/;
const UNSAFE_IN_PATH_MATCHER = /[*%]/;

const FIX = 'rename it, or leave caddy out of `servers` for this site';

/** `value` as one double-quoted Caddyfile token; `field` says what it is in the error. */
export function token(value: string, field: string): string {
  const bad = UNSAFE_IN_TOKEN.exec(value);
  if (bad) {
    throw new UsageError(`${field} ${JSON.stringify(value)}: has ${JSON.stringify(bad[0])}, which a Caddyfile cannot hold safely; ${FIX}`);
  }
  return `"${value.replace(/"/g, '\\"')}"`;
}

/** A URL path for a `path` matcher, matched literally (no wildcard, no escaped form). */
export function pathToken(path: string, field: string): string {
  if (!path.startsWith('/')) throw new Error(`${field} ${JSON.stringify(path)}: a path matcher needs an absolute URL path`);
  const bad = UNSAFE_IN_PATH_MATCHER.exec(path);
  if (bad) {
    throw new UsageError(`${field} ${JSON.stringify(path)}: has ${JSON.stringify(bad[0])}, which Caddy's path matcher would not match literally; ${FIX}`);
  }
  return token(path, field);
}

/** A `path` matcher value for every file with extension `ext` (".css" -> `"*.css"`). */
export function extensionToken(ext: string): string {
  if (!ext.startsWith('.') || /[/*%]/.test(ext)) {
    throw new UsageError(`file extension ${JSON.stringify(ext)}: Caddy's path matcher cannot match it literally; ${FIX}`);
  }
  return token(`*${ext}`, 'file extension');
}

/** A directive with a block: `head {` + indented lines + `}` (the global options block has no head). */
export function block(head: string, lines: readonly string[]): string[] {
  return [head ? `${head} {` : '{', ...lines.map((line) => `\t${line}`), '}'];
}
