import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { sendRaw, signRequest } from './support/raw-http.js';
import { useServer } from './support/use-server.js';

const server = useServer();

/** Keys that a trimming or non-decoding XML parser gets wrong. */
const TRICKY_KEYS = [
  ' ',
  '   ',
  '_ ',
  ' _',
  '&',
  '<',
  '>',
  '"',
  "'",
  'a&b<c>d"e\'f',
  '&amp;',
  'tab\there',
  'naïve/日本語/😀',
  `long-${'x'.repeat(1019)}`,
];

async function bucketWith(keys: readonly string[]): Promise<string> {
  const bucket = await server.bucket('xml');
  for (const key of keys) await server.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
  return bucket;
}

async function keysOf(bucket: string): Promise<string[]> {
  const listed = await server.s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (listed.Contents ?? []).map((o) => o.Key!).sort();
}

describe('XML request bodies keep keys byte for byte', () => {
  it('DeleteObjects deletes exactly the named keys and reports them as sent', async () => {
    const { s3 } = server;
    const decoys = ['_', 'a', 'tab', 'amp', 'naïve'];
    const bucket = await bucketWith([...TRICKY_KEYS, ...decoys]);
    expect(TRICKY_KEYS.every((k) => Buffer.byteLength(k) <= 1024)).toBe(true);
    const out = await s3.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: TRICKY_KEYS.map((Key) => ({ Key })) } }),
    );
    expect(out.Errors ?? []).toEqual([]);
    expect((out.Deleted ?? []).map((d) => d.Key).sort()).toEqual([...TRICKY_KEYS].sort());
    expect(await keysOf(bucket)).toEqual([...decoys].sort());
  });

  it('decodes character references in a raw body', async () => {
    const bucket = await bucketWith(['&', 'é', '&#38;', 'keep']);
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\n' +
      '  <Object><Key>&#38;</Key></Object>\n  <Object><Key>&#xE9;</Key></Object>\n' +
      '  <Object><Key>&amp;#38;</Key></Object>\n</Delete>';
    const signed = await signRequest(server.port, {
      method: 'POST',
      path: `/${bucket}`,
      query: { delete: '' },
      headers: { 'content-type': 'application/xml' },
      body,
    });
    const res = await sendRaw(server.port, signed);
    expect(res.status).toBe(200);
    expect([...res.text.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1])).toEqual([
      '&amp;',
      'é',
      '&amp;#38;',
    ]);
    expect(await keysOf(bucket)).toEqual(['keep']);
  });

  it('refuses a document type declaration and an undefined entity, deleting nothing', async () => {
    const bucket = await bucketWith(['x']);
    for (const body of [
      '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY k "x">]><Delete><Object><Key>&k;</Key></Object></Delete>',
      '<Delete><Object><Key>&nbsp;x</Key></Object></Delete>',
    ]) {
      const signed = await signRequest(server.port, {
        method: 'POST',
        path: `/${bucket}`,
        query: { delete: '' },
        body,
      });
      const res = await sendRaw(server.port, signed);
      expect(res.status).toBe(400);
      expect(res.code).toBe('MalformedXML');
    }
    expect(await keysOf(bucket)).toEqual(['x']);
  });
});
