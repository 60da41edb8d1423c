import { describeBucketSettingRepositoryContract } from '../contract/bucket-setting-repository.contract.js';
import { MemoryBucketSettingRepository } from './memory-bucket-setting-repository.js';

describeBucketSettingRepositoryContract(async () => new MemoryBucketSettingRepository());
