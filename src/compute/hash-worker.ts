import { createHash, type Hash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { type ChunkParams, type ScanState, scanForCut } from './fastcdc.js';
import type { FromWorker, ToWorker } from './hash-messages.js';

/**
 * A hashing thread (hash-pool.ts). It holds the state of the streams assigned to it: running
 * digests (MD5 for the ETag, SHA-256 of a signed payload) and block scans (FastCDC cut points and
 * each block's SHA-256). Bytes arrive as transferred memory and go back the same way, not copied.
 */

interface DigestState {
  kind: 'digest';
  hashes: Map<string, Hash>;
}

interface ScanStreamState {
  kind: 'scan';
  params: ChunkParams;
  scan: ScanState;
  /** SHA-256 of the open block's bytes seen so far. */
  block: Hash;
}

const streams = new Map<number, DigestState | ScanStreamState>();
const port = parentPort;
if (!port) throw new Error('hash-worker.js runs as a worker thread');

port.on('message', (msg: ToWorker) => {
  let answer: FromWorker;
  try {
    answer = handle(msg);
  } catch (err) {
    answer = { id: msg.id, error: String(err) };
  }
  // The memory goes back even with an error, so every answer to an update carries it.
  if (msg.op === 'update') {
    answer.memory = msg.memory;
    port.postMessage(answer, [msg.memory]);
  } else {
    port.postMessage(answer);
  }
});

function handle(msg: ToWorker): FromWorker {
  switch (msg.op) {
    case 'open-digest':
      streams.set(msg.stream, {
        kind: 'digest',
        hashes: new Map(msg.algorithms.map((a) => [a, createHash(a)])),
      });
      return { id: msg.id };
    case 'open-scan':
      streams.set(msg.stream, {
        kind: 'scan',
        params: msg.params,
        scan: { length: 0, fp: 0 },
        block: createHash('sha256'),
      });
      return { id: msg.id };
    case 'update': {
      const state = streams.get(msg.stream);
      const data = new Uint8Array(msg.memory, 0, msg.length);
      if (state?.kind === 'digest') {
        for (const hash of state.hashes.values()) hash.update(data);
        return { id: msg.id };
      }
      if (state?.kind === 'scan') return { id: msg.id, cuts: scan(state, data) };
      throw new Error(`unknown stream ${msg.stream}`);
    }
    case 'end': {
      const state = streams.get(msg.stream);
      streams.delete(msg.stream);
      if (state?.kind === 'digest') {
        const digests: Record<string, string> = {};
        for (const [algorithm, hash] of state.hashes) digests[algorithm] = hash.digest('hex');
        return { id: msg.id, digests };
      }
      if (state?.kind === 'scan') {
        // The open block's hash; unused when it is empty.
        return { id: msg.id, lastBlock: state.block.digest('hex') };
      }
      throw new Error(`unknown stream ${msg.stream}`);
    }
    case 'drop':
      streams.delete(msg.stream);
      return { id: msg.id };
  }
}

/** Cut points inside `data` (offsets into it) with the SHA-256 of each block they close. */
function scan(state: ScanStreamState, data: Uint8Array): { end: number; hash: string }[] {
  const cuts: { end: number; hash: string }[] = [];
  let from = 0;
  while (from < data.length) {
    const cut = scanForCut(state.params, data, from, data.length, state.scan);
    if (cut < 0) {
      state.block.update(data.subarray(from));
      break;
    }
    state.block.update(data.subarray(from, cut));
    cuts.push({ end: cut, hash: state.block.digest('hex') });
    state.block = createHash('sha256');
    from = cut;
  }
  return cuts;
}
