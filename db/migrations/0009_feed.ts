import type { Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/**
 * Friends' feeds, written at post time (fan-out on write) so a top page reads one member's rows
 * instead of scanning every friend's diary. Existing entries are backfilled. Frozen.
 */
export async function up(db: Kysely<any>, t: TableOptions): Promise<void> {
  await t
    .table(db.schema.createTable('feed_items'))
    .addColumn('member_id', 'integer', (c) => c.notNull())
    .addColumn('entry_id', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('feed_items_pk', ['member_id', 'entry_id'])
    .execute();
  await db.schema.createIndex('feed_items_member_time').on('feed_items').columns(['member_id', 'created_at']).execute();
  await db.schema.createIndex('feed_items_entry').on('feed_items').column('entry_id').execute();
  await db.schema.createIndex('feed_items_author').on('feed_items').columns(['member_id', 'author_id']).execute();
  await db
    .insertInto('feed_items')
    .columns(['member_id', 'entry_id', 'author_id', 'created_at'])
    .expression(
      db
        .selectFrom('diary_entries as e')
        .innerJoin('friendships as f', 'f.friend_id', 'e.member_id')
        .select(['f.member_id', 'e.id', 'e.member_id as author_id', 'e.created_at'])
        .where('e.visibility', '<>', 'self'),
    )
    .execute();
}
