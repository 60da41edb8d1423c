import { describeBlockStateRepositoryContract } from '../contract/block-state-repository.contract.js';
import { memorySubject } from './memory-subject.js';

describeBlockStateRepositoryContract(memorySubject);
