import { S3Error } from '../errors.js';

/**
 * Collects one '\n'-terminated line across input chunks, with a hard length cap so a client cannot
 * make the server buffer an endless "line".
 */
export class LineBuffer {
  private parts: Buffer[] = [];
  private length = 0;

  constructor(
    private readonly limit: number,
    private readonly what: string,
  ) {}

  /** True when part of a line has been read but not its '\n'. */
  get pending(): boolean {
    return this.length > 0;
  }

  /**
   * Reads from `chunk` at `offset` up to and including the next '\n'. Returns the whole line (with
   * its terminator) when complete, else undefined; `next` is where reading stopped.
   */
  read(chunk: Buffer, offset: number): { line: Buffer | undefined; next: number } {
    const newline = chunk.indexOf(0x0a, offset);
    const end = newline < 0 ? chunk.length : newline + 1;
    this.length += end - offset;
    if (this.length > this.limit) {
      throw new S3Error(
        'InvalidRequest',
        `Malformed aws-chunked body: ${this.what} exceeds ${this.limit} bytes.`,
      );
    }
    this.parts.push(chunk.subarray(offset, end));
    if (newline < 0) return { line: undefined, next: end };
    const line = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.parts = [];
    this.length = 0;
    return { line, next: end };
  }
}
