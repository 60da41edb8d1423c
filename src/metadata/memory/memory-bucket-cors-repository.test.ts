import { describeBucketCorsRepositoryContract } from '../contract/bucket-cors-repository.contract.js';
import { memorySubject } from './memory-subject.js';

describeBucketCorsRepositoryContract(memorySubject);
