/**
 * Request timestamps: SigV4's ISO 8601 basic format (`20130524T000000Z`) and, for header auth
 * without X-Amz-Date, the HTTP `Date` header.
 */

/** S3 rejects requests more than 15 minutes off the server clock (MinIO uses the same bound). */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Parses `yyyymmddThhmmssZ`; undefined unless it names a real instant. */
export function parseAmzDate(value: string): Date | undefined {
  const match = ISO_BASIC.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC silently rolls 2013-02-30 over to March; reject instead of signing a different date.
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59)
    return undefined;
  return date;
}

/** Formats an instant the way it appears in the string to sign. */
export function formatAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Parses an HTTP date (RFC 7231 IMF-fixdate and the legacy forms Date.parse understands). */
export function parseHttpDate(value: string): Date | undefined {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
