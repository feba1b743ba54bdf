import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CompiledQuery, Kysely, Migrator, MysqlDialect, SqliteDialect, type Driver, type LogEvent } from 'kysely';
import { allowDirectReads } from './util.js';
import type { Database } from './schema.js';
import { migrationsFor, type Dialect } from './migrations/index.js';
import { ClusterPool } from './cluster-pool.js';
import { BACKSTOP_PAGES, DEFAULT_AUTOCHECKPOINT, startCheckpointer, type Checkpointer } from './checkpointer.js';

export interface Connection {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
  /**
   * Several servers (a Galera cluster): a connection for migrating that goes to the first healthy
   * node in one fixed order, the same for every gateway, so Kysely's migration lock (GET_LOCK,
   * which holds on one node only) keeps two gateways starting together from migrating at once.
   */
  migrationDb?: () => Kysely<Database>;
}

/**
 * Parses DATABASE_URL: `sqlite:<path>`, `sqlite::memory:` or `mysql://user:pass@host:port/db`,
 * where the host part may list several servers (`h1:3311,h2:3312,h3:3313`, a Galera cluster's
 * nodes, preferred in that order): `urls` then holds one single-host URL per server.
 */
export function parseDatabaseUrl(url: string): { dialect: 'sqlite'; path: string } | { dialect: 'mysql'; url: string; urls: string[] } {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (!path) throw new Error('DATABASE_URL: sqlite: needs a path or :memory:');
    return { dialect: 'sqlite', path };
  }
  if (url.startsWith('mysql://')) {
    const parts = /^mysql:\/\/([^@/]*@)?([^/]*)(\/.*)?$/.exec(url);
    const hosts = (parts?.[2] ?? '').split(',');
    if (!parts || hosts.some((h) => !h.trim())) throw new Error("DATABASE_URL: expected 'mysql://user:pass@host:port/db' (several hosts separated by commas)");
    const urls = hosts.map((h) => `mysql://${parts[1] ?? ''}${h.trim()}${parts[3] ?? ''}`);
    for (const one of urls) {
      let u: URL;
      try {
        u = new URL(one);
      } catch {
        throw new Error(`DATABASE_URL: '${one.replace(/\/\/[^@]*@/, '//')}' is not a valid mysql URL`);
      }
      if (!u.pathname || u.pathname === '/') throw new Error('DATABASE_URL: mysql URL needs a database name');
    }
    if (new Set(hosts.map((h) => h.trim().toLowerCase())).size !== hosts.length) throw new Error('DATABASE_URL: a host is listed twice');
    return { dialect: 'mysql', url, urls };
  }
  throw new Error("DATABASE_URL: expected 'sqlite:<path>', 'sqlite::memory:' or 'mysql://user:pass@host:port/db'");
}

type RawSqlite = import('better-sqlite3').Database;
type Statement = ReturnType<RawSqlite['prepare']>;

/**
 * Benchmarks only (OpenOptions.queryStatsFile, QUERY_STATS_FILE): each SQLite statement's
 * execution time summed by SQL text (exact: better-sqlite3 runs synchronously), written to
 * `<file>.<pid>` as JSON when the process exits.
 */
type QueryStats = Map<string, { n: number; ms: number }>;

function queryStatsTo(file: string): QueryStats {
  const stats: QueryStats = new Map();
  process.once('exit', () => {
    const rows = [...stats].sort((a, b) => b[1].ms - a[1].ms).map(([sql, t]) => ({ ...t, sql }));
    writeFileSync(`${file}.${process.pid}`, JSON.stringify(rows, null, 1));
  });
  return stats;
}

function timed(st: Statement, sql: string, stats: QueryStats): Statement {
  const t = stats.get(sql) ?? { n: 0, ms: 0 };
  stats.set(sql, t);
  // all/get/run run the statement whole; `iterate` would time only the iterator's making, so it is left out.
  for (const m of ['all', 'get', 'run'] as const) {
    const f = (st[m] as (...a: unknown[]) => unknown).bind(st);
    (st as unknown as Record<string, unknown>)[m] = (...a: unknown[]) => {
      const t0 = performance.now();
      try {
        return f(...a);
      } finally {
        t.n++;
        t.ms += performance.now() - t0;
      }
    };
  }
  return st;
}

