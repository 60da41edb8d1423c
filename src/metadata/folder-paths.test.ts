import { describe, expect, it } from 'vitest';
import { folderEdges } from './folder-paths.js';

describe('folderEdges', () => {
  it('spells every ancestor folder with a trailing slash', () => {
    expect(folderEdges('a/d/book.pdf')).toEqual([
      { parent: '', child: 'a/' },
      { parent: 'a/', child: 'd/' },
      { parent: 'a/d/', child: 'book.pdf' },
    ]);
  });
  it('keeps empty segments of keys such as a//b', () => {
    expect(folderEdges('a//b')).toEqual([
      { parent: '', child: 'a/' },
      { parent: 'a/', child: '/' },
      { parent: 'a//', child: 'b' },
    ]);
  });
  it('treats a key ending in a slash as a folder', () => {
    expect(folderEdges('x/y/')).toEqual([
      { parent: '', child: 'x/' },
      { parent: 'x/', child: 'y/' },
    ]);
  });
  it('puts a top-level key in the root folder', () => {
    expect(folderEdges('file.txt')).toEqual([{ parent: '', child: 'file.txt' }]);
  });
});
