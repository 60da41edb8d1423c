import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { CorruptBlockError } from '../../blocks/index.js';

/** GCM's tag, appended to every sealed block file: an encrypted block is this much longer. */
export const TAG_BYTES = 16;
const NONCE_BYTES = 12;
/** Each data key encrypts exactly one plaintext (the one whose SHA-256 it is derived from). */
const BLOCK_NONCE = Buffer.alloc(NONCE_BYTES);
const SEAL_FORMAT = 1;
const INLINE_FORMAT = 2;

export interface SealedBlock {
  /** The block's name in the store: SHA-256 of `file`, like every block. */
  readonly hash: string;
  /** Ciphertext and tag, the bytes on disk. */
  readonly file: Buffer;
  /** The plaintext hash, encrypted under the key and bound to `hash`: the block row keeps it. */
  readonly sealed: Buffer;
}

/**
 * Convergent, authenticated encryption of blocks under one key (docs/ARCHITECTURE.md,
 * "Encryption at rest"). A block with plaintext SHA-256 `h` is encrypted with AES-256-GCM under the
 * data key HMAC(K_data, h) and a fixed nonce, so equal plaintext under one key gives equal bytes
 * (and one deduplicated block), while the name (SHA-256 of the ciphertext) says nothing about `h`.
 * The reader learns `h` from the seal in the block row, encrypted under K_seal.
 */
export class BlockCipher {
  readonly #dataKey: Buffer;
  readonly #sealKey: Buffer;
  readonly #inlineKey: Buffer;
  readonly #header: Buffer;
  readonly #checkKey: Buffer;

  /** `ref` names the key inside every seal ("s3", or "kms:<id>"), so a reader needs nothing else. */
  constructor(
    readonly ref: string,
    key: Buffer,
  ) {
    const sub = (info: string) => Buffer.from(hkdfSync('sha256', key, '', `oks3 sse ${info}`, 32));
    this.#dataKey = sub('block data');
    this.#sealKey = sub('block seal');
    this.#inlineKey = sub('inline');
    this.#checkKey = sub('check');
    const name = Buffer.from(ref, 'utf8');
    this.#header = Buffer.concat([Buffer.from([name.length]), name]);
  }

  /** A fingerprint of the key (an HMAC under a subkey): equal for equal keys, useless to an attacker. */
  check(): string {
    return createHmac('sha256', this.#checkKey).update('oks3 key check').digest('base64');
  }

  sealBlock(plainHash: string, data: Buffer): SealedBlock {
    const h = Buffer.from(plainHash, 'hex');
    const file = gcm(createHmac('sha256', this.#dataKey).update(h).digest(), BLOCK_NONCE, data);
    const hash = createHash('sha256').update(file).digest('hex');
    const nonce = randomBytes(NONCE_BYTES);
    const sealed = Buffer.concat([
      Buffer.from([SEAL_FORMAT]),
      this.#header,
      nonce,
      gcm(this.#sealKey, nonce, h, Buffer.from(hash, 'hex')),
    ]);
    return { hash, file, sealed };
  }

  /** The plaintext of a block file, checked twice: the GCM tag, then the plaintext's SHA-256. */
  openBlock(hash: string, sealed: Buffer, file: Buffer): Buffer {
    const body = this.#body(sealed, SEAL_FORMAT, hash);
    const h = ungcm(this.#sealKey, body, Buffer.from(hash, 'hex'), hash);
    const data = ungcm(createHmac('sha256', this.#dataKey).update(h).digest(), file, undefined, hash, true);
    if (!createHash('sha256').update(data).digest().equals(h)) {
      throw new CorruptBlockError(hash, 'decrypted block does not match its sealed hash');
    }
    return data;
  }

  /** An inline object's bytes, with a random nonce: nothing to deduplicate in a version row. */
  sealInline(data: Buffer): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    return Buffer.concat([
      Buffer.from([INLINE_FORMAT]),
      this.#header,
      nonce,
      gcm(this.#inlineKey, nonce, data),
    ]);
  }

  openInline(sealed: Buffer): Buffer {
    return ungcm(this.#inlineKey, this.#body(sealed, INLINE_FORMAT, 'inline'), undefined, 'inline');
  }

  #body(sealed: Buffer, format: number, what: string): Buffer {
    if (sealed[0] !== format || !sealed.subarray(1, 1 + this.#header.length).equals(this.#header)) {
      throw new CorruptBlockError(what, `sealed under another key or format than ${this.ref}`);
    }
    return sealed.subarray(1 + this.#header.length);
  }
}

/** The key reference ("s3" or "kms:<id>") a seal or a sealed inline object names. */
export function sealRef(sealed: Buffer): string {
  const length = sealed[1] ?? 0;
  return sealed.subarray(2, 2 + length).toString('utf8');
}

function gcm(key: Buffer, nonce: Buffer, data: Buffer, aad?: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  if (aad) cipher.setAAD(aad);
  return Buffer.concat([cipher.update(data), cipher.final(), cipher.getAuthTag()]);
}

/** Reverses gcm: `nonce || ciphertext || tag`, or, with `fixedNonce`, `ciphertext || tag` under BLOCK_NONCE. */
function ungcm(
  key: Buffer,
  bytes: Buffer,
  aad: Buffer | undefined,
  what: string,
  fixedNonce = false,
): Buffer {
  const nonce = fixedNonce ? BLOCK_NONCE : bytes.subarray(0, NONCE_BYTES);
  const body = fixedNonce ? bytes : bytes.subarray(NONCE_BYTES);
  if (body.length < TAG_BYTES) throw new CorruptBlockError(what, 'sealed bytes too short');
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  if (aad) decipher.setAAD(aad);
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new CorruptBlockError(what, 'authentication tag does not match (wrong key or altered bytes)');
  }
}
