import { S3Error } from '../../errors.js';
import type { ObjectEncryption } from '../../metadata/object-types.js';
import { BlockCipher, sealRef } from './block-cipher.js';

const SSE_S3_REF = 's3';
const KMS_REF = 'kms:';

/**
 * The keys of server-side encryption: SSE-S3's master key and SSE-KMS's local key ring (named keys
 * from configuration, no external KMS). Every seal names its key, so reads, copies and part
 * copies find the key without being told the object's mode.
 */
export class KeyRing {
  readonly #ciphers = new Map<string, BlockCipher>();

  constructor(
    masterKey: Buffer,
    kmsKeys: Readonly<Record<string, Buffer>>,
    private readonly defaultKmsKeyId: string | undefined,
  ) {
    this.#ciphers.set(SSE_S3_REF, new BlockCipher(SSE_S3_REF, masterKey));
    for (const [id, key] of Object.entries(kmsKeys)) {
      this.#ciphers.set(KMS_REF + id, new BlockCipher(KMS_REF + id, key));
    }
  }

  /** The cipher of an object's encryption (undefined: stored in the clear). */
  cipherFor(encryption: ObjectEncryption | null): BlockCipher | undefined {
    if (!encryption) return undefined;
    const ref = encryption.algorithm === 'AES256' ? SSE_S3_REF : KMS_REF + encryption.kmsKeyId;
    return this.#cipher(ref);
  }

  /** The cipher a seal names. */
  cipherOf(sealed: Buffer): BlockCipher {
    return this.#cipher(sealRef(sealed));
  }

  /**
   * The ring's id for a requested SSE-KMS key: a key id, `alias/<id>`, or an ARN ending in
   * `key/<id>` or `alias/<id>`; none means the default key. Unknown: S3's KMS.NotFoundException.
   */
  resolveKmsKeyId(requested: string | undefined): string {
    const id = requested === undefined ? this.defaultKmsKeyId : /(?:^|[:/])([^:/]+)$/.exec(requested)?.[1];
    if (id === undefined || !this.#ciphers.has(KMS_REF + id)) {
      const named = requested ?? 'the default key (OKS3_KMS_KEYS is empty)';
      throw new S3Error('KMS.NotFoundException', `Invalid keyId ${named}`);
    }
    return id;
  }

  /** A value that tells whether a server holds the same master key, revealing nothing of it. */
  masterKeyCheck(): string {
    return this.#cipher(SSE_S3_REF).check();
  }

  #cipher(ref: string): BlockCipher {
    const cipher = this.#ciphers.get(ref);
    if (!cipher) throw new S3Error('KMS.NotFoundException', `Invalid keyId ${ref.slice(KMS_REF.length)}`);
    return cipher;
  }
}
