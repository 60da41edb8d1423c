import type { Logger } from '../logger.js';
import type { CqlClient } from './cassandra-client.js';
import { MIGRATIONS, type Migration } from './schema.js';

export interface MigrateOptions {
  keyspace: string;
  replication: Readonly<Record<string, string | number>>;
}

/**
 * Creates the keyspace and applies every migration not yet recorded in `schema_migrations`.
 * Statements are idempotent (IF NOT EXISTS), and the record is written with an LWT, so running it
 * twice, or from two servers at once, is a no-op the second time.
 * Returns the versions applied by this call.
 */
export async function migrate(
  client: CqlClient,
  opts: MigrateOptions,
  log: Logger,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  const ks = opts.keyspace;
  await client.execute(
    `CREATE KEYSPACE IF NOT EXISTS ${ks} WITH replication = ${cqlMap(opts.replication)} AND durable_writes = true`,
  );
  await client.execute(
    `CREATE TABLE IF NOT EXISTS ${ks}.schema_migrations (version int PRIMARY KEY, name text, applied_at timestamp)`,
  );
  const done = await client.execute(`SELECT version FROM ${ks}.schema_migrations`);
  const applied = new Set(done.rows.map((r) => r.get('version') as number));
  const ran: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    log.info({ version: m.version, name: m.name }, 'applying schema migration');
    for (const statement of m.statements) {
      await client.execute(qualify(statement, ks));
    }
    await client.execute(
      `INSERT INTO ${ks}.schema_migrations (version, name, applied_at) VALUES (?, ?, toTimestamp(now())) IF NOT EXISTS`,
      [m.version, m.name],
    );
    ran.push(m.version);
  }
  return ran;
}

function cqlMap(map: Readonly<Record<string, string | number>>): string {
  const entries = Object.entries(map).map(([k, v]) => `'${k}': ${typeof v === 'number' ? v : `'${v}'`}`);
  return `{${entries.join(', ')}}`;
}

/** Statements name tables bare; the keyspace is the operator's choice, so it is added here. */
function qualify(statement: string, keyspace: string): string {
  return statement.replace(/^(\s*(?:CREATE TABLE IF NOT EXISTS|ALTER TABLE))\s+/, `$1 ${keyspace}.`);
}
