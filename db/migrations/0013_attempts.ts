import type { Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/** Failed attempts (password guesses, join spam), shared by every gateway process. Frozen. */
export async function up(db: Kysely<any>, t: TableOptions): Promise<void> {
  await t
    .table(db.schema.createTable('attempt_failures'))
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('key_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attempt_failures_key').on('attempt_failures').columns(['key_hash', 'at']).execute();
  await db.schema.createIndex('attempt_failures_at').on('attempt_failures').column('at').execute();
}
