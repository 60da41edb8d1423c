import type { CqlClient } from './cassandra-client.js';
import { folderEdges } from './folder-paths.js';

export interface FolderEntry {
  /** Child name relative to its folder; sub-folders end with '/'. */
  name: string;
  isFolder: boolean;
  size: number | null;
  etag: string | null;
  lastModified: Date | null;
}

/**
 * The hierarchical folder tables: one partition per (bucket, folder) holding its children, so a
 * folder listing is one partition read in S3 byte order.
 */
export class FolderRepository {
  constructor(private readonly db: CqlClient) {}

  /** A page of a folder's children strictly after `after`, starting with `startsWith`. */
  async children(
    bucket: string,
    folder: string,
    after: string,
    limit: number,
    startsWith = '',
  ): Promise<FolderEntry[]> {
    const from = after > startsWith ? after : startsWith;
    const op = after > startsWith ? '>' : '>=';
    const rs = await this.db.execute(
      `SELECT child, size, etag, last_modified FROM folder_children WHERE bucket = ? AND parent = ? AND child ${op} ? LIMIT ?`,
      [bucket, folder, from, limit],
    );
    const out: FolderEntry[] = [];
    for (const row of rs.rows) {
      const name = row.get('child') as string;
      if (!name.startsWith(startsWith)) break;
      const size = row.get('size');
      out.push({
        name,
        isFolder: name.endsWith('/'),
        size: size === null ? null : Number(size),
        etag: (row.get('etag') as string | null) ?? null,
        lastModified: (row.get('last_modified') as Date | null) ?? null,
      });
    }
    return out;
  }

  async isEmpty(bucket: string, folder: string): Promise<boolean> {
    const rs = await this.db.execute(
      'SELECT child FROM folder_children WHERE bucket = ? AND parent = ? LIMIT 1',
      [bucket, folder],
    );
    return rs.rowLength === 0;
  }

  /** Whether a folder entry carries an object's listing cells (a key that ends in '/'). */
  private async isObject(bucket: string, parent: string, child: string): Promise<boolean> {
    const row = (
      await this.db.execute(
        'SELECT size FROM folder_children WHERE bucket = ? AND parent = ? AND child = ?',
        [bucket, parent, child],
      )
    ).first();
    return row !== null && row !== undefined && row.get('size') !== null;
  }

  /**
   * After a delete, removes the folders of `key` that became empty, deepest first. A PUT racing
   * this may re-create a child right after the emptiness check: removing the folder row and then
   * re-checking (and restoring the row if a child appeared) keeps the tree right without a lock.
   */
  async pruneEmptyFolders(bucket: string, key: string): Promise<void> {
    // A key that ends in '/' is itself a folder to prune once its object cells are gone.
    const folders = folderEdges(key).filter((e) => e.child.endsWith('/'));
    for (const edge of folders.reverse()) {
      const folder = edge.parent + edge.child;
      if (!(await this.isEmpty(bucket, folder))) return;
      // The row of folder "a/" is also the entry of an object named "a/", if there is one.
      if (await this.isObject(bucket, edge.parent, edge.child)) return;
      await this.db.execute('DELETE FROM folder_children WHERE bucket = ? AND parent = ? AND child = ?', [
        bucket,
        edge.parent,
        edge.child,
      ]);
      if (!(await this.isEmpty(bucket, folder))) {
        await this.db.execute('INSERT INTO folder_children (bucket, parent, child) VALUES (?, ?, ?)', [
          bucket,
          edge.parent,
          edge.child,
        ]);
        return;
      }
    }
  }
}
