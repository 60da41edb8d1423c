import { beforeEach, describe, expect, it } from 'vitest';
import type { CompletedUpload } from '../completed-upload-repository.js';
import type { MetadataRows } from '../ports.js';
import { type MakeSubject, uniqueName } from './contract-subject.js';

/** What a retried CompleteMultipartUpload relies on: the record of the first one, as written. */
export function describeCompletedUploadRepositoryContract(make: MakeSubject): void {
  describe('CompletedUploadRepository contract', () => {
    let rows: MetadataRows;
    beforeEach(async () => {
      rows = (await make()).rows;
    });

    function record(fields: Partial<CompletedUpload> = {}): CompletedUpload {
      return {
        uploadId: rows.uploads.newId(),
        bucket: uniqueName(),
        key: 'dir/key',
        versionId: rows.versions.newVersionId(),
        etag: '"abc-2"',
        checksum: null,
        ...fields,
      };
    }

    it('reads back a completion record, with or without a checksum', async () => {
      const plain = record();
      const summed = record({ checksum: { algorithm: 'CRC32', value: 'AAAAAA==-2', type: 'COMPOSITE' } });
      await rows.completions.record(plain);
      await rows.completions.record(summed);
      expect(await rows.completions.get(plain.uploadId)).toEqual(plain);
      expect(await rows.completions.get(summed.uploadId)).toEqual(summed);
    });

    it('answers nothing for an upload that was never completed, and the last record for one recorded twice', async () => {
      expect(await rows.completions.get(rows.uploads.newId())).toBeUndefined();
      const first = record();
      const second = { ...first, versionId: rows.versions.newVersionId(), etag: '"def-3"' };
      await rows.completions.record(first);
      await rows.completions.record(second);
      expect(await rows.completions.get(first.uploadId)).toEqual(second);
    });
  });
}
