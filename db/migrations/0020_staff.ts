import type { Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/**
 * The staff console: staff accounts and sessions (never members'), the append-only audit log,
 * content hidden by staff or held for review, and the NG-word list. Frozen.
 */
export async function up(db: Kysely<any>, t: TableOptions): Promise<void> {
  await t
    .table(db.schema.createTable('staff'))
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('login', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await t
    .table(db.schema.createTable('staff_sessions'))
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('staff_id', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  // Written once per staff action; the code has no path that updates or deletes a row.
  await t
    .table(db.schema.createTable('staff_audit'))
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('staff_id', 'integer', (c) => c.notNull())
    .addColumn('action', 'varchar(32)', (c) => c.notNull())
    .addColumn('target_kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('target_id', 'bigint', (c) => c.notNull())
    .addColumn('detail', 'varchar(500)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await t
    .table(db.schema.createTable('hidden_content'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('target_id', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'varchar(16)', (c) => c.notNull())
    .addColumn('word', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('hidden_content_pk', ['kind', 'target_id'])
    .execute();
  await db.schema.createIndex('hidden_content_reason').on('hidden_content').columns(['reason', 'created_at']).execute();
  await t
    .table(db.schema.createTable('ng_words'))
    .addColumn('word', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('action', 'varchar(8)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}
