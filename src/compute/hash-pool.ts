import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ChunkParams } from './fastcdc.js';
import type { DigestAlgorithm, FromWorker, ToWorker } from './hash-messages.js';
import { isSlab, slabOf } from './slabs.js';

export type { DigestAlgorithm } from './hash-messages.js';

/**
 * Threads that hash request bodies beside the event loop: the ETag's MD5, a signed payload's
 * SHA-256, FastCDC cut points and each block's SHA-256. One upload stream costs ~4 CPU-seconds per
 * GiB of this work (docs/BENCHMARKS.md); on the event loop it caps a stream and starves the I/O.
 *
 * Hand-written rather than piscina: the work is a stream, and a running MD5 or block hash is state
 * that cannot be serialised between tasks, so each stream stays on one thread (piscina hands tasks to
 * any thread). A slab's memory (compute/slabs.ts) is transferred to the thread and back: no copy.
 * (SharedArrayBuffers were tried first: a thread that allocates little rarely collects garbage, so
 * the views it had been sent kept hundreds of MiB of slabs alive.)
 */
export class HashPool {
  readonly #threads: number;
  readonly #workers: PoolWorker[] = [];
  #nextStream = 1;
  #closed = false;
  /** Bytes the threads were given, for tests and metrics. */
  bytesHashed = 0;

  /** `threads` 0 means none: callers hash on the event loop. */
  constructor(threads: number) {
    if (!Number.isSafeInteger(threads) || threads < 0) throw new RangeError(`threads: ${threads}`);
    this.#threads = threads;
  }

  /** Starts every thread now, so the first large upload does not wait for one to load. */
  warm(): void {
    while (this.enabled && this.threadsRunning < this.#threads) this.#workers.push(new PoolWorker());
  }

  /** Threads started and not dead. */
  get threadsRunning(): number {
    return this.#workers.filter((w) => w.alive).length;
  }

  get enabled(): boolean {
    return this.#threads > 0 && !this.#closed;
  }

  /** A running digest of one body: update with its bytes in order, then `end` for the hex values. */
  async openDigest(algorithms: DigestAlgorithm[]): Promise<DigestStream> {
    const stream = this.#open();
    await stream.call({ op: 'open-digest', stream: stream.id, algorithms });
    return new DigestStream(stream);
  }

  /** A block scan of one body: each update answers the cuts it holds and the closed blocks' hashes. */
  async openScan(params: ChunkParams): Promise<ScanStream> {
    const stream = this.#open();
    await stream.call({ op: 'open-scan', stream: stream.id, params });
    return new ScanStream(stream);
  }

  async close(): Promise<void> {
    this.#closed = true;
    const workers = this.#workers.splice(0);
    await Promise.all(workers.map((w) => w.terminate()));
  }

  #open(): StreamChannel {
    if (!this.enabled) throw new Error('the hash pool is closed or has no threads');
    let target = this.#workers.find((w) => w.streams === 0 && w.alive);
    if (!target) {
      const alive = this.#workers.filter((w) => w.alive);
      this.#workers.splice(0, this.#workers.length, ...alive);
      if (alive.length < this.#threads) {
        target = new PoolWorker();
        this.#workers.push(target);
      } else {
        target = alive.reduce((a, b) => (b.streams < a.streams ? b : a));
      }
    }
    return new StreamChannel(this.#nextStream++, target, (n) => {
      this.bytesHashed += n;
    });
  }
}

/** A stream's handle on its thread. */
class StreamChannel {
  #done = false;

  constructor(
    readonly id: number,
    private readonly worker: PoolWorker,
    private readonly counted: (bytes: number) => void,
  ) {
    worker.streams++;
  }

  call(msg: DistributiveOmit<ToWorker, 'id'>): Promise<FromWorker> {
    return this.worker.call(msg);
  }

  /**
   * Hands a slab to the thread and resolves with its bytes back (views of the old Buffer are empty
   * meanwhile) and the thread's answer.
   */
  async update(slab: Buffer): Promise<{ slab: Buffer; answer: FromWorker }> {
    if (!isSlab(slab)) throw new Error('only a slab (compute/slabs.ts) can be handed to a hashing thread');
    const length = slab.length;
    this.counted(length);
    const memory = slab.buffer as ArrayBuffer;
    const answer = await this.worker.call({ op: 'update', stream: this.id, memory, length }, [memory]);
    if (!answer.memory) throw new Error('the hashing thread kept a slab');
    return { slab: slabOf(answer.memory, length), answer };
  }