/** How long a statement waits for another connection's write lock before SQLITE_BUSY (OpenOptions.busyWaitMs). */
export const BUSY_WAIT_MS = 5000;
const nap = new Int32Array(new SharedArrayBuffer(4));

/**
 * Waits for the write lock in short naps. SQLite's own wait (busy_timeout) sleeps 1 ms, then 2,
 * then 5…, and every sleep stops this process's event loop; with two gateway processes writing
 * one file (WORKERS=2), another's commit holds the lock for a tenth of a millisecond. A WAL
 * connection is opened with busy_timeout 0, so SQLITE_BUSY comes at once and the statement (or its
 * preparing) is run again after 0.05 ms, then 0.1, 0.2… (at most 1 ms a nap) until `waitMs` have
 * passed; then the error is thrown, as SQLite's own wait would have. A statement that met
 * SQLITE_BUSY had no effect, so running it again is safe, in a transaction too.
 *
 * Like SQLite's own wait, the naps stop the event loop for as long as the other connection holds
 * the lock: a commit from another gateway process, a fraction of a millisecond; a command-line
 * tool's long transaction, longer (as it always did for a transaction's first write). One case is
 * waited for that SQLite would not wait for: a transaction that has read, then writes. When the
 * other connection commits, that transaction's snapshot is stale and the retry gets
 * SQLITE_BUSY_SNAPSHOT, which is not waited for: the store runs the transaction again
 * (db/util.ts isRetryable), which then usually succeeds, where before it was soon refused as a
 * conflict (test/sqlite-locks.test.ts).
 *
 * Only in WAL mode (the connection checks): with a rollback journal a reader that wants to write
 * and a writer that wants to commit would each wait for the other. `iterate` is left out: its
 * error would come at the first row, after this returned.
 */
function waitingForLocks(st: Statement, waitMs: number): Statement {
  for (const m of ['all', 'get', 'run'] as const) {
    const f = (st[m] as (...a: unknown[]) => unknown).bind(st);
    (st as unknown as Record<string, unknown>)[m] = (...a: unknown[]) => {
      try {
        return f(...a);
      } catch (e) {
        if (!waitable(e)) throw e;
        return again(() => f(...a), waitMs);
      }
    };
  }
  return st;
}

