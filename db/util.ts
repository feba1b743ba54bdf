import { sql, type CompiledQuery, type Kysely, type QueryResult, type RawBuilder } from 'kysely';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

/** Unique-key violations, spelled differently by each driver. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; errno?: number };
  return err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || err?.code === 'SQLITE_CONSTRAINT_UNIQUE' || err?.code === 'ER_DUP_ENTRY' || err?.errno === 1062;
}

/**
 * Errors after which a transaction may simply be run again: it was rolled back whole. On Galera a
 * certification conflict (two nodes wrote the same row) is reported as a deadlock (1213), at the
 * statement or at commit; 1047 is a node leaving or rejoining the cluster refusing the statement.
 * On SQLite, BUSY is the write lock held past the wait (db/connection.ts), and BUSY_SNAPSHOT a
 * transaction that read, then found another connection (another gateway process) had written
 * since, when it came to write itself: it can never write and must start again.
 */
export function isRetryable(e: unknown): boolean {
  const err = e as { code?: string; errno?: number };
  return err?.errno === 1213 || err?.errno === 1205 || err?.errno === 1047 || err?.code === 'ER_LOCK_DEADLOCK' || err?.code === 'SQLITE_BUSY' || err?.code === 'SQLITE_BUSY_SNAPSHOT';
}

/**
 * The connection (its server) was lost. Before COMMIT was sent the transaction is certainly rolled
 * back and may run again on another server; during COMMIT its outcome is unknown, so it is not.
 */
export function isConnectionLost(e: unknown): boolean {
  const err = e as { code?: string; errno?: number; fatal?: boolean };
  return err?.fatal === true || err?.errno === 2013 || err?.errno === 2006 || err?.errno === 1053 || ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'PROTOCOL_CONNECTION_LOST'].includes(err?.code ?? '');
}

export const num = (v: unknown): number => Number(v);
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** `not in ()` is invalid SQL; an empty exclusion list becomes an impossible id. */
export const except = (ids: readonly number[]) => (ids.length ? [...ids] : [-1]);

/**
 * Inserts a row once: false instead of an error when its key is already there (a replay, a
 * second click, a concurrent writer). Any other error is thrown.
 */
export async function insertOnce(run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}

/** LIKE pattern for a literal substring, escaped with '!' (the same in SQLite and MySQL). */
function containing(text: string): string {
  return `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** `column` contains `text` literally (wildcards in it match themselves), in either dialect. */
export function likeContaining(column: string, text: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} like ${containing(text)} escape '!'`;
}

/** The id of the row an insert made (MySQL hands it back as a bigint). */
export async function insertedId(q: { executeTakeFirstOrThrow(): Promise<{ insertId?: bigint | undefined }> }): Promise<number> {
  return Number((await q.executeTakeFirstOrThrow()).insertId);
}

/** The query's first row as the domain sees it, or null when there is none. */
export async function firstOrNull<R, T>(q: { executeTakeFirst(): Promise<R | undefined> }, map: (r: R) => T): Promise<T | null> {
  const r = await q.executeTakeFirst();
  return r === undefined ? null : map(r);
}

/**
 * A read run at once on the connection itself, skipping Kysely's executor (its connection queue,
 * driver layers and promises cost about as much as SQLite takes for a small indexed read): the
 * rows, or undefined when the query must go through Kysely after all (see `allowDirectReads`).
 */
export type DirectRead = (sql: string, parameters: readonly unknown[]) => unknown[] | undefined;

const directReads = new WeakMap<object, DirectRead>();

/**
 * db/connection.ts: `db` (an embedded database's own Kysely, never a transaction's) may run the
 * reads of `compiledOnce` through `read`.
 */
export function allowDirectReads(db: Db, read: DirectRead): void {
  directReads.set(db, read);
}

/** Where an argument goes in a query compiled once (see `compiledOnce`): an argument, or one element of a list argument. */
class Slot {
  constructor(
    readonly index: number,
    readonly element: number | null = null,
  ) {}
}

type Compiled<R> = { compiled: CompiledQuery<R>; positions: ([number, number | null] | null)[] };

/** Most shapes (list lengths) a query keeps compiled; past that, new shapes are compiled each time. */
const MAX_SHAPES = 64;

/**
 * A query of fixed shape, built and compiled by Kysely once per repository (building and compiling
 * cost more than SQLite takes to run a small indexed query); each call binds its own arguments.
 * `build` receives placeholders to use where the arguments go (values only, never identifiers);
 * a list argument (for `in`) arrives as a list of placeholders, and the query is compiled once per
 * list length (up to MAX_SHAPES lengths kept). `build` may look at a list's length, never at
 * values. Run on the repository's own connection or transaction.
 */
export function compiledOnce<A extends unknown[], R>(db: Db, build: (...slots: { [K in keyof A]: A[K] }) => { compile(): CompiledQuery<R> }) {
  const run = compiledOnceResult(db, build, directReads.get(db));
  return async (...args: A): Promise<R[]> => (await run(...args)).rows;
}

/** As `compiledOnce`, for a write: how many rows it changed. */
export function compiledOnceChanges<A extends unknown[]>(db: Db, build: (...slots: { [K in keyof A]: A[K] }) => { compile(): CompiledQuery<unknown> }) {
  const run = compiledOnceResult(db, build);
  return async (...args: A): Promise<number> => Number((await run(...args)).numAffectedRows ?? 0);
}

function compiledOnceResult<A extends unknown[], R>(db: Db, build: (...slots: { [K in keyof A]: A[K] }) => { compile(): CompiledQuery<R> }, direct?: DirectRead) {
  const shapes = new Map<string, Compiled<R>>();
  const compile = (args: A): Compiled<R> => {
    const slots = args.map((a, i) => (Array.isArray(a) ? a.map((_, j) => new Slot(i, j)) : new Slot(i))) as unknown as A;
    const compiled = build(...slots).compile();
    return { compiled, positions: compiled.parameters.map((p) => (p instanceof Slot ? [p.index, p.element] : null)) };
  };
  return async (...args: A): Promise<QueryResult<R>> => {
    let key = '';
    for (const a of args) key += Array.isArray(a) ? `${a.length},` : '.';
    let shape = shapes.get(key);
    if (!shape) {
      shape = compile(args);
      if (shapes.size < MAX_SHAPES) shapes.set(key, shape);
    }
    const base = shape.compiled;
    const parameters = shape.positions.map((at, i) => (at === null ? base.parameters[i] : at[1] === null ? args[at[0]] : (args[at[0]] as unknown[])[at[1]]));
    const rows = direct?.(base.sql, parameters);
    if (rows) return { rows: rows as R[] };
    return db.executeQuery<R>({ ...base, parameters });
  };
}
