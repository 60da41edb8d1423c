import type { S3Client } from '@aws-sdk/client-s3';
import { useState } from 'preact/hooks';
import { Dialog } from './dialog.js';
import { presignedGet } from './objects.js';

/** The expiries offered; SigV4 allows at most 7 days. */
const EXPIRIES: [string, number][] = [
  ['15 minutes', 15 * 60],
  ['1 hour', 3600],
  ['1 day', 86400],
  ['7 days', 7 * 86400],
];

/**
 * A share link: a presigned GET signed here with the signed-in keys, valid until it expires for
 * whoever has it (signing out does not revoke it; deleting the object or the key does).
 */
export function Share(props: { s3: S3Client; bucket: string; objectKey: string; onClose: () => void }) {
  const [expiresIn, setExpiresIn] = useState(3600);
  const [link, setLink] = useState('');
  const [status, setStatus] = useState('');

  async function create(event: Event) {
    event.preventDefault();
    const url = await presignedGet(props.s3, props.bucket, props.objectKey, { expiresIn });
    setLink(new URL(url, window.location.href).href);
    setStatus('');
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(link);
      setStatus('Link copied to the clipboard.');
    } catch {
      setStatus('Copying was refused by the browser: select the link and copy it.');
    }
  }

  return (
    <Dialog title={`Share ${props.objectKey}`} onClose={props.onClose}>
      <form class="share" onSubmit={create}>
        <label>
          Link valid for
          <select
            value={expiresIn}
            onChange={(e) => setExpiresIn(Number((e.currentTarget as HTMLSelectElement).value))}
          >
            {EXPIRIES.map(([label, seconds]) => (
              <option key={seconds} value={seconds}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="primary">
          Create link
        </button>
      </form>
      {link && (
        <div class="share-link">
          <label>
            Share link
            <input readOnly value={link} onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
          </label>
          <button type="button" onClick={() => void copy()}>
            Copy link
          </button>
        </div>
      )}
      <p role="status" class="note">
        {status}
      </p>
    </Dialog>
  );
}
