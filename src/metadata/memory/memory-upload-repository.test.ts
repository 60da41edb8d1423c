import { describeUploadRepositoryContract } from '../contract/upload-repository.contract.js';
import { memorySubject } from './memory-subject.js';

describeUploadRepositoryContract(memorySubject);
