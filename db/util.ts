import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

/** Unique-key violations, spelled differently by each driver. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; errno?: number };
  return err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || err?.code === 'SQLITE_CONSTRAINT_UNIQUE' || err?.code === 'ER_DUP_ENTRY' || err?.errno === 1062;
}

/** Errors after which a transaction may simply be run again. */
export function isRetryable(e: unknown): boolean {
  const err = e as { code?: string; errno?: number };
  return err?.errno === 1213 || err?.errno === 1205 || err?.code === 'ER_LOCK_DEADLOCK' || err?.code === 'SQLITE_BUSY';
}

export const num = (v: unknown): number => Number(v);
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
