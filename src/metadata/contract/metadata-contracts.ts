import { describeAclRepositoryContract } from './acl-repository.contract.js';
import { describeBlobRepositoryContract } from './blob-repository.contract.js';
import { describeBlockRefRepositoryContract } from './block-ref-repository.contract.js';
import { describeBlockStateRepositoryContract } from './block-state-repository.contract.js';
import { describeBucketRepositoryContract } from './bucket-repository.contract.js';
import { describeCompletedUploadRepositoryContract } from './completed-upload-repository.contract.js';
import type { MakeSubject } from './contract-subject.js';
import { describeFolderRepositoryContract } from './folder-repository.contract.js';
import { describeGcQueueContract } from './gc-queue.contract.js';
import { describeLockRepositoryContract } from './lock-repository.contract.js';
import { describeRechunkQueueContract } from './rechunk-queue.contract.js';
import { describeTagRepositoryContract } from './tag-repository.contract.js';
import { describeUploadRepositoryContract } from './upload-repository.contract.js';
import { describeVersionRepositoryContract } from './version-repository.contract.js';

/** Every repository contract, against one implementation (the Cassandra classes run all of them). */
export function describeMetadataContracts(make: MakeSubject): void {
  describeBlobRepositoryContract(make);
  describeBlockRefRepositoryContract(make);
  describeBlockStateRepositoryContract(make);
  describeGcQueueContract(make);
  describeLockRepositoryContract(make);
  describeVersionRepositoryContract(make);
  describeFolderRepositoryContract(make);
  describeUploadRepositoryContract(make);
  describeCompletedUploadRepositoryContract(make);
  describeAclRepositoryContract(make);
  describeBucketRepositoryContract(make);
  describeRechunkQueueContract(make);
  describeTagRepositoryContract(make);
}
