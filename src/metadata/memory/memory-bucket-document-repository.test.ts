import { describeBucketDocumentRepositoryContract } from '../contract/bucket-document-repository.contract.js';
import { MemoryBucketDocumentRepository } from './memory-bucket-document-repository.js';

describeBucketDocumentRepositoryContract(async () => new MemoryBucketDocumentRepository());
