import { describe, expect, it } from 'vitest';
import { describeCompletedUploadRepositoryContract } from '../contract/completed-upload-repository.contract.js';
import { OffsetClock } from './clock.js';
import { memoryMetadata } from './memory-metadata.js';
import { memorySubject } from './memory-subject.js';

describeCompletedUploadRepositoryContract(memorySubject);

describe('MemoryCompletedUploadRepository', () => {
  it('forgets a completion a day after it was recorded, as the TTL does', async () => {
    const clock = new OffsetClock();
    const rows = memoryMetadata(clock.now);
    const record = {
      uploadId: rows.uploads.newId(),
      bucket: 'b',
      key: 'k',
      versionId: rows.versions.newVersionId(),
      etag: '"x-1"',
      checksum: null,
    };
    await rows.completions.record(record);
    clock.advance(86_399_000);
    expect(await rows.completions.get(record.uploadId)).toEqual(record);
    clock.advance(1_000);
    expect(await rows.completions.get(record.uploadId)).toBeUndefined();
  });
});
