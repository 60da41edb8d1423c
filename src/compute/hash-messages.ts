import type { ChunkParams } from './fastcdc.js';

/** What the event loop sends a hashing thread; every message is answered by one with its `id`. */
export type ToWorker =
  | { op: 'open-digest'; id: number; stream: number; algorithms: DigestAlgorithm[] }
  | { op: 'open-scan'; id: number; stream: number; params: ChunkParams }
  /** `memory` is transferred to the thread and back in the answer, so its bytes are never copied. */
  | { op: 'update'; id: number; stream: number; memory: ArrayBuffer; length: number }
  | { op: 'end'; id: number; stream: number }
  | { op: 'drop'; id: number; stream: number };

/** Node's names of the digests a request body may need. */
export type DigestAlgorithm = 'md5' | 'sha256';

export interface FromWorker {
  id: number;
  error?: string;
  /** An update's memory, handed back. */
  memory?: ArrayBuffer;
  /** A scan's cut points in the update's bytes, each with the SHA-256 of the block it ends. */
  cuts?: { end: number; hash: string }[];
  /** A scan's end: the SHA-256 of the bytes after its last cut (the final block, if any). */
  lastBlock?: string;
  /** A digest stream's results at its end, hex. */
  digests?: Record<string, string>;
}
