/**
 * A string of a policy (a Resource, a condition value) that may hold the wildcards `*` and `?`
 * and, in a policy of Version 2012-10-17, policy variables: `${aws:username}`, `${key, 'default'}`,
 * and `${*}`, `${?}`, `${$}` for a literal `*`, `?`, `$`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */

/** Text whose `*` and `?` are wildcards, a literal, or a variable. */
type Part = { text: string } | { literal: string } | { key: string; fallback: string | undefined };

export type PolicyTemplate = readonly Part[];

/** The request's value of a context key (lower-case name); undefined when absent. */
export type KeyLookup = (key: string) => string | undefined;

/** For patterns evaluated outside any request (checks at PutBucketPolicy). */
export const NO_KEYS: KeyLookup = () => undefined;

const VARIABLE = /\$\{([^}]*)\}/g;
const LITERALS: Record<string, string> = { '*': '*', '?': '?', $: '$' };
const WITH_DEFAULT = /^\s*([^,\s]+)\s*,\s*'([^']*)'\s*$/;

export function parseTemplate(value: string, variables: boolean): PolicyTemplate {
  if (!variables || !value.includes('${')) return [{ text: value }];
  const parts: Part[] = [];
  let last = 0;
  for (const m of value.matchAll(VARIABLE)) {
    if (m.index > last) parts.push({ text: value.slice(last, m.index) });
    parts.push(variablePart(m[1]!));
    last = m.index + m[0].length;
  }
  if (last < value.length) parts.push({ text: value.slice(last) });
  return parts;
}

function variablePart(inner: string): Part {
  const literal = LITERALS[inner.trim()];
  if (literal !== undefined) return { literal };
  const withDefault = WITH_DEFAULT.exec(inner);
  if (withDefault) return { key: withDefault[1]!.toLowerCase(), fallback: withDefault[2] };
  return { key: inner.trim().toLowerCase(), fallback: undefined };
}

/** The template with its variables replaced, or undefined when one names an absent key. */
function resolve(template: PolicyTemplate, lookup: KeyLookup): { text: string; wild: boolean }[] | undefined {
  const out: { text: string; wild: boolean }[] = [];
  for (const part of template) {
    if ('text' in part) out.push({ text: part.text, wild: true });
    else if ('literal' in part) out.push({ text: part.literal, wild: false });
    else {
      const value = lookup(part.key) ?? part.fallback;
      if (value === undefined) return undefined;
      out.push({ text: value, wild: false });
    }
  }
  return out;
}

/** The template as a plain string (StringEquals and friends: `*` is not a wildcard there). */
export function resolvePlain(template: PolicyTemplate, lookup: KeyLookup): string | undefined {
  return resolve(template, lookup)
    ?.map((p) => p.text)
    .join('');
}

/** Whether `value` matches the template, `*` matching any run of characters and `?` one. */
export function matchesTemplate(
  template: PolicyTemplate,
  value: string,
  lookup: KeyLookup,
  ignoreCase = false,
): boolean {
  const parts = resolve(template, lookup);
  if (!parts) return false;
  const fold = (text: string) => (ignoreCase ? text.toLowerCase() : text);
  const pattern = parts.flatMap((p) =>
    Array.from(fold(p.text), (ch): Glyph => (p.wild && (ch === '*' || ch === '?') ? ch : { ch })),
  );
  return globMatches(pattern, Array.from(fold(value)));
}

/** A character to match, or a wildcard. */
type Glyph = '*' | '?' | { ch: string };

/**
 * Wildcard matching by the classic two-pointer walk, in O(pattern x value) at worst. Never a
 * regular expression: the value is a request's key (up to 1024 bytes, chosen by the caller), and a
 * backtracking regex of a pattern with many `*` could take exponential time on it.
 */
function globMatches(pattern: readonly Glyph[], value: readonly string[]): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let resume = 0;
  while (v < value.length) {
    const g = pattern[p];
    if (g === '?' || (g !== undefined && g !== '*' && g.ch === value[v])) {
      p += 1;
      v += 1;
    } else if (g === '*') {
      star = p;
      resume = v;
      p += 1;
    } else if (star !== -1) {
      p = star + 1;
      resume += 1;
      v = resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p += 1;
  return p === pattern.length;
}
