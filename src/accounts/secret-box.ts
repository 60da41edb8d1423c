import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encrypts access-key secrets at rest. SigV4 is an HMAC keyed by the secret itself, so the server
 * needs the plaintext on every request: a one-way hash is impossible. Secrets are sealed with
 * AES-256-GCM under a master key that never touches Cassandra, so the metadata alone (a backup, a
 * snapshot, a read-only CQL user) does not reveal them. The associated data binds a ciphertext to
 * its key id and account, so rows cannot be swapped to impersonate another key.
 */
export class SecretBox {
  private readonly fingerprint: string;

  constructor(private readonly masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
    this.fingerprint = createHash('sha256').update(masterKey).digest('hex').slice(0, 8);
  }

  /** `v1.<master key fingerprint>.<iv>.<tag>.<ciphertext>`, base64url parts. */
  seal(plaintext: string, associatedData: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.masterKey, iv);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
    return ['v1', this.fingerprint, ...parts].join('.');
  }

  /** Throws when the value was sealed under another master key, for other data, or was altered. */
  open(sealed: string, associatedData: string): string {
    const [version, fingerprint, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || iv === undefined || tag === undefined || body === undefined) {
      throw new Error('unreadable sealed secret');
    }
    if (fingerprint !== this.fingerprint) {
      throw new Error(
        `secret sealed under another master key (${fingerprint}, this server has ${this.fingerprint})`,
      );
    }
    const decipher = createDecipheriv('aes-256-gcm', this.masterKey, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}

/**
 * The master key: OKS3_MASTER_KEY when set, else derived (HKDF-SHA256) from the root secret, so a
 * default install still keeps secrets out of the metadata; rotating the root secret then needs
 * OKS3_MASTER_KEY set to the old derived key, or the keys re-created.
 */
export function masterKeyFrom(configured: string | undefined, rootSecret: string): Buffer {
  if (configured !== undefined) return Buffer.from(configured, 'base64');
  return Buffer.from(hkdfSync('sha256', rootSecret, 'ok-s3', 'ok-s3 access key secrets v1', 32));
}
