import type { Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/**
 * Attempt budgets (password checks, joins, verification mails): one row per key with the count
 * used in the current window, so an attempt is reserved by one conditional UPDATE before any slow
 * work — parallel requests and several processes cannot exceed the limit. Sessions remember
 * whether they began on a carrier's gateway network, so a URL-carried ID is honoured only there.
 * Invitation codes that never expired (the demo code) get a finite life. Frozen.
 */
export async function up(db: Kysely<any>, t: TableOptions): Promise<void> {
  await t
    .table(db.schema.createTable('attempt_budgets'))
    .addColumn('key_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('used', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attempt_budgets_expires').on('attempt_budgets').column('expires_at').execute();
  await db.schema.alterTable('sessions').addColumn('on_gateway', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db
    .updateTable('invitations')
    .set({ expires_at: Date.now() + 30 * 86_400_000 })
    .where('expires_at', 'is', null)
    .execute();
  await db.updateTable('invitations').set({ max_uses: 100 }).where('max_uses', '>', 100).execute();
}
