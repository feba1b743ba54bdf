import type { Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/**
 * Communities: the community, its members (with role: admin, sub-admin, member, pending, banned),
 * topics (plain topics, events and polls share one table: all three carry numbered comments),
 * comments numbered per topic, topic photos (the photos table holds the image), event participants (a seat number unique per event, so two
 * members racing for the last place cannot both get it) and poll choices and votes (one vote per
 * member by primary key). Frozen once released.
 */
export async function up(db: Kysely<any>, t: TableOptions): Promise<void> {
  await t
    .table(db.schema.createTable('communities'))
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('admin_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('category', 'varchar(24)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('photo_id', 'integer')
    .addColumn('join_policy', 'varchar(16)', (c) => c.notNull())
    .addColumn('readers', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('member_count', 'integer', (c) => c.notNull())
    .addColumn('last_activity_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('communities_members').on('communities').columns(['status', 'member_count']).execute();
  await db.schema.createIndex('communities_activity').on('communities').columns(['status', 'last_activity_at']).execute();
  await db.schema.createIndex('communities_photo').on('communities').column('photo_id').execute();
  await db.schema.createIndex('communities_category').on('communities').columns(['category', 'member_count']).execute();

  await t
    .table(db.schema.createTable('community_members'))
    .addColumn('community_id', 'integer', (c) => c.notNull())
    .addColumn('member_id', 'integer', (c) => c.notNull())
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('joined_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('community_members_pk', ['community_id', 'member_id'])
    .execute();
  await db.schema.createIndex('community_members_member').on('community_members').columns(['member_id', 'role']).execute();
  await db.schema.createIndex('community_members_role').on('community_members').columns(['community_id', 'role', 'joined_at']).execute();

  await t
    .table(db.schema.createTable('community_topics'))
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('community_id', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.notNull())
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('comment_count', 'integer', (c) => c.notNull())
    .addColumn('last_comment_at', 'bigint', (c) => c.notNull())
    .addColumn('event_at', 'bigint')
    .addColumn('place', 'varchar(200)')
    .addColumn('deadline', 'bigint')
    .addColumn('capacity', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('community_topics_recent').on('community_topics').columns(['community_id', 'last_comment_at']).execute();

  await t
    .table(db.schema.createTable('community_comments'))
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('topic_id', 'integer', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('community_comments_number', ['topic_id', 'number'])
    .execute();
  await db.schema.createIndex('community_comments_author').on('community_comments').columns(['author_id', 'created_at']).execute();

  await t
    .table(db.schema.createTable('community_participants'))
    .addColumn('topic_id', 'integer', (c) => c.notNull())
    .addColumn('member_id', 'integer', (c) => c.notNull())
    .addColumn('seat', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('community_participants_pk', ['topic_id', 'member_id'])
    .addUniqueConstraint('community_participants_seat', ['topic_id', 'seat'])
    .execute();

  await t
    .table(db.schema.createTable('community_topic_photos'))
    .addColumn('topic_id', 'integer', (c) => c.notNull())
    .addColumn('photo_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('community_topic_photos_pk', ['topic_id', 'photo_id'])
    .execute();
  await db.schema.createIndex('community_topic_photos_photo').on('community_topic_photos').column('photo_id').execute();

  await t
    .table(db.schema.createTable('community_poll_choices'))
    .addColumn('topic_id', 'integer', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('label', 'varchar(200)', (c) => c.notNull())
    .addPrimaryKeyConstraint('community_poll_choices_pk', ['topic_id', 'number'])
    .execute();

  await t
    .table(db.schema.createTable('community_poll_votes'))
    .addColumn('topic_id', 'integer', (c) => c.notNull())
    .addColumn('member_id', 'integer', (c) => c.notNull())
    .addColumn('choice', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('community_poll_votes_pk', ['topic_id', 'member_id'])
    .execute();
}