  /** The last message of the stream; the thread forgets it. */
  finish(op: 'end' | 'drop'): Promise<FromWorker> {
    if (this.#done) return Promise.resolve({ id: 0 });
    this.#done = true;
    this.worker.streams--;
    return this.worker.call({ op, stream: this.id });
  }
}

export class DigestStream {
  constructor(private readonly channel: StreamChannel) {}

  /** Adds a slab's bytes; resolves with the slab back once the thread has hashed it. */
  async update(slab: Buffer): Promise<Buffer> {
    return (await this.channel.update(slab)).slab;
  }

  async end(): Promise<Record<string, string>> {
    return (await this.channel.finish('end')).digests ?? {};
  }

  drop(): void {
    this.channel.finish('drop').catch(() => {});
  }
}

export interface Cut {
  /** Offset in the update's bytes just past the block's last byte. */
  end: number;
  /** SHA-256 (hex) of the whole block, including its bytes from earlier updates. */
  hash: string;
}

export class ScanStream {
  constructor(private readonly channel: StreamChannel) {}

  /** Scans a slab; resolves with the slab back and the cuts in it. */
  async update(slab: Buffer): Promise<{ slab: Buffer; cuts: Cut[] }> {
    const { slab: back, answer } = await this.channel.update(slab);
    return { slab: back, cuts: answer.cuts ?? [] };
  }

  /** The SHA-256 of the bytes after the last cut (the final block, if they are any). */
  async end(): Promise<string> {
    const { lastBlock } = await this.channel.finish('end');
    if (lastBlock === undefined) throw new Error('the hashing thread answered no final block hash');
    return lastBlock;
  }

  drop(): void {
    this.channel.finish('drop').catch(() => {});
  }
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/**
 * The compiled worker next to this file. Under vitest this file runs from its TypeScript source,
 * which a worker thread cannot load (Node 20 has no type stripping), so it takes the build's copy:
 * the test script builds before it runs the tests.
 */
function workerScript(): URL {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new URL('./hash-worker.js', here);
  const built = new URL('../../dist/compute/hash-worker.js', here);
  if (!existsSync(fileURLToPath(built))) {
    throw new Error(`${fileURLToPath(built)} is missing: run "npm run build" before the tests`);
  }
  return built;
}

class PoolWorker {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (m: FromWorker) => void; reject: (e: Error) => void }>();
  #nextId = 1;
  streams = 0;
  alive = true;

  constructor() {
    // Its heap holds a few hash states per stream; the bytes are transferred memory, outside it.
    this.#worker = new Worker(workerScript(), {
      resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 },
    });
    // An idle thread must not keep the process alive; a busy one is referenced (#settle, call).
    this.#worker.unref();
    this.#worker.on('message', (msg: FromWorker) => this.#settle(msg));
    this.#worker.on('error', (err) => this.#fail(err));
    this.#worker.on('exit', (code) => this.#fail(new Error(`hashing thread exited with code ${code}`)));
  }

  call(msg: DistributiveOmit<ToWorker, 'id'>, transfer: ArrayBuffer[] = []): Promise<FromWorker> {
    if (!this.alive) return Promise.reject(new Error('the hashing thread is gone'));
    const id = this.#nextId++;
    return new Promise<FromWorker>((resolve, reject) => {
      if (this.#pending.size === 0) this.#worker.ref();
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...msg, id } as ToWorker, transfer);
    });
  }

  async terminate(): Promise<void> {
    this.alive = false;
    await this.#worker.terminate();
  }

  #settle(msg: FromWorker): void {
    const waiter = this.#pending.get(msg.id);
    if (!waiter) return;
    this.#pending.delete(msg.id);
    if (this.#pending.size === 0) this.#worker.unref();
    if (msg.error !== undefined) waiter.reject(new Error(`hashing thread: ${msg.error}`));
    else waiter.resolve(msg);
  }

  #fail(err: Error): void {
    this.alive = false;
    for (const waiter of this.#pending.values()) waiter.reject(err);
    this.#pending.clear();
  }
}
