import { describe, expect, it } from 'vitest';
import { formatSize, kindOf, previewType, typeFromName } from './format.js';

describe('formatSize', () => {
  it('writes bytes exactly and larger sizes in binary units', () => {
    expect(formatSize(0)).toBe('0 B');
    expect(formatSize(1023)).toBe('1023 B');
    expect(formatSize(1024)).toBe('1.0 KiB');
    expect(formatSize(20 * 1024 * 1024)).toBe('20 MiB');
    expect(formatSize(1.5 * 1024 ** 3)).toBe('1.5 GiB');
  });
});

describe('kindOf', () => {
  it('follows the Content-Type, and the name only when the type says nothing', () => {
    expect(kindOf('image/png', 'x.bin')).toBe('image');
    expect(kindOf('video/mp4', '')).toBe('video');
    expect(kindOf('audio/wav; rate=8000', '')).toBe('audio');
    expect(kindOf('application/pdf', '')).toBe('pdf');
    expect(kindOf('application/json', '')).toBe('text');
    expect(kindOf('application/octet-stream', 'notes.TXT')).toBe('text');
    expect(kindOf('', 'photo.jpeg')).toBe('image');
    expect(kindOf('application/octet-stream', 'archive.tar')).toBe('other');
    expect(kindOf('application/zip', 'photo.png')).toBe('other');
  });
});

describe('previewType', () => {
  it('never serves a preview as HTML or script: text is text/plain, PDF is PDF', () => {
    expect(previewType('text', 'text/html')).toBe('text/plain; charset=utf-8');
    expect(previewType('text', 'text/javascript')).toBe('text/plain; charset=utf-8');
    expect(previewType('pdf', 'text/html')).toBe('application/pdf');
  });

  it('keeps a media type as stored, and lets the server choose when it is octet-stream', () => {
    expect(previewType('image', 'image/svg+xml')).toBe('image/svg+xml');
    expect(previewType('video', 'video/webm; codecs=vp9')).toBe('video/webm');
    expect(previewType('image', 'application/octet-stream')).toBeUndefined();
    expect(previewType('other', 'text/html')).toBeUndefined();
  });
});

describe('typeFromName', () => {
  it('knows common extensions in any case, and nothing else', () => {
    expect(typeFromName('a.PNG')).toBe('image/png');
    expect(typeFromName('big.bin')).toBe('');
    expect(typeFromName('README')).toBe('');
  });
});
