import type { Clock } from './clock.js';
import { type Compare, textOrder } from './cql-order.js';

/** A CQL table's shape: partition key, clustering columns with their order, regular columns. */
export interface TableSchema<R> {
  partitionKey: readonly (keyof R & string)[];
  clustering: readonly { column: keyof R & string; order: Compare }[];
  columns: readonly (keyof R & string)[];
  defaultTtlSeconds?: number;
}

/** A write's timestamp (microseconds, as `USING TIMESTAMP`) and TTL in seconds (0: none). */
export interface WriteOptions {
  ts: number;
  ttlSeconds?: number;
}

interface Cell {
  value: unknown;
  ts: number;
  expiresAt: number;
}

interface StoredRow {
  key: Record<string, unknown>;
  clustering: unknown[];
  marker: { ts: number; expiresAt: number } | undefined;
  cells: Map<string, Cell>;
  deletedAt: number;
}

interface Partition {
  rows: Map<string, StoredRow>;
  deletedAt: number;
}

/**
 * One table as Cassandra stores it: every cell carries its write timestamp and expiry, deletions
 * are tombstones with a timestamp, and a read merges them (last write wins; a tombstone hides
 * cells written at or before its time). So writes with `USING TIMESTAMP` that arrive out of order,
 * an UPDATE that creates a row, a TTL and a null written as a tombstone behave as in CQL.
 */
export class MemoryTable<R extends object> {
  private readonly partitions = new Map<string, Partition>();

  constructor(
    private readonly schema: TableSchema<R>,
    private readonly now: Clock,
  ) {}

  /** INSERT: the row marker and the cells given (undefined: not written; null: a tombstone). */
  insert(row: Partial<R>, opts: WriteOptions): void {
    const stored = this.row(row);
    const expiresAt = this.expiry(opts);
    if (!stored.marker || opts.ts >= stored.marker.ts) stored.marker = { ts: opts.ts, expiresAt };
    this.writeCells(stored, row, opts.ts, expiresAt);
  }

  /** UPDATE: the cells given only; the row exists afterwards while one of them lives (an upsert). */
  update(row: Partial<R>, opts: WriteOptions): void {
    this.writeCells(this.row(row), row, opts.ts, this.expiry(opts));
  }

  deleteRow(key: Partial<R>, ts: number): void {
    const stored = this.row(key);
    stored.deletedAt = Math.max(stored.deletedAt, ts);
  }

  deletePartition(key: Partial<R>, ts: number): void {
    const partition = this.partition(key);
    partition.deletedAt = Math.max(partition.deletedAt, ts);
  }

  /** The live row with this full primary key, dead cells read as null. */
  get(key: Partial<R>): R | undefined {
    const partition = this.partitions.get(this.partitionId(key));
    const stored = partition?.rows.get(this.clusteringId(key));
    return partition && stored ? this.read(partition, stored) : undefined;
  }

  /** The live rows of one partition, in clustering order. */
  select(key: Partial<R>): R[] {
    const partition = this.partitions.get(this.partitionId(key));
    return partition ? this.live(partition) : [];
  }

  /** A read without a partition key: every partition, in no meaningful order (Cassandra's is token order). */
  scan(): R[] {
    return [...this.partitions.values()].flatMap((p) => this.live(p));
  }

  private live(partition: Partition): R[] {
    const rows = [...partition.rows.values()].sort((a, b) => this.compareClustering(a, b));
    return rows.flatMap((r) => this.read(partition, r) ?? []);
  }

  private read(partition: Partition, stored: StoredRow): R | undefined {
    const now = this.now();
    const deletedAt = Math.max(partition.deletedAt, stored.deletedAt);
    const alive = (c: { ts: number; expiresAt: number }) => c.ts > deletedAt && now < c.expiresAt;
    const out: Record<string, unknown> = { ...stored.key };
    let exists = stored.marker !== undefined && alive(stored.marker);
    for (const column of this.schema.columns) {
      const cell = stored.cells.get(column);
      const value = cell && alive(cell) ? copy(cell.value) : null;
      if (value !== null) exists = true;
      out[column] = value;
    }
    return exists ? (out as R) : undefined;
  }

  private writeCells(stored: StoredRow, row: Partial<R>, ts: number, expiresAt: number): void {
    for (const column of this.schema.columns) {
      const value = (row as Record<string, unknown>)[column];
      if (value === undefined) continue;
      const old = stored.cells.get(column);
      if (old && (ts < old.ts || (ts === old.ts && !winsTie(value, old.value)))) continue;
      stored.cells.set(column, { value: copy(value), ts, expiresAt });
    }
  }

  private expiry(opts: WriteOptions): number {
    const ttl = opts.ttlSeconds ?? this.schema.defaultTtlSeconds ?? 0;
    return ttl > 0 ? this.now() + ttl * 1000 : Number.POSITIVE_INFINITY;
  }

  private row(key: Partial<R>): StoredRow {
    const partition = this.partition(key);
    const id = this.clusteringId(key);
    let stored = partition.rows.get(id);
    if (!stored) {
      const names = [...this.schema.partitionKey, ...this.schema.clustering.map((c) => c.column)];
      stored = {
        key: Object.fromEntries(names.map((n) => [n, this.required(key, n)])),
        clustering: this.schema.clustering.map((c) => this.required(key, c.column)),
        marker: undefined,
        cells: new Map(),
        deletedAt: Number.NEGATIVE_INFINITY,
      };
      partition.rows.set(id, stored);
    }
    return stored;
  }

  private partition(key: Partial<R>): Partition {
    const id = this.partitionId(key);
    let partition = this.partitions.get(id);
    if (!partition) {
      partition = { rows: new Map(), deletedAt: Number.NEGATIVE_INFINITY };
      this.partitions.set(id, partition);
    }
    return partition;
  }

  private partitionId(key: Partial<R>): string {
    return JSON.stringify(this.schema.partitionKey.map((n) => this.required(key, n)));
  }

  private clusteringId(key: Partial<R>): string {
    return JSON.stringify(this.schema.clustering.map((c) => this.required(key, c.column)));
  }

  private compareClustering(a: StoredRow, b: StoredRow): number {
    for (const [i, { order }] of this.schema.clustering.entries()) {
      const c = order(a.clustering[i], b.clustering[i]);
      if (c !== 0) return c;
    }
    return 0;
  }

  private required(key: Partial<R>, column: keyof R & string): unknown {
    const value = key[column];
    if (value === undefined || value === null) throw new Error(`primary key column ${column} is missing`);
    return value;
  }
}

/**
 * Cassandra's reconciliation of two cells with one timestamp: a tombstone wins, else the greater
 * value (by its serialized bytes). So two writes at the same microsecond mix, column by column.
 */
function winsTie(value: unknown, old: unknown): boolean {
  if (old === null) return false;
  if (value === null) return true;
  return compareValues(value, old) > 0;
}

function compareValues(a: unknown, b: unknown): number {
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return Buffer.compare(a, b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'string' && typeof b === 'string') return textOrder(a, b);
  return Buffer.compare(Buffer.from(JSON.stringify(a), 'utf8'), Buffer.from(JSON.stringify(b), 'utf8'));
}

/** Stored values are copies, so neither a writer nor a reader can change a row in place. */
function copy(value: unknown): unknown {
  if (value instanceof Date) return new Date(value.getTime());
  if (Buffer.isBuffer(value)) return Buffer.from(value);
  if (Array.isArray(value)) return [...value];
  if (value !== null && typeof value === 'object') return { ...value };
  return value;
}
