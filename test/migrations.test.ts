import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { type CqlClient, connectCassandra } from '../src/metadata/cassandra-client.js';
import { migrate } from '../src/metadata/migrate.js';
import { MIGRATIONS } from '../src/metadata/schema.js';
import { TEST_KEYSPACE } from './support/constants.js';

const KEYSPACE = `${TEST_KEYSPACE}_migr`;
let db: CqlClient;
const log = createLogger('silent');

beforeAll(async () => {
  const { contactPoints, localDataCenter } = loadConfig(process.env).cassandra;
  db = await connectCassandra({ contactPoints, localDataCenter }, log);
  await db.execute(`DROP KEYSPACE IF EXISTS ${KEYSPACE}`);
});
afterAll(async () => {
  await db?.execute(`DROP KEYSPACE IF EXISTS ${KEYSPACE}`);
  await db?.shutdown();
});

describe('schema migrations', () => {
  it('applies every migration once, and a second run is a no-op', async () => {
    const opts = { keyspace: KEYSPACE, replication: { class: 'SimpleStrategy', replication_factor: 1 } };
    const first = await migrate(db, opts, log);
    expect(first).toEqual(MIGRATIONS.map((m) => m.version));
    const tables = await db.execute('SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?', [
      KEYSPACE,
    ]);
    const names = tables.rows.map((r) => r.get('table_name') as string);
    for (const t of [
      'buckets',
      'objects',
      'object_versions',
      'block_refs',
      'block_state',
      'locks',
      'folder_children',
    ]) {
      expect(names).toContain(t);
    }
    const second = await migrate(db, opts, log);
    expect(second).toEqual([]);
    const recorded = await db.execute(`SELECT version FROM ${KEYSPACE}.schema_migrations`);
    expect(recorded.rowLength).toBe(MIGRATIONS.length);
  });

  it('applies only the migrations a keyspace lacks when the server is upgraded', async () => {
    const opts = { keyspace: KEYSPACE, replication: { class: 'SimpleStrategy', replication_factor: 1 } };
    const next = {
      version: 9999,
      name: 'test-only table',
      statements: ['CREATE TABLE IF NOT EXISTS upgrade_probe (id int PRIMARY KEY)'],
    };
    const ran = await migrate(db, opts, log, [...MIGRATIONS, next]);
    expect(ran).toEqual([9999]);
    const probe = await db.execute(`SELECT * FROM ${KEYSPACE}.upgrade_probe`);
    expect(probe.rowLength).toBe(0);
  });
});
