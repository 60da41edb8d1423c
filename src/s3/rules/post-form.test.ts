import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readFormUntilFile } from './post-form.js';

const BOUNDARY = 'b0undary';

function request(body: string): IncomingMessage {
  return Object.assign(Readable.from([Buffer.from(body)], { objectMode: false }), {
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
  }) as unknown as IncomingMessage;
}

// Found by post-form.fuzz.test.ts: busboy passes a nameless part on with an undefined name, and
// lower-casing it threw inside busboy's event handler, which crashes the server process.
describe('readFormUntilFile: parts without a name', () => {
  it.each([
    ['a field', 'Content-Disposition: form-data\r\n\r\nvalue'],
    ['a file', 'Content-Disposition: form-data; filename="a.txt"\r\n\r\nbytes'],
  ])('answers %s without a name with MalformedPOSTRequest', async (_what, part) => {
    const body = `--${BOUNDARY}\r\n${part}\r\n--${BOUNDARY}--\r\n`;
    await expect(readFormUntilFile(request(body), new AbortController().signal)).rejects.toMatchObject({
      code: 'MalformedPOSTRequest',
    });
  });
});
