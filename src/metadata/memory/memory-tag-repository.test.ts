import { describeTagRepositoryContract } from '../contract/tag-repository.contract.js';
import { memorySubject } from './memory-subject.js';

describeTagRepositoryContract(memorySubject);
