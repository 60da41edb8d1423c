import { folderEdges } from './folder-paths.js';
import type { ObjectVersion } from './object-types.js';

export interface Statement {
  query: string;
  params: unknown[];
}

/**
 * The rows that make a version the visible one of its key, at write time `ts` (microseconds):
 * the flat `objects` index and the folder tree, with every ancestor folder.
 */
export function listingStatements(v: ObjectVersion, ts: number): Statement[] {
  return [
    {
      query:
        'INSERT INTO objects (bucket, key, version_id, size, etag, last_modified) VALUES (?, ?, ?, ?, ?, ?) USING TIMESTAMP ?',
      params: [v.bucket, v.key, v.versionId, v.size, v.etag, v.lastModified, ts],
    },
    ...folderEdges(v.key).map((e) => {
      const isAncestor = e.child.endsWith('/') && e.parent + e.child !== v.key;
      // An ancestor folder is a row marker only: its cells may be those of an object named like
      // the folder ("a/" beside "a/b"), which must survive.
      return isAncestor
        ? {
            query: 'INSERT INTO folder_children (bucket, parent, child) VALUES (?, ?, ?) USING TIMESTAMP ?',
            params: [v.bucket, e.parent, e.child, ts],
          }
        : {
            query:
              'INSERT INTO folder_children (bucket, parent, child, size, etag, last_modified) VALUES (?, ?, ?, ?, ?, ?) USING TIMESTAMP ?',
            params: [v.bucket, e.parent, e.child, v.size, v.etag, v.lastModified, ts],
          };
    }),
  ];
}

/** The tombstones that hide a key (a DELETE or a delete marker) as of `ts`; later writes still win. */
export function unlistingStatements(bucket: string, key: string, ts: number): Statement[] {
  const out: Statement[] = [
    {
      query: 'DELETE FROM objects USING TIMESTAMP ? WHERE bucket = ? AND key = ?',
      params: [ts, bucket, key],
    },
  ];
  const leaf = folderEdges(key).at(-1);
  if (leaf && !key.endsWith('/')) {
    out.push({
      query: 'DELETE FROM folder_children USING TIMESTAMP ? WHERE bucket = ? AND parent = ? AND child = ?',
      params: [ts, bucket, leaf.parent, leaf.child],
    });
  } else if (leaf) {
    // A key "a/" shares its row with the folder "a/": only the object's cells go (the folder is
    // pruned separately once it is empty).
    out.push({
      query:
        'UPDATE folder_children USING TIMESTAMP ? SET size = null, etag = null, last_modified = null WHERE bucket = ? AND parent = ? AND child = ?',
      params: [ts, bucket, leaf.parent, leaf.child],
    });
  }
  return out;
}
