import type { Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/** One-time form tokens already used (a form re-sent by a handset is recognised). Frozen. */
export async function up(db: Kysely<any>, t: TableOptions): Promise<void> {
  await t
    .table(db.schema.createTable('form_nonces'))
    .addColumn('nonce_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('used_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('form_nonces_used').on('form_nonces').column('used_at').execute();
}
