import { S3Error } from '../errors.js';

/**
 * Byte-level percent-decoding and SigV4 re-encoding (RFC 3986 unreserved set, uppercase hex).
 * Works on bytes, not strings, so keys that are not valid UTF-8 still canonicalise exactly as the
 * client sent them.
 */

const HEX = '0123456789ABCDEF';

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    byte === 0x2d || // -
    byte === 0x5f || // _
    byte === 0x2e || // .
    byte === 0x7e // ~
  );
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x41 + 10;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  return -1;
}

/**
 * Decodes `%XX` escapes once. `plusIsSpace` is for query strings only: form-style clients send a
 * space as `+` there (MinIO and Go's url.ParseQuery agree); in paths `+` is a literal plus.
 * A malformed escape is a client error, not something to guess about.
 */
export function percentDecode(raw: string, plusIsSpace: boolean): Buffer {
  const input = Buffer.from(raw, 'utf8');
  const out = Buffer.allocUnsafe(input.length);
  let length = 0;
  for (let i = 0; i < input.length; i++) {
    const byte = input[i]!;
    if (byte === 0x25) {
      const high = hexValue(input[i + 1] ?? -1);
      const low = hexValue(input[i + 2] ?? -1);
      if (high < 0 || low < 0)
        throw new S3Error('InvalidArgument', 'Invalid percent-encoding in request URI.');
      out[length++] = high * 16 + low;
      i += 2;
    } else if (byte === 0x2b && plusIsSpace) {
      out[length++] = 0x20;
    } else {
      out[length++] = byte;
    }
  }
  return out.subarray(0, length);
}

/** SigV4 `UriEncode`: every byte outside the unreserved set becomes `%XX`. */
export function uriEncode(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) {
    if (isUnreserved(byte)) out += String.fromCharCode(byte);
    else out += `%${HEX[byte >> 4]}${HEX[byte & 0x0f]}`;
  }
  return out;
}
