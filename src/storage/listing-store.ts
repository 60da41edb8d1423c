import type { FolderEntry } from '../metadata/folder-repository.js';
import type { ListedObject, ObjectVersion } from '../metadata/object-types.js';
import type { FolderRows, VersionRows } from '../metadata/ports.js';

/** A page of keys from `from` (inclusive or not), under `prefix`, in key order. */
export interface KeyPage {
  bucket: string;
  prefix: string;
  from: string;
  inclusive: boolean;
  limit: number;
}

/**
 * Read-only views of a bucket's keys for listings: current objects (ListObjects), every key that
 * has versions (ListObjectVersions) and the folder tables (`GET /files/...`). The listing
 * algorithms (delimiters, markers) are in s3/rules and read through these.
 */
export class ListingStore {
  constructor(
    private readonly rows: VersionRows,
    private readonly folders: FolderRows,
  ) {}

  objectsPage(p: KeyPage): Promise<ListedObject[]> {
    return this.rows.listKeys(p.bucket, p.prefix, p.from, p.inclusive, p.limit);
  }

  versionedKeysPage(p: KeyPage): Promise<string[]> {
    return this.rows.listVersionKeys(p.bucket, p.prefix, p.from, p.inclusive, p.limit);
  }

  /** Every version of one key, newest first, delete markers included. */
  versions(bucket: string, key: string): Promise<ObjectVersion[]> {
    return this.rows.versions(bucket, key);
  }

  /** One folder's direct children after `marker`: a single partition read. */
  folderChildren(bucket: string, folder: string, marker: string, limit: number): Promise<FolderEntry[]> {
    return this.folders.children(bucket, folder, marker, limit);
  }
}
