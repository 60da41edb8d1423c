/**
 * Errors of the block layer. The HTTP layer maps them to S3 codes in one place
 * (a corrupt or missing block is an InternalError for the client, never a 404 on the key).
 */

/** Keeps hostile input out of log lines: quoted and cut short. */
function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);
}

/** Anything that is not 64 lowercase hex characters; raised before any path is built from it. */
export class InvalidBlockHashError extends Error {
  override readonly name = 'InvalidBlockHashError';
  constructor(readonly hash: string) {
    super(`invalid block hash ${quote(hash)}: expected 64 lowercase hex characters`);
  }
}

export class BlockNotFoundError extends Error {
  override readonly name = 'BlockNotFoundError';
  constructor(readonly hash: string) {
    super(`block ${hash} not found`);
  }
}

/** The bytes on disk do not match the block's name or its recorded size. */
export class CorruptBlockError extends Error {
  override readonly name = 'CorruptBlockError';
  constructor(
    readonly hash: string,
    readonly reason: string,
  ) {
    super(`block ${hash} is corrupt: ${reason}`);
  }
}
