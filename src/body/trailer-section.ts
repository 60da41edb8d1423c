import { S3Error } from '../errors.js';

/**
 * The trailer section of an aws-chunked body (after the 0-size chunk), parsed line by line with the
 * leniencies real clients need (docs/s3-client-behaviour.md §1.5):
 * - minio-go ends trailer lines with `\n\r\n`: a blank line right after a bare-LF line is part of it;
 * - one optional blank line between the 0-size chunk and the first trailer;
 * - whitespace around ':'.
 * Only names announced in `x-amz-trailer` are accepted, each at most once.
 */

export const TRAILER_SIGNATURE = 'x-amz-trailer-signature';

export class TrailerSection {
  readonly values = new Map<string, string>();
  /** "name:value\n" per trailer in arrival order: what the trailer signature covers. */
  canonical = '';
  signature: string | undefined;
  private afterBareLf = false;
  private skippedLeadingBlank = false;

  constructor(
    private readonly announced: ReadonlySet<string>,
    private readonly signed: boolean,
  ) {}

  /** Feeds one complete line including its '\n'; returns true when the blank line ends the section. */
  line(raw: Buffer): boolean {
    const bareLf = raw.length < 2 || raw[raw.length - 2] !== 0x0d;
    const text = raw.toString('utf8', 0, raw.length - (bareLf ? 1 : 2));
    const afterBareLf = this.afterBareLf;
    this.afterBareLf = bareLf;
    if (text === '') return this.blankLine(afterBareLf);
    if (this.signature !== undefined) throw malformed('nothing may follow x-amz-trailer-signature.');
    const colon = text.indexOf(':');
    if (colon <= 0) throw malformed('a trailer line must be "name:value".');
    const name = text.slice(0, colon).trim().toLowerCase();
    const value = text.slice(colon + 1).trim();
    if (this.signed && name === TRAILER_SIGNATURE) {
      if (!/^[0-9a-fA-F]{64}$/.test(value))
        throw malformed('the trailer signature must be 64 hex characters.');
      this.signature = value.toLowerCase();
      return false;
    }
    if (!this.announced.has(name)) throw malformed(`trailer "${name}" was not announced in x-amz-trailer.`);
    if (this.values.has(name)) throw malformed(`trailer "${name}" was sent twice.`);
    this.values.set(name, value);
    this.canonical += `${name}:${value}\n`;
    return false;
  }

  private blankLine(afterBareLf: boolean): boolean {
    if (afterBareLf) {
      // The "\r\n" of minio-go's "name:value\n\r\n": belongs to the previous line.
      this.afterBareLf = false;
      return false;
    }
    if (this.values.size === 0 && this.signature === undefined && !this.skippedLeadingBlank) {
      this.skippedLeadingBlank = true;
      return false;
    }
    return true;
  }

  /** An announced trailer that never arrived, if any. */
  missing(): string | undefined {
    for (const name of this.announced) if (!this.values.has(name)) return name;
    return undefined;
  }
}

function malformed(reason: string): S3Error {
  return new S3Error('InvalidRequest', `Malformed aws-chunked trailer: ${reason}`);
}
