import { describeBlobRepositoryContract } from '../contract/blob-repository.contract.js';
import { memorySubject } from './memory-subject.js';

describeBlobRepositoryContract(memorySubject);
