import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import busboy from 'busboy';
import { S3Error } from '../../errors.js';

/**
 * Reads a multipart/form-data POST Object body up to its `file` part, with busboy directly.
 *
 * Why not multer (also a dependency): multer's middleware, on any error, drains the whole request
 * body before calling back, so an oversize or forged upload would still be read to its last byte
 * before S3's error goes out; it also decides file-vs-field itself and parses `a[b]` names into
 * objects. Here the fields before the file are collected, the file stream is handed over paused
 * (the policy is checked before one byte of it is read), and `stop()` simply stops reading: the
 * HTTP layer then answers and closes the connection (http/s3-handler.ts closeIfBodyUnread).
 */

/**
 * Bounds on the non-file part of a form, so a form cannot make the server hold much memory.
 * S3 documents no numbers: a policy of ~20 KB and 2 KB of user metadata are its real limits.
 */
export const MAX_FORM_FIELDS = 64;
/** One field value; a base64 policy is the largest legitimate one. */
export const MAX_FIELD_BYTES = 32 * 1024;
/** All field names and values together, before the file. */
export const MAX_FORM_BYTES = 256 * 1024;
const MAX_FIELD_NAME_BYTES = 256;
const MAX_PART_HEADERS = 16;

export interface FormFile {
  stream: Readable;
  /** The file name the browser sent (for `${filename}` in the key); '' when none. */
  filename: string;
}

export interface PostForm {
  /** The fields before the file, names lower-cased (S3 field names are case-insensitive). */
  fields: ReadonlyMap<string, string>;
  file: FormFile;
  /** Why the form broke after the file began (truncated or malformed), if it did. */
  failure(): S3Error | undefined;
  /** Stops reading the request; whatever follows is never parsed. Idempotent. */
  stop(): void;
}

/** Resolves at the `file` part; rejects with an S3Error for a malformed form or one without a file. */
export function readFormUntilFile(req: IncomingMessage, signal: AbortSignal): Promise<PostForm> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: {
          fields: MAX_FORM_FIELDS,
          fieldSize: MAX_FIELD_BYTES,
          fieldNameSize: MAX_FIELD_NAME_BYTES,
          files: 1,
          parts: MAX_FORM_FIELDS + 1,
          headerPairs: MAX_PART_HEADERS,
        },
      });
    } catch {
      reject(new S3Error('MalformedPOSTRequest'));
      return;
    }
    const fields = new Map<string, string>();
    let formBytes = 0;
    let settled = false;
    let failure: S3Error | undefined;
    const stop = (): void => {
      signal.removeEventListener('abort', onAbort);
      req.unpipe(parser);
      parser.removeAllListeners();
      parser.on('error', () => {});
    };
    const fail = (err: S3Error): void => {
      failure ??= err;
      if (settled) return;
      settled = true;
      stop();
      reject(err);
    };
    const onAbort = (): void => fail(new S3Error('IncompleteBody'));
    const found = (stream: Readable, filename: string): void => {
      settled = true;
      resolve({ fields, file: { stream, filename }, failure: () => failure, stop });
    };
    signal.addEventListener('abort', onAbort, { once: true });

    // busboy hands a part without a `name` parameter over with an undefined name (its types say
    // string): malformed form-data, not a reason to throw inside its event handler (a crash).
    parser.on('field', (rawName: string | undefined, value, info) => {
      if (settled) return; // fields after the file are ignored, as S3 does
      if (rawName === undefined) return fail(new S3Error('MalformedPOSTRequest'));
      const name = rawName.toLowerCase();
      formBytes += Buffer.byteLength(rawName) + Buffer.byteLength(value);
      if (info.nameTruncated || info.valueTruncated || formBytes > MAX_FORM_BYTES) {
        return fail(
          new S3Error('InvalidArgument', `The form field ${name} is too large.`, { ArgumentName: name }),
        );
      }
      // `curl -F 'file=<data.txt'` sends the file as a plain field.
      if (name === 'file') return found(Readable.from([Buffer.from(value, 'utf8')]), '');
      if (fields.has(name)) {
        return fail(
          new S3Error('InvalidArgument', `The form field ${name} appears twice.`, { ArgumentName: name }),
        );
      }
      fields.set(name, value);
    });
    parser.on('file', (rawName: string | undefined, stream, info) => {
      if (settled) return void stream.resume();
      if (rawName === undefined) {
        stream.resume();
        return fail(new S3Error('MalformedPOSTRequest'));
      }
      if (rawName.toLowerCase() !== 'file') {
        stream.resume();
        return fail(
          new S3Error('InvalidArgument', `Unexpected file field ${rawName}; the file goes in "file".`),
        );
      }
      stream.once('error', () => {
        failure ??= new S3Error('IncompleteBody', 'The form ended before the file did.');
      });
      found(stream, info.filename ?? '');
    });
    const tooMany = () =>
      fail(new S3Error('InvalidArgument', `A form may have at most ${MAX_FORM_FIELDS} fields.`));
    parser.on('fieldsLimit', tooMany);
    parser.on('partsLimit', tooMany);
    parser.on('error', () => fail(new S3Error('MalformedPOSTRequest')));
    parser.on('close', () => {
      if (settled) return;
      fail(
        new S3Error('InvalidArgument', 'POST requires exactly one file upload per request.', {
          ArgumentName: 'file',
          ArgumentValue: 0,
        }),
      );
    });
    req.pipe(parser);
  });
}
