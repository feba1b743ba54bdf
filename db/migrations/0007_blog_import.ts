import type { Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/** External blogs imported into diaries (RSS/Atom), and which items were already taken. Frozen. */
export async function up(db: Kysely<any>, t: TableOptions): Promise<void> {
  await t
    .table(db.schema.createTable('blog_feeds'))
    .addColumn('member_id', 'integer', (c) => c.primaryKey())
    .addColumn('url', 'varchar(500)', (c) => c.notNull())
    .addColumn('last_fetched_at', 'bigint')
    .addColumn('last_error', 'varchar(200)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await t
    .table(db.schema.createTable('blog_items'))
    .addColumn('member_id', 'integer', (c) => c.notNull())
    .addColumn('item_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('entry_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('blog_items_pk', ['member_id', 'item_hash'])
    .execute();
}
