import { describeBlockRefRepositoryContract } from '../contract/block-ref-repository.contract.js';
import { memorySubject } from './memory-subject.js';

describeBlockRefRepositoryContract(memorySubject);
