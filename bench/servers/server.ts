import type { Credentials } from '../lib/sigv4.js';

/** A benchmarked server, started and ready to serve. */
export interface RunningServer {
  readonly name: string;
  readonly version: string;
  readonly host: string;
  readonly port: number;
  readonly credentials: Credentials;
  /** The folder the server keeps object data in (fresh for this run). */
  readonly dataDir: string;
  /** The server's own process. */
  readonly pid: number;
  /** Helper processes whose memory is reported separately, e.g. OK-S3's Cassandra. */
  readonly helpers: readonly { label: string; pid: number }[];
  /** Bytes of metadata kept outside `dataDir` (OK-S3: the keyspace's SSTables), if any. */
  metadataBytes(): Promise<number | undefined>;
  /** Stops the server, removes its data folder (unless kept) and anything else it created. */
  stop(): Promise<void>;
}

export interface StartContext {
  /** A fresh, empty folder the server may use for data and logs. */
  workDir: string;
  port: number;
  keepData: boolean;
}

/** One kind of server: it is either available here (built or installed) or says why not. */
export interface ServerKind {
  readonly name: string;
  /** Why it cannot run here, or undefined when it can. */
  unavailableReason(): Promise<string | undefined>;
  start(ctx: StartContext): Promise<RunningServer>;
}
