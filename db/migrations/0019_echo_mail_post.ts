import { sql, type Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/**
 * Echo (150-character posts, with the echo replied to) and members' secret mail-posting
 * addresses (one per target: the diary, or later an album). Members who had saved their top-page
 * sections before Echo existed get its section (those who switched every section off keep none),
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

  await db
    .updateTable('profiles')
    .set({ top_sections: sql`concat(top_sections, ',echo')` })
    .where('top_sections', '!=', '')
    .where('top_sections', 'not like', '%echo%')
    .execute();
}
