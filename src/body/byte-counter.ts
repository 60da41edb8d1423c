import { Transform, type TransformCallback } from 'node:stream';
import { S3Error } from '../errors.js';

/**
 * Counts the raw request bytes and fails unless exactly Content-Length of them arrived. Node's
 * parser already stops at Content-Length; this catches a source that ends early.
 */
export class ByteCounter extends Transform {
  count = 0;

  constructor(private readonly expected: number | null) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.count += chunk.length;
    if (this.expected !== null && this.count > this.expected) {
      callback(new S3Error('IncompleteBody', 'The body is longer than Content-Length.'));
      return;
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.expected !== null && this.count !== this.expected) {
      callback(new S3Error('IncompleteBody'));
      return;
    }
    callback();
  }
}
