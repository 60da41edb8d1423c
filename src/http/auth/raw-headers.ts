/**
 * Lookups over Node's `req.rawHeaders` ([name, value, name, value, ...]). SigV4 needs every
 * occurrence of a header in arrival order; `req.headers` joins some duplicates and drops others.
 */

/** All values of `name` (case-insensitive), in arrival order. */
export function headerValues(rawHeaders: readonly string[], name: string): string[] {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() === wanted) values.push(rawHeaders[i + 1]!);
  }
  return values;
}

/** The single value of `name`, or undefined; duplicates are joined with ',' as HTTP allows. */
export function headerValue(rawHeaders: readonly string[], name: string): string | undefined {
  const values = headerValues(rawHeaders, name);
  return values.length === 0 ? undefined : values.join(',');
}
