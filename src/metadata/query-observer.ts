import cassandra from 'cassandra-driver';

type CqlClient = cassandra.Client;

/** What a statement does, from its first word; a batch is one request whatever it holds. */
export type StatementKind = 'select' | 'insert' | 'update' | 'delete' | 'batch' | 'other';

/** Why a query failed, in the driver's terms (a bounded set, for metric labels). */
export type QueryErrorKind =
  | 'read_timeout'
  | 'write_timeout'
  | 'unavailable'
  | 'overloaded'
  | 'client_timeout'
  | 'no_host'
  | 'server'
  | 'invalid'
  | 'other';

/** Told about every execute and batch of a session: its kind, whether an LWT, its time and error. */
export interface QueryObserver {
  queryFinished(query: {
    kind: StatementKind;
    lwt: boolean;
    seconds: number;
    error: QueryErrorKind | undefined;
  }): void;
}

const KINDS = new Set<string>(['select', 'insert', 'update', 'delete']);
/** `IF NOT EXISTS`, `IF EXISTS`, `IF col = ...`: a lightweight transaction (Paxos). */
const LWT = /\sIF\s/i;

export function statementKind(cql: string): StatementKind {
  const word = /^\s*(\w+)/.exec(cql)?.[1]?.toLowerCase() ?? '';
  return KINDS.has(word) ? (word as StatementKind) : 'other';
}

const RESPONSE_ERRORS: Partial<Record<number, QueryErrorKind>> = {
  [cassandra.types.responseErrorCodes.readTimeout]: 'read_timeout',
  [cassandra.types.responseErrorCodes.writeTimeout]: 'write_timeout',
  [cassandra.types.responseErrorCodes.unavailableException]: 'unavailable',
  [cassandra.types.responseErrorCodes.overloaded]: 'overloaded',
  [cassandra.types.responseErrorCodes.serverError]: 'server',
  [cassandra.types.responseErrorCodes.invalid]: 'invalid',
  [cassandra.types.responseErrorCodes.syntaxError]: 'invalid',
};

export function queryErrorKind(err: unknown): QueryErrorKind {
  if (err instanceof cassandra.errors.ResponseError) return RESPONSE_ERRORS[err.code] ?? 'other';
  if (err instanceof cassandra.errors.OperationTimedOutError) return 'client_timeout';
  if (err instanceof cassandra.errors.NoHostAvailableError) return 'no_host';
  return 'other';
}

/**
 * Times every promise-style `execute` and `batch` of the session and tells the observer. Wrapping
 * the calls (rather than the driver's RequestTracker, which sees each attempt on a host) counts
 * what the repositories asked for, including the failures that never reached a host.
 */
export function observeQueries(client: CqlClient, observer: QueryObserver): void {
  const execute = client.execute.bind(client);
  const batch = client.batch.bind(client);
  const timed = async <T>(kind: StatementKind, lwt: boolean, run: () => Promise<T>): Promise<T> => {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const result = await run();
      observer.queryFinished({ kind, lwt, seconds: seconds(), error: undefined });
      return result;
    } catch (err) {
      observer.queryFinished({ kind, lwt, seconds: seconds(), error: queryErrorKind(err) });
      throw err;
    }
  };
  type Execute = (...args: Parameters<CqlClient['execute']>) => Promise<cassandra.types.ResultSet>;
  type Batch = (...args: Parameters<CqlClient['batch']>) => Promise<cassandra.types.ResultSet>;
  const wrappedExecute: Execute = (...args) => {
    const [cql] = args;
    // The callback form (only the driver's own helpers use it) is passed through untimed.
    if (args.some((a) => typeof a === 'function')) return (execute as Execute)(...args);
    return timed(statementKind(cql), LWT.test(cql), () => (execute as Execute)(...args));
  };
  const wrappedBatch: Batch = (...args) => {
    if (args.some((a) => typeof a === 'function')) return (batch as Batch)(...args);
    const lwt = args[0].some((q) => LWT.test(typeof q === 'string' ? q : q.query));
    return timed('batch', lwt, () => (batch as Batch)(...args));
  };
  client.execute = wrappedExecute as CqlClient['execute'];
  client.batch = wrappedBatch as CqlClient['batch'];
}
