import { describeFolderRepositoryContract } from '../contract/folder-repository.contract.js';
import { memorySubject } from './memory-subject.js';

describeFolderRepositoryContract(memorySubject);
