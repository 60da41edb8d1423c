/**
 * The hierarchical folder view of a key: every ancestor folder as (parent, child) rows, child
 * folders spelled with a trailing '/' so that they sort among files in S3 byte order.
 * 'a/d/book.pdf' -> ('', 'a/'), ('a/', 'd/'), ('a/d/', 'book.pdf').
 */
export interface FolderEdge {
  parent: string;
  child: string;
}

export function folderEdges(key: string): FolderEdge[] {
  const edges: FolderEdge[] = [];
  let parent = '';
  let from = 0;
  for (;;) {
    const slash = key.indexOf('/', from);
    if (slash === -1) break;
    const folder = key.slice(0, slash + 1);
    edges.push({ parent, child: folder.slice(parent.length) });
    parent = folder;
    from = slash + 1;
  }
  const leaf = key.slice(parent.length);
  // A key ending in '/' is itself a folder marker object: it is the last edge above, not a file.
  if (leaf !== '') edges.push({ parent, child: leaf });
  return edges;
}
