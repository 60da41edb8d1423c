import { createHash, webcrypto } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { BlockNotFoundError, CorruptBlockError } from './errors.js';

/** Byte range inside a block, both ends inclusive like `fs.createReadStream` and HTTP Range. */
export interface BlockRange {
  readonly start?: number;
  readonly end?: number;
}

/** Large enough that a default-sized block (<= 2 MiB) is read, and verified, in one piece. */
const READ_PIECE = 2 * 1024 * 1024;

/**
 * Streams `range` of the block file at `file`. The file's length must equal `expectedSize` (the
 * size recorded in metadata), else the stream fails with CorruptBlockError. A full read also
 * re-hashes the bytes and checks the digest before it emits the last piece, so a block that fits in
 * one piece never lets a corrupt byte out; for bigger blocks the consumer sees an error at the end
 * and must abort the response rather than end it.
 */
export function readBlock(
  file: string,
  hash: string,
  expectedSize: number,
  range: BlockRange = {},
): Readable {
  const start = range.start ?? 0;
  const end = range.end ?? expectedSize - 1;
  if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end) && 0 <= start && start <= end + 1)) {
    throw new RangeError(`invalid block range ${start}-${end}`);
  }
  if (end >= expectedSize)
    throw new RangeError(`block range end ${end} is past the block size ${expectedSize}`);
  return Readable.from(pieces(file, hash, expectedSize, start, end), { objectMode: false });
}

async function* pieces(
  file: string,
  hash: string,
  size: number,
  start: number,
  end: number,
): AsyncGenerator<Buffer> {
  const handle = await open(file, 'r').catch((err: NodeJS.ErrnoException) => {
    throw err.code === 'ENOENT' ? new BlockNotFoundError(hash) : err;
  });
  try {
    if (start === 0 && end === size - 1 && size <= READ_PIECE) {
      yield await wholeBlock(handle, hash, size);
      return;
    }
    const actual = (await handle.stat()).size;
    if (actual !== size) throw new CorruptBlockError(hash, `size on disk ${actual}, expected ${size}`);
    const hasher = start === 0 && end === size - 1 ? createHash('sha256') : undefined;
    for (let pos = start; pos <= end; ) {
      const length = Math.min(READ_PIECE, end + 1 - pos);
      const piece = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(piece, 0, length, pos);
      if (bytesRead !== length) throw new CorruptBlockError(hash, `short read at offset ${pos}`);
      pos += length;
      hasher?.update(piece);
      if (hasher && pos > end && hasher.digest('hex') !== hash) {
        throw new CorruptBlockError(hash, 'content does not match its SHA-256');
      }
      yield piece;
    }
  } finally {
    await handle.close();
  }
}

/**
 * A whole block in one read of one byte more than its size, so a longer or shorter file shows
 * without a stat. Its SHA-256 is checked by WebCrypto, which hashes in libuv's thread pool: the
 * blocks of a download, read ahead, are verified on every core while the event loop sends.
 */
async function wholeBlock(handle: FileHandle, hash: string, size: number): Promise<Buffer> {
  const bytes = Buffer.allocUnsafe(size + 1);
  const { bytesRead } = await handle.read(bytes, 0, size + 1, 0);
  if (bytesRead !== size)
    throw new CorruptBlockError(
      hash,
      `size on disk ${bytesRead > size ? `> ${size}` : bytesRead}, expected ${size}`,
    );
  const data = bytes.subarray(0, size);
  const digest = Buffer.from(await webcrypto.subtle.digest('SHA-256', data)).toString('hex');
  if (digest !== hash) throw new CorruptBlockError(hash, 'content does not match its SHA-256');
  return data;
}
