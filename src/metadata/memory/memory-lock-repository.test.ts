import { describeLockRepositoryContract } from '../contract/lock-repository.contract.js';
import { memorySubject } from './memory-subject.js';

describeLockRepositoryContract(memorySubject);