/** The write lock is held, or another connection is recovering the log after a crash: both pass. */
const waitable = (e: unknown) => {
  const code = (e as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_RECOVERY';
};

function again<T>(f: () => T, waitMs: number): T {
  const until = performance.now() + waitMs;
  for (let ms = 0.05; ; ms = Math.min(ms * 2, 1)) {
    Atomics.wait(nap, 0, 0, ms);
    try {
      return f();
    } catch (e) {
      if (!waitable(e) || performance.now() >= until) throw e;
    }
  }
}

/** Prepares a statement (reading the schema may meet a lock too), waiting as above when waitMs > 0. */
function prepareWaiting(raw: RawSqlite, sql: string, waitMs: number): Statement {
  if (waitMs <= 0) return raw.prepare(sql);
  let st: Statement;
  try {
    st = raw.prepare(sql);
  } catch (e) {
    if (!waitable(e)) throw e;
    st = again(() => raw.prepare(sql), waitMs);
  }
  return waitingForLocks(st, waitMs);
}

/**
 * Kysely prepares every query afresh; better-sqlite3 statements are reusable, and preparing
 * was the largest single cost per page view. Keep up to `max` statements by SQL text, evicted by
 * "second chance": a hit only marks its statement (reordering the map on every hit cost more than
 * it saved); when full, the oldest unmarked one goes and marked ones are kept, unmarked, as new.
 * Lists compiled per length (db/util.ts compiledOnce) make many texts: hot ones stay.
 */
function withStatementCache(raw: RawSqlite, queryStats: QueryStats | null, busyWaitMs: number, max = 1024, arrays = false) {
  const cache = new Map<string, { st: Statement; used: boolean }>();
  const evict = () => {
    for (const [sql, e] of cache) {
      cache.delete(sql);
      if (!e.used) return;
      e.used = false;
      cache.set(sql, e);
    }
  };
  return {
    close: () => raw.close(),
    prepare(sql: string): Statement {
      const hit = cache.get(sql);
      if (hit) {
        hit.used = true;
        return hit.st;
      }
      let st = prepareWaiting(raw, sql, busyWaitMs);
      if (arrays && st.reader) st.raw(true);
      if (queryStats) st = timed(st, sql, queryStats);
      if (cache.size >= max) evict();
      cache.set(sql, { st, used: false });
      return st;
    },
  };
}

export interface OpenOptions {
  /** A node of a several-host DATABASE_URL was set aside (unhealthy) or taken back. */
  onNodeChange?: (node: string, healthy: boolean) => void;
  /** Called for every query slower than `slowQueryMs` (with its SQL, never its parameters). */
  onSlowQuery?: (sql: string, ms: number) => void;
  slowQueryMs?: number;
  /** SQLite only, for benchmarks: sum each statement's time by SQL, written to `<file>.<pid>` at exit. */
  queryStatsFile?: string | null;
  /** SQLite in WAL mode: how long a statement waits for another connection's write lock (default BUSY_WAIT_MS). */
  busyWaitMs?: number;
  /** SQLite files only: checkpoint the WAL from a worker thread (db/checkpointer.ts). Default on. */
  checkpointInBackground?: boolean;
  /** The checkpoint worker died; the connection checkpoints by itself again (SQLite's default). */
  onCheckpointFailure?: (e: Error) => void;
}

/**
 * Kysely's SQLite dialect, counting what it has asked for the one connection and not yet given
 * back (queued, running, or holding a transaction): a direct read (`allowDirectReads`) runs only
 * while that count is nought, so it never overtakes a query queued before it and never runs
 * inside another caller's transaction.
 */
class CountedSqliteDialect extends SqliteDialect {
  readonly inUse = { n: 0 };
  override createDriver(): Driver {
    const driver = super.createDriver();
    const acquire = driver.acquireConnection.bind(driver);
    const release = driver.releaseConnection.bind(driver);
    const inUse = this.inUse;
    driver.acquireConnection = async () => {
      inUse.n++;
      try {
        return await acquire();
      } catch (e) {
        inUse.n--;
        throw e;
      }
    };
    driver.releaseConnection = async (connection) => {
      inUse.n--;
      return release(connection);
    };
    return driver;
  }
}

/**
 * Connections running their migrations: building tables and indexes is slow by nature (on a
 * first MariaDB start each CREATE INDEX took past the threshold), and is not what the slow-query
 * log is for, so it stays quiet meanwhile (and during an SQLite connection's first query, which
 * starts Kysely's driver: openDatabase).
 */
const migrating = new WeakSet<object>();

/** Opens the database named by DATABASE_URL (drivers are loaded only for the dialect in use). */
export async function openDatabase(url: string, o: OpenOptions = {}): Promise<Connection> {
  const slow = o.onSlowQuery;
  const threshold = o.slowQueryMs ?? 50;
  const self: { db?: object } = {};
  const log = slow
    ? (e: LogEvent) => {
        if (e.level === 'query' && e.queryDurationMillis >= threshold && !(self.db && migrating.has(self.db))) slow(e.query.sql, Math.round(e.queryDurationMillis));
      }
    : undefined;
  const parsed = parseDatabaseUrl(url);
  if (parsed.dialect === 'sqlite') {
    const { default: SQLite } = await import('better-sqlite3');
    if (parsed.path !== ':memory:') mkdirSync(dirname(parsed.path), { recursive: true });
    const raw = new SQLite(parsed.path);
    // Lock waits in short naps (waitingForLocks) only in WAL mode; otherwise (a memory database,
    // a file system without WAL's shared memory) SQLite's own wait, as before.
    const wal = raw.pragma('journal_mode = WAL', { simple: true }) === 'wal';
    raw.pragma('synchronous = NORMAL');
    raw.pragma(`busy_timeout = ${wal ? 0 : BUSY_WAIT_MS}`);
    raw.pragma('foreign_keys = ON');
    // SQLite's default page cache is 2 MB: on a database of a gigabyte (100,000 members) most
    // pages a request touches were read again from the OS. 64 MB per connection made bench:load
    // ~15% faster on one process. Not a memory map: measured, it changed nothing on one process
    // and cost a quarter of the rate with two (WORKERS=2) writing the same file.
    raw.pragma('cache_size = -65536');
    raw.pragma('temp_store = MEMORY');
    // Checkpoints run in a worker thread (db/checkpointer.ts); this connection's own are the backstop.
    let checkpointer: Checkpointer | null = null;
    if (parsed.path !== ':memory:' && o.checkpointInBackground !== false) {
      raw.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
      checkpointer = startCheckpointer(parsed.path, {
        onFailure: (e) => {
          if (raw.open) raw.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT}`);
          o.onCheckpointFailure?.(e);
        },
      });
    }
    const stats = o.queryStatsFile ? queryStatsTo(o.queryStatsFile) : null;
    const busyWaitMs = wal ? (o.busyWaitMs ?? BUSY_WAIT_MS) : 0;
    const statements = withStatementCache(raw, stats, busyWaitMs);
    const dialect = new CountedSqliteDialect({ database: statements });
    const db = new Kysely<Database>({ dialect, ...(log ? { log } : {}) });
    self.db = db;
    // Reads compiled once (db/util.ts) run on the connection at once when nothing else holds or
    // awaits it and no transaction is open: better-sqlite3 runs them synchronously, so nothing
    // can come between. Slow ones are reported as Kysely's log would have. Kysely starts its
    // driver on its first query and counts nothing until then (a query asked for before would be
    // overtaken: found by a review helper), so it runs one first, kept out of the slow-query log.
    migrating.add(db);
    await db.executeQuery(CompiledQuery.raw('select 1')).finally(() => migrating.delete(db));
    //
    // These statements (a cache of their own) give rows as arrays, made into objects here under
    // column names read once: better-sqlite3 makes each row's object through V8's API, naming every
    // column afresh, which cost as much as SQLite's own work for the session's row (20 columns).
    const direct = withStatementCache(raw, stats, busyWaitMs, 1024, true);
    const names = new WeakMap<Statement, string[]>();
    const asObjects = (st: Statement, rows: unknown[][]): unknown[] => {
      let cols = names.get(st);
      if (!cols) names.set(st, (cols = st.columns().map((c) => c.name)));
      const out = new Array<unknown>(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        const o: Record<string, unknown> = {};
        for (let j = 0; j < cols.length; j++) o[cols[j]!] = row[j];
        out[i] = o;
      }
      return out;
    };
    allowDirectReads(db, (text, parameters) => {
      if (dialect.inUse.n !== 0 || raw.inTransaction) return undefined;
      const st = direct.prepare(text);
      if (!st.reader) return undefined;
      if (!slow) return asObjects(st, st.all(parameters) as unknown[][]);
      const t0 = performance.now();
      const rows = st.all(parameters) as unknown[][];
      const ms = performance.now() - t0;
      if (ms >= threshold && !migrating.has(db)) slow(text, Math.round(ms));
      return asObjects(st, rows);
    });
    return {
      db,
      dialect: 'sqlite',
      close: async () => {
        await checkpointer?.stop();
        await db.destroy();
      },
    };
  }
  const { createPool } = await import('mysql2');
  const options = { charset: 'utf8mb4', connectionLimit: 10, timezone: 'Z' } as const;
  if (parsed.urls.length === 1) {
    const db = new Kysely<Database>({ dialect: new MysqlDialect({ pool: createPool({ uri: parsed.url, ...options }) }), ...(log ? { log } : {}) });
    self.db = db;
    return { db, dialect: 'mysql', close: () => db.destroy() };
  }
  const pool = new ClusterPool(createPool, parsed.urls, options, { onChange: o.onNodeChange });
  const db = new Kysely<Database>({ dialect: new MysqlDialect({ pool }), ...(log ? { log } : {}) });
  self.db = db;
  return {
    db,
    dialect: 'mysql',
    migrationDb: () => new Kysely<Database>({ dialect: new MysqlDialect({ pool: new ClusterPool(createPool, [...parsed.urls].sort(), { ...options, connectionLimit: 2 }) }) }),
    close: () => db.destroy(),
  };
}

/** Applies every pending migration; throws with the failing migration's error. */
export async function migrate(conn: Connection): Promise<string[]> {
  const migrations = migrationsFor(conn.dialect);
  const db = conn.migrationDb?.() ?? conn.db;
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  migrating.add(conn.db);
  const { error, results } = await migrator.migrateToLatest().finally(() => {
    migrating.delete(conn.db);
    return db !== conn.db ? db.destroy() : undefined;
  });
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
