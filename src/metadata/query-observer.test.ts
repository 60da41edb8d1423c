import cassandra from 'cassandra-driver';
import { describe, expect, it } from 'vitest';
import { observeQueries, queryErrorKind, statementKind } from './query-observer.js';

describe('statementKind', () => {
  it('reads the kind from the first CQL word, in any case', () => {
    expect(statementKind('SELECT a FROM t')).toBe('select');
    expect(statementKind('  insert INTO t (a) VALUES (?)')).toBe('insert');
    expect(statementKind('UPDATE t SET a = ? WHERE k = ?')).toBe('update');
    expect(statementKind('DELETE FROM t WHERE k = ?')).toBe('delete');
    expect(statementKind('CREATE TABLE IF NOT EXISTS t (k int PRIMARY KEY)')).toBe('other');
  });
});

describe('queryErrorKind', () => {
  it("names the driver's errors from a bounded set", () => {
    const response = (code: number) => new cassandra.errors.ResponseError(code, 'x');
    const codes = cassandra.types.responseErrorCodes;
    expect(queryErrorKind(response(codes.readTimeout))).toBe('read_timeout');
    expect(queryErrorKind(response(codes.writeTimeout))).toBe('write_timeout');
    expect(queryErrorKind(response(codes.unavailableException))).toBe('unavailable');
    expect(queryErrorKind(response(codes.syntaxError))).toBe('invalid');
    expect(queryErrorKind(response(codes.readFailure))).toBe('other');
    expect(queryErrorKind(new cassandra.errors.OperationTimedOutError('x'))).toBe('client_timeout');
    expect(queryErrorKind(new cassandra.errors.NoHostAvailableError({}))).toBe('no_host');
    expect(queryErrorKind(new Error('x'))).toBe('other');
  });
});

describe('observeQueries', () => {
  it('times execute and batch, marks LWTs, and reports a failure before rethrowing it', async () => {
    const seen: unknown[] = [];
    const failure = new cassandra.errors.ResponseError(cassandra.types.responseErrorCodes.writeTimeout, 'x');
    // Only execute and batch are touched, so a stand-in for the client's two methods is enough here.
    const client = {
      execute: async (cql: string) => {
        if (cql.startsWith('UPDATE')) throw failure;
        return { rows: [] };
      },
      batch: async () => ({ rows: [] }),
    } as unknown as cassandra.Client;
    observeQueries(client, { queryFinished: (q) => seen.push({ ...q, seconds: q.seconds >= 0 }) });
    await client.execute('SELECT a FROM t WHERE k = ?', [1]);
    await client.execute('INSERT INTO locks (name) VALUES (?) IF NOT EXISTS', ['n']);
    await expect(client.execute('UPDATE t SET a = 1 WHERE k = 1')).rejects.toBe(failure);
    await client.batch(['INSERT INTO t (k) VALUES (1)', { query: 'DELETE FROM t WHERE k = 2', params: [] }]);
    expect(seen).toEqual([
      { kind: 'select', lwt: false, seconds: true, error: undefined },
      { kind: 'insert', lwt: true, seconds: true, error: undefined },
      { kind: 'update', lwt: false, seconds: true, error: 'write_timeout' },
      { kind: 'batch', lwt: false, seconds: true, error: undefined },
    ]);
  });
});
