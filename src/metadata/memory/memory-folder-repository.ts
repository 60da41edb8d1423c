import { folderEdges } from '../folder-paths.js';
import type { FolderEntry } from '../folder-repository.js';
import type { FolderRows } from '../ports.js';
import { textOrder } from './cql-order.js';
import type { MemoryDb } from './memory-db.js';

/** FolderRepository on a MemoryDb: `folder_children`, with the real class's prune algorithm. */
export class MemoryFolderRepository implements FolderRows {
  constructor(private readonly db: MemoryDb) {}

  async children(
    bucket: string,
    folder: string,
    after: string,
    limit: number,
    startsWith = '',
  ): Promise<FolderEntry[]> {
    // The same choice as the real class (a JavaScript comparison), then `child >[=] ? LIMIT ?`.
    const from = after > startsWith ? after : startsWith;
    const inclusive = !(after > startsWith);
    const rows = await this.db.run(() =>
      this.db.tables.folderChildren
        .select({ bucket, parent: folder })
        .filter((r) => (inclusive ? textOrder(r.child, from) >= 0 : textOrder(r.child, from) > 0))
        .slice(0, limit),
    );
    const out: FolderEntry[] = [];
    for (const row of rows) {
      const name = row.child;
      if (!name.startsWith(startsWith)) break;
      out.push({
        name,
        isFolder: name.endsWith('/'),
        size: row.size === null ? null : Number(row.size),
        etag: row.etag ?? null,
        lastModified: row.last_modified ?? null,
      });
    }
    return out;
  }

  isEmpty(bucket: string, folder: string): Promise<boolean> {
    return this.db.run(() => this.db.tables.folderChildren.select({ bucket, parent: folder }).length === 0);
  }

  async pruneEmptyFolders(bucket: string, key: string): Promise<void> {
    // A key that ends in '/' is itself a folder to prune once its object cells are gone.
    const folders = folderEdges(key).filter((e) => e.child.endsWith('/'));
    const rows = this.db.tables.folderChildren;
    for (const edge of folders.reverse()) {
      const folder = edge.parent + edge.child;
      if (!(await this.isEmpty(bucket, folder))) return;
      const row = { bucket, parent: edge.parent, child: edge.child };
      if ((await this.db.run(() => rows.get(row)))?.size != null) return;
      await this.db.run(() => rows.deleteRow(row, this.db.timestamp()));
      if (!(await this.isEmpty(bucket, folder))) {
        // The real INSERT names the key columns only: a row marker, no cell.
        await this.db.run(() => rows.insert(row, { ts: this.db.timestamp() }));
        return;
      }
    }
  }
}
