import { describeAclRepositoryContract } from '../contract/acl-repository.contract.js';
import { memorySubject } from './memory-subject.js';

describeAclRepositoryContract(memorySubject);
