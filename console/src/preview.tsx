import type { S3Client } from '@aws-sdk/client-s3';
import { useEffect, useState } from 'preact/hooks';
import { Dialog } from './dialog.js';
import { type Kind, kindOf, previewType } from './format.js';
import { contentTypeOf, presignedGet } from './objects.js';

/** How much of a text file a preview shows (one range request). */
const TEXT_PREVIEW_BYTES = 256 * 1024;
const PREVIEW_SECONDS = 15 * 60;

interface Loaded {
  kind: Kind;
  url: string;
  text?: string;
  truncated?: boolean;
}

/**
 * Shows an object through a presigned GET served with a safe type (the bucket's bytes are never
 * rendered as a page of this origin): image, video and audio elements ask for ranges themselves,
 * a PDF opens in the browser's viewer, text is read with one range request and shown as text.
 */
export function Preview(props: {
  s3: S3Client;
  bucket: string;
  name: string;
  objectKey: string;
  onClose: () => void;
}) {
  const { s3, bucket, objectKey } = props;
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  const [error, setError] = useState('');

  useEffect(() => {
    void (async () => {
      try {
        const type = await contentTypeOf(s3, bucket, objectKey);
        const kind = kindOf(type, props.name);
        const url = await presignedGet(s3, bucket, objectKey, {
          expiresIn: PREVIEW_SECONDS,
          contentType: previewType(kind, type),
        });
        if (kind !== 'text') return setLoaded({ kind, url });
        const res = await fetch(url, { headers: { Range: `bytes=0-${TEXT_PREVIEW_BYTES - 1}` } });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const range = res.headers.get('Content-Range');
        const size = range ? Number(range.split('/')[1]) : 0;
        setLoaded({ kind, url, text: await res.text(), truncated: size > TEXT_PREVIEW_BYTES });
      } catch (err) {
        setError((err as Error).message);
      }
    })();
  }, [s3, bucket, objectKey]);

  return (
    <Dialog title={`Preview of ${props.name}`} onClose={props.onClose} wide>
      <div class="preview">
        {error ? (
          <p class="error" role="alert">
            Could not preview: {error}
          </p>
        ) : !loaded ? (
          <p aria-busy="true">Loading…</p>
        ) : (
          body(loaded, props.name)
        )}
      </div>
    </Dialog>
  );
}

function body(loaded: Loaded, name: string) {
  switch (loaded.kind) {
    case 'image':
      return <img src={loaded.url} alt={name} />;
    case 'video':
      // biome-ignore lint/a11y/useMediaCaption: a user's own video has no caption track to offer
      return <video src={loaded.url} controls preload="metadata" aria-label={name} />;
    case 'audio':
      // biome-ignore lint/a11y/useMediaCaption: a user's own recording has no caption track to offer
      return <audio src={loaded.url} controls preload="metadata" aria-label={name} />;
    case 'pdf':
      return <iframe src={loaded.url} title={name} />;
    case 'text':
      return (
        <>
          <pre>{loaded.text}</pre>
          {loaded.truncated && <p class="note">The first {TEXT_PREVIEW_BYTES / 1024} KiB are shown.</p>}
        </>
      );
    default:
      return <p>This type of file has no preview; download it instead.</p>;
  }
}
