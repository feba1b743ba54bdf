import type { Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/** Profiles and member settings, bookmarks, endorsements, reports. Frozen. */
export async function up(db: Kysely<any>, t: TableOptions): Promise<void> {
  await t
    .table(db.schema.createTable('profiles'))
    .addColumn('member_id', 'integer', (c) => c.primaryKey())
    .addColumn('gender', 'varchar(8)', (c) => c.notNull())
    .addColumn('show_age', 'integer', (c) => c.notNull())
    .addColumn('area', 'varchar(16)', (c) => c.notNull())
    .addColumn('intro', 'text', (c) => c.notNull())
    .addColumn('search_opt_out', 'integer', (c) => c.notNull())
    .addColumn('default_visibility', 'varchar(24)', (c) => c.notNull())
    .addColumn('top_sections', 'varchar(64)', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('profiles_area').on('profiles').column('area').execute();

  await t
    .table(db.schema.createTable('bookmarks'))
    .addColumn('member_id', 'integer', (c) => c.notNull())
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('bookmarks_pk', ['member_id', 'target_id'])
    .execute();

  await t
    .table(db.schema.createTable('endorsements'))
    .addColumn('author_id', 'integer', (c) => c.notNull())
    .addColumn('member_id', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('endorsements_pk', ['author_id', 'member_id'])
    .execute();
  await db.schema.createIndex('endorsements_member').on('endorsements').column('member_id').execute();

  await t
    .table(db.schema.createTable('reports'))
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('reporter_id', 'integer', (c) => c.notNull())
    .addColumn('target_kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('resolved_at', 'bigint')
    .execute();
  await db.schema.createIndex('reports_open').on('reports').column('resolved_at').execute();
}
