import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { S3Error } from '../../errors.js';
import { fuzz, mutated, s3ErrorOr, splitAt, splitPoints } from '../../fuzz.fixture.js';
import { readFormUntilFile } from './post-form.js';

const BOUNDARY = '----oks3fuzz';
const FORM_CODES = ['MalformedPOSTRequest', 'InvalidArgument', 'IncompleteBody'];

function formBody(fields: [string, string][], file: Buffer): Buffer {
  const parts = fields.map(
    ([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return Buffer.concat([
    Buffer.from(parts.join('')),
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n`),
    Buffer.from('Content-Type: text/plain\r\n\r\n'),
    file,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

function request(
  slices: Buffer[],
  contentType = `multipart/form-data; boundary=${BOUNDARY}`,
): IncomingMessage {
  return Object.assign(Readable.from(slices, { objectMode: false }), {
    headers: { 'content-type': contentType },
  }) as unknown as IncomingMessage;
}

/** Reads the form and its file to the end; a form error must be an S3Error with a form code. */
async function readWholeForm(req: IncomingMessage): Promise<void> {
  const got = await s3ErrorOr(() => readFormUntilFile(req, new AbortController().signal));
  if (got instanceof S3Error) {
    expect(FORM_CODES).toContain(got.code);
    return;
  }
  // As the server reads it (through pipeline): the file may have failed before it is read at all.
  await finished(got.file.stream.resume()).catch(() => {});
  const failure = got.failure();
  if (failure !== undefined) expect(FORM_CODES).toContain(failure.code);
  got.stop();
}

const fieldName = fc.constantFrom(
  'key',
  'policy',
  'x-amz-signature',
  'Content-Type',
  'acl',
  'success_action_status',
);
const fields = fc.array(fc.tuple(fieldName, fc.string({ maxLength: 30 })), { maxLength: 5 });

describe('POST Object form (fuzzed)', () => {
  it('returns the fields and the file of any well-formed form, however it is split', async () => {
    await fuzz(
      'post form round-trip',
      fc.record({
        fields: fields.map((list) => [...new Map(list.map(([n, v]) => [n.toLowerCase(), v]))]),
        file: fc.uint8Array({ maxLength: 500 }).map((a) => Buffer.from(a)),
        points: splitPoints(),
      }),
      async ({ fields, file, points }) => {
        const form = await readFormUntilFile(
          request(splitAt(formBody(fields, file), points)),
          new AbortController().signal,
        );
        expect([...form.fields]).toEqual(fields.map(([n, v]) => [n, v.replaceAll('\r\n', '\r\n')]));
        const parts: Buffer[] = [];
        for await (const part of form.file.stream) parts.push(part as Buffer);
        expect(Buffer.concat(parts).equals(file)).toBe(true);
        expect(form.failure()).toBeUndefined();
      },
    );
  });

  it('answers a mutated form with its parts or an S3 error, never a crash or a hang', async () => {
    const base = formBody(
      [
        ['key', 'uploads/a.txt'],
        ['policy', 'eyJ9'],
      ],
      Buffer.from('file bytes'),
    );
    await fuzz(
      'post form mutated',
      fc.record({ body: mutated(base), points: splitPoints() }),
      ({ body, points }) => readWholeForm(request(splitAt(body, points))),
      { weight: 2 },
    );
  });

  it('answers arbitrary bodies and content types with an S3 error', async () => {
    const contentType = fc.oneof(
      fc.constant(`multipart/form-data; boundary=${BOUNDARY}`),
      fc.string({ maxLength: 60 }),
      fc.string({ maxLength: 80 }).map((b) => `multipart/form-data; boundary=${b}`),
    );
    await fuzz(
      'post form arbitrary',
      fc.record({ body: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)), contentType }),
      ({ body, contentType }) => readWholeForm(request([body], contentType)),
      { weight: 2 },
    );
  });
});
