import type { FolderPage } from './folder-listing.js';
import { formatDate, formatSize, typeFromName } from './format.js';
import { href } from './route.js';

/** What a row's action opens over the folder. */
export type Open =
  | { kind: 'preview'; name: string; key: string }
  | { kind: 'share'; key: string }
  | { kind: 'delete-file'; key: string }
  | { kind: 'delete-folder'; prefix: string };

/** A folder's sub-folders, then its files, each row with its actions (labelled with the name). */
export function FolderTable(props: {
  bucket: string;
  folder: string;
  page: FolderPage;
  onOpen: (open: Open) => void;
  onDownload: (key: string, name: string) => void;
}) {
  const { bucket, folder, page } = props;
  const setOpen = props.onOpen;
  const download = props.onDownload;
  return (
    <table class="listing">
      <caption class="visually-hidden">Contents of {folder || 'the bucket'}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col" class="size">
            Size
          </th>
          <th scope="col" class="type">
            Type
          </th>
          <th scope="col" class="date">
            Modified
          </th>
          <th scope="col" class="actions">
            <span class="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {page.folders
          .map((f) => ({ ...f, name: f.name.replace(/\/$/, '') }))
          .map((f) => (
            <tr key={f.prefix} class="folder">
              <td>
                <a href={href(bucket, f.prefix)}>{f.name}</a>
              </td>
              <td class="size" />
              <td class="type">Folder</td>
              <td class="date" />
              <td class="actions">
                <button
                  type="button"
                  class="danger"
                  aria-label={`Delete folder ${f.name}`}
                  onClick={() => setOpen({ kind: 'delete-folder', prefix: f.prefix })}
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        {page.files.map((f) => (
          <tr key={f.key}>
            <td>
              <button
                type="button"
                class="link"
                aria-label={`Preview ${f.name}`}
                onClick={() => setOpen({ kind: 'preview', name: f.name, key: f.key })}
              >
                {f.name}
              </button>
            </td>
            <td class="size">{formatSize(f.size)}</td>
            <td class="type">{typeFromName(f.name) || 'File'}</td>
            <td class="date">{formatDate(f.lastModified)}</td>
            <td class="actions">
              <button type="button" aria-label={`Download ${f.name}`} onClick={() => download(f.key, f.name)}>
                Download
              </button>
              <button
                type="button"
                aria-label={`Share ${f.name}`}
                onClick={() => setOpen({ kind: 'share', key: f.key })}
              >
                Share
              </button>
              <button
                type="button"
                class="danger"
                aria-label={`Delete ${f.name}`}
                onClick={() => setOpen({ kind: 'delete-file', key: f.key })}
              >
                Delete
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Where the folder is, each ancestor a link; the heading of the page. */
export function Breadcrumbs(props: { bucket: string; folder: string }) {
  const parts = props.folder.split('/').filter((p) => p !== '');
  return (
    <nav aria-label="Folder path" class="breadcrumbs">
      <h1 id="folder-title">
        <a href="#/">Buckets</a>
        <span aria-hidden="true"> / </span>
        <a href={href(props.bucket, '')} aria-current={parts.length === 0 ? 'page' : undefined}>
          {props.bucket}
        </a>
        {parts.map((name, i) => (
          <span key={i}>
            <span aria-hidden="true"> / </span>
            <a
              href={href(props.bucket, `${parts.slice(0, i + 1).join('/')}/`)}
              aria-current={i === parts.length - 1 ? 'page' : undefined}
            >
              {name}
            </a>
          </span>
        ))}
      </h1>
    </nav>
  );
}
