import type { Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/** Friend requests, footprints, diary comments, messages and blocks. Frozen. */
export async function up(db: Kysely<any>, t: TableOptions): Promise<void> {
  await t
    .table(db.schema.createTable('friend_requests'))
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('from_id', 'integer', (c) => c.notNull())
    .addColumn('to_id', 'integer', (c) => c.notNull())
    .addColumn('message', 'varchar(1000)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('friend_requests_to').on('friend_requests').columns(['to_id', 'status']).execute();
  await db.schema.createIndex('friend_requests_from').on('friend_requests').columns(['from_id', 'status']).execute();

  await t
    .table(db.schema.createTable('footprints'))
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('owner_id', 'integer', (c) => c.notNull())
    .addColumn('visitor_id', 'integer', (c) => c.notNull())
    .addColumn('visited_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('footprints_owner_time').on('footprints').columns(['owner_id', 'visited_at']).execute();
  await db.schema.createIndex('footprints_owner_visitor').on('footprints').columns(['owner_id', 'visitor_id', 'visited_at']).execute();

  await t
    .table(db.schema.createTable('diary_comments'))
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('entry_id', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.notNull())
    .addColumn('reply_to', 'integer')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('diary_comments_entry').on('diary_comments').columns(['entry_id', 'created_at']).execute();

  await t
    .table(db.schema.createTable('messages'))
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('from_id', 'integer', (c) => c.notNull())
    .addColumn('to_id', 'integer', (c) => c.notNull())
    .addColumn('subject', 'varchar(200)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('read_at', 'bigint')
    .addColumn('sender_box', 'varchar(8)', (c) => c.notNull())
    .addColumn('recipient_box', 'varchar(8)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('messages_to').on('messages').columns(['to_id', 'recipient_box', 'created_at']).execute();
  await db.schema.createIndex('messages_from').on('messages').columns(['from_id', 'sender_box', 'created_at']).execute();

  await t
    .table(db.schema.createTable('blocks'))
    .addColumn('blocker_id', 'integer', (c) => c.notNull())
    .addColumn('blocked_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('blocks_pk', ['blocker_id', 'blocked_id'])
    .execute();
  await db.schema.createIndex('blocks_blocked').on('blocks').column('blocked_id').execute();
}
