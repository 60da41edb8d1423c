import { describeVersionRepositoryContract } from '../contract/version-repository.contract.js';
import { memorySubject } from './memory-subject.js';

describeVersionRepositoryContract(memorySubject);
