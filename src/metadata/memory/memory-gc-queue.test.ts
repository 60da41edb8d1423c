import { describeGcQueueContract } from '../contract/gc-queue.contract.js';
import { memorySubject } from './memory-subject.js';

describeGcQueueContract(memorySubject);
