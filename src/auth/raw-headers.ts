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

// ignoreBOM: a leading U+FEFF is part of the value the client signed, not a marker to drop.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The text a client signed for a header value, which SigV4 hashes as UTF-8. Node decodes header
 * bytes as latin1 (one character per byte), so a UTF-8 value arrives as mojibake: re-read the
 * original bytes as UTF-8, as curl, Go clients and the JS SDK with a string body send them.
 * Bytes that are not valid UTF-8 are taken as the latin1 text Node decoded: that is what Node's
 * own client puts on the wire when the headers go out on their own (the JS SDK with a Buffer or
 * stream body), and the SDK signed that text. A value holding characters above U+00FF did not
 * come off the wire and is already text.
 */
export function headerText(value: string): string {
  if (!/[\u0080-\u00ff]/.test(value) || /[\u0100-\uffff]/.test(value)) return value;
  try {
    return UTF8.decode(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
}
