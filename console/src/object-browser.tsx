import type { S3Client } from '@aws-sdk/client-s3';
import { useEffect, useState } from 'preact/hooks';
import { ConfirmDialog } from './dialog.js';
import { type FolderPage, listFolder } from './folder-listing.js';
import { Breadcrumbs, FolderTable, type Open } from './folder-table.js';
import { createFolder, deleteFolder, deleteObject, presignedGet } from './objects.js';
import { Preview } from './preview.js';
import type { Credentials } from './session.js';
import { Share } from './share.js';
import { Uploads } from './uploads.js';

interface Props {
  s3: S3Client;
  credentials: Credentials;
  bucket: string;
  folder: string;
  report: (message: string, isError?: boolean) => void;
}

/** One folder of a bucket, read from the folder tables (`GET /files/...`). */
export function ObjectBrowser(props: Props) {
  const { s3, credentials, bucket, folder, report } = props;
  const [page, setPage] = useState<FolderPage | undefined>();
  const [open, setOpen] = useState<Open | undefined>();

  async function reload() {
    try {
      setPage(await listFolder(credentials, bucket, folder));
    } catch (err) {
      report((err as Error).message, true);
    }
  }
  useEffect(() => {
    setPage(undefined);
    void reload();
  }, [bucket, folder, credentials]);

  async function act(work: () => Promise<unknown>, done: string, failed: string) {
    try {
      await work();
      report(done);
    } catch (err) {
      report(`${failed}: ${(err as Error).message}`, true);
    }
    await reload();
  }

  async function newFolder(event: Event) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const name = String(new FormData(form).get('folder') ?? '')
      .trim()
      .replace(/\/+$/, '');
    if (!name) return;
    form.reset();
    await act(
      () => createFolder(s3, bucket, `${folder}${name}/`),
      `Folder ${name} created.`,
      `Could not create folder ${name}`,
    );
  }

  async function download(key: string, name: string) {
    const url = await presignedGet(s3, bucket, key, { expiresIn: 300, downloadAs: name });
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.click();
  }

  return (
    <section aria-labelledby="folder-title">
      <Breadcrumbs bucket={bucket} folder={folder} />
      <Uploads s3={s3} bucket={bucket} folder={folder} onUploaded={() => void reload()} />
      <form class="inline-form" onSubmit={newFolder}>
        <label>
          New folder name
          <input name="folder" required pattern="[^\/]+\/?" title="A name without /" spellcheck={false} />
        </label>
        <button type="submit">Create folder</button>
      </form>
      {page === undefined ? (
        <p aria-busy="true">Loading…</p>
      ) : page.folders.length + page.files.length === 0 ? (
        <p>This folder is empty.</p>
      ) : (
        <FolderTable
          bucket={bucket}
          folder={folder}
          page={page}
          onOpen={setOpen}
          onDownload={(key, name) => void download(key, name)}
        />
      )}
      {open?.kind === 'preview' && (
        <Preview
          s3={s3}
          bucket={bucket}
          name={open.name}
          objectKey={open.key}
          onClose={() => setOpen(undefined)}
        />
      )}
      {open?.kind === 'share' && (
        <Share s3={s3} bucket={bucket} objectKey={open.key} onClose={() => setOpen(undefined)} />
      )}
      {open?.kind === 'delete-file' && (
        <ConfirmDialog
          title="Delete file"
          message={`Delete ${open.key} from ${bucket}? This cannot be undone.`}
          confirm="Delete file"
          onConfirm={() =>
            void act(
              () => deleteObject(s3, bucket, open.key),
              `${open.key} deleted.`,
              `Could not delete ${open.key}`,
            )
          }
          onClose={() => setOpen(undefined)}
        />
      )}
      {open?.kind === 'delete-folder' && (
        <ConfirmDialog
          title="Delete folder"
          message={`Delete the folder ${open.prefix} and everything in it? This cannot be undone.`}
          confirm="Delete folder"
          onConfirm={() =>
            void act(
              async () => deleteFolder(s3, bucket, open.prefix),
              `Folder ${open.prefix} deleted.`,
              `Could not delete ${open.prefix}`,
            )
          }
          onClose={() => setOpen(undefined)}
        />
      )}
    </section>
  );
}
