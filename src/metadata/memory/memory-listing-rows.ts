import { folderEdges } from '../folder-paths.js';
import type { ObjectVersion } from '../object-types.js';
import type { MemoryTables } from './memory-schema.js';

/** listing-rows.ts's listingStatements, applied: the `objects` row and the folder tree at `ts`. */
export function writeListing(tables: MemoryTables, v: ObjectVersion, ts: number): void {
  tables.objects.insert(
    {
      bucket: v.bucket,
      key: v.key,
      version_id: v.versionId,
      size: v.size,
      etag: v.etag,
      last_modified: new Date(v.lastModified.getTime()),
    },
    { ts },
  );
  for (const e of folderEdges(v.key)) {
    const isAncestor = e.child.endsWith('/') && e.parent + e.child !== v.key;
    tables.folderChildren.insert(
      isAncestor
        ? { bucket: v.bucket, parent: e.parent, child: e.child }
        : {
            bucket: v.bucket,
            parent: e.parent,
            child: e.child,
            size: v.size,
            etag: v.etag,
            last_modified: new Date(v.lastModified.getTime()),
          },
      { ts },
    );
  }
}

/** listing-rows.ts's unlistingStatements, applied: tombstones for the key's listing rows at `ts`. */
export function writeUnlisting(tables: MemoryTables, bucket: string, key: string, ts: number): void {
  tables.objects.deleteRow({ bucket, key }, ts);
  const leaf = folderEdges(key).at(-1);
  if (leaf && !key.endsWith('/')) {
    tables.folderChildren.deleteRow({ bucket, parent: leaf.parent, child: leaf.child }, ts);
  } else if (leaf) {
    const row = { bucket, parent: leaf.parent, child: leaf.child };
    tables.folderChildren.update({ ...row, size: null, etag: null, last_modified: null }, { ts });
  }
}
