import { sql, type Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/**
 * Echo (150-character posts, with the echo replied to), photo albums (album, photo captions,
 * comments on photos) and members' secret mail-posting
 * addresses (one per target: the diary, or later an album). Members who had saved their top-page
 * sections before Echo and albums existed get their sections (those who switched every section off keep none),
 * as 0017 did for communities. Frozen once released.
 */
export async function up(db: Kysely<any>, t: TableOptions): Promise<void> {
  await t
    .table(db.schema.createTable('echoes'))
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('member_id', 'integer', (c) => c.notNull())
    .addColumn('body', 'varchar(600)', (c) => c.notNull())
    .addColumn('reply_to', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('echoes_member').on('echoes').columns(['member_id', 'created_at']).execute();
  await db.schema.createIndex('echoes_reply').on('echoes').columns(['reply_to', 'created_at']).execute();

  await t
    .table(db.schema.createTable('mail_post_addresses'))
    .addColumn('token', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('member_id', 'integer', (c) => c.notNull())
    .addColumn('target', 'varchar(24)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mail_post_addresses_member').on('mail_post_addresses').columns(['member_id', 'target']).unique().execute();

  // Albums: photos stay in the photos table (one store for every photo, written in the same
  // transaction as what they belong to); an album photo row adds its album and caption.
  await t
    .table(db.schema.createTable('albums'))
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('member_id', 'integer', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('visibility', 'varchar(24)', (c) => c.notNull())
    .addColumn('cover_photo_id', 'integer')
    .addColumn('photo_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('albums_member').on('albums').columns(['member_id', 'updated_at']).execute();
  await t
    .table(db.schema.createTable('album_photos'))
    .addColumn('photo_id', 'integer', (c) => c.primaryKey())
    .addColumn('album_id', 'integer', (c) => c.notNull())
    .addColumn('caption', 'varchar(400)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('album_photos_album').on('album_photos').columns(['album_id', 'created_at']).execute();
  await t
    .table(db.schema.createTable('album_comments'))
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('photo_id', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('album_comments_photo').on('album_comments').columns(['photo_id', 'created_at']).execute();

  for (const section of ['echo', 'albums']) {
    await db
      .updateTable('profiles')
      .set({ top_sections: sql`concat(top_sections, ${`,${section}`})` })
      .where('top_sections', '!=', '')
      .where('top_sections', 'not like', `%${section}%`)
      .execute();
  }
}
