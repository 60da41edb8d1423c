import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPython } from './support/python.js';
import { uniqueBucket } from './support/test-server.js';
import { useServer } from './support/use-server.js';

const server = useServer();

describe('tagging through boto3', () => {
  it('tags on upload, replaces, copies with REPLACE, refuses S3 limits, deletes; bucket tags too', async () => {
    const bucket = uniqueBucket('boto-tags');
    const script = path.resolve('test/support/tagging_boto3.py');
    const { stdout } = await runPython([script, bucket], server.endpoint);
    expect(stdout.trim().split('\n')).toEqual([
      "put: [('stage', 'draft'), ('team', 'blue')]",
      'head count: 2',
      "replaced: [('stage', 'final')]",
      "copy: [('copied', 'yes')]",
      'eleven: 400 BadRequest Object tags cannot be greater than 10',
      'duplicate: 400 InvalidTag Cannot provide multiple Tags with the same key',
      'deleted: []',
      'no bucket tags: 404 NoSuchTagSet The TagSet does not exist',
      "bucket: [('owner', 'ops')]",
      'bucket deleted: 404 NoSuchTagSet The TagSet does not exist',
    ]);
  });
});
