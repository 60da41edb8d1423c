import type { ContractSubject } from '../contract/contract-subject.js';
import { OffsetClock } from './clock.js';
import { memoryMetadata } from './memory-metadata.js';

/** Fresh fakes on an empty MemoryDb whose clock the contract moves instead of waiting. */
export async function memorySubject(): Promise<ContractSubject> {
  const clock = new OffsetClock();
  return {
    rows: memoryMetadata(clock.now),
    elapse: async (ms) => clock.advance(ms),
  };
}
