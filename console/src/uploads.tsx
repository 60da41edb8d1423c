import type { S3Client } from '@aws-sdk/client-s3';
import { useRef, useState } from 'preact/hooks';
import { formatSize } from './format.js';
import { uploadFile } from './objects.js';

interface UploadState {
  id: number;
  name: string;
  size: number;
  loaded: number;
  status: 'uploading' | 'done' | 'failed';
  error?: string;
}

let nextId = 1;

/**
 * The file picker and drop zone of a folder, with a progress bar per file and one for all. Files
 * upload one after another (each in parallel parts), so the first finishes as early as it can.
 */
export function Uploads(props: { s3: S3Client; bucket: string; folder: string; onUploaded: () => void }) {
  const [uploads, setUploads] = useState<UploadState[]>([]);
  const [dragging, setDragging] = useState(false);
  const queue = useRef(Promise.resolve());

  function update(id: number, change: Partial<UploadState>) {
    setUploads((all) => all.map((u) => (u.id === id ? { ...u, ...change } : u)));
  }

  function start(files: FileList | null) {
    if (!files || files.length === 0) return;
    const { s3, bucket, folder } = props;
    const added = [...files].map((file) => ({
      file,
      state: { id: nextId++, name: file.name, size: file.size, loaded: 0, status: 'uploading' as const },
    }));
    setUploads((all) => [...all, ...added.map((a) => a.state)]);
    for (const { file, state } of added) {
      queue.current = queue.current.then(async () => {
        try {
          await uploadFile(s3, bucket, folder + file.name, file, (loaded) => update(state.id, { loaded }));
          update(state.id, { status: 'done', loaded: file.size });
        } catch (err) {
          update(state.id, { status: 'failed', error: (err as Error).message });
        }
        props.onUploaded();
      });
    }
  }

  const total = uploads.reduce((sum, u) => sum + u.size, 0);
  const loaded = uploads.reduce((sum, u) => sum + u.loaded, 0);
  const busy = uploads.some((u) => u.status === 'uploading');

  return (
    <section aria-label="Upload">
      {/* biome-ignore lint/a11y/noStaticElementInteractions: dropping is the mouse's shortcut; the file picker inside is the keyboard's way */}
      <div
        class={dragging ? 'drop-zone dragging' : 'drop-zone'}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          start(e.dataTransfer?.files ?? null);
        }}
      >
        <p>Drop files here to upload them into this folder, or</p>
        <label class="button primary">
          Choose files
          <input
            type="file"
            multiple
            class="visually-hidden"
            aria-label="Choose files to upload"
            onChange={(e) => {
              start((e.currentTarget as HTMLInputElement).files);
              (e.currentTarget as HTMLInputElement).value = '';
            }}
          />
        </label>
      </div>
      {uploads.length > 0 && (
        <div class="uploads">
          <label class="progress-row total">
            <span aria-live="polite">
              All uploads: {formatSize(loaded)} of {formatSize(total)} {busy ? '' : '— done'}
            </span>
            <progress max={total || 1} value={loaded} aria-label="All uploads" />
          </label>
          <ul>
            {uploads.map((u) => (
              <li key={u.id} class={`progress-row ${u.status}`} data-status={u.status}>
                <span class="name">{u.name}</span>
                <progress
                  max={u.size || 1}
                  value={u.status === 'done' ? u.size || 1 : u.loaded}
                  aria-label={`Upload of ${u.name}`}
                />
                <span class="status">
                  {u.status === 'failed'
                    ? `Failed: ${u.error}`
                    : u.status === 'done'
                      ? 'Uploaded'
                      : `${Math.floor((u.loaded / (u.size || 1)) * 100)} %`}
                </span>
              </li>
            ))}
          </ul>
          {!busy && (
            <button type="button" class="clear-uploads" onClick={() => setUploads([])}>
              Clear finished uploads
            </button>
          )}
        </div>
      )}
    </section>
  );
}
