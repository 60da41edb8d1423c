import { describeBucketRepositoryContract } from '../contract/bucket-repository.contract.js';
import { memorySubject } from './memory-subject.js';

describeBucketRepositoryContract(memorySubject);
