import { Transform, type TransformCallback } from 'node:stream';
import { S3Error } from '../../errors.js';
import type { ContentLengthRange } from './post-policy.js';

/**
 * Passes the file of a form upload through while counting it: past `max` the stream errors at once
 * (EntityTooLarge), so an oversize upload stops being read; under `min` it errors at the end
 * (EntityTooSmall) instead of ending, so nothing is committed.
 */
export class ContentLengthRangeLimit extends Transform {
  private size = 0;

  constructor(private readonly range: ContentLengthRange) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.range.max) {
      callback(
        new S3Error('EntityTooLarge', undefined, { ProposedSize: this.size, MaxSizeAllowed: this.range.max }),
      );
      return;
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.size < this.range.min) {
      callback(
        new S3Error('EntityTooSmall', undefined, { ProposedSize: this.size, MinSizeAllowed: this.range.min }),
      );
      return;
    }
    callback();
  }
}
