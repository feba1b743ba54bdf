import type { Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/**
 * mixi Collection: the catalogue of designs (skins), their images, who owns which (one row per
 * member and design: the primary key makes a raced purchase add one row) and which design each
 * member's profile / diary / album pages wear. Frozen once released.
 */
export async function up(db: Kysely<any>, t: TableOptions): Promise<void> {
  await t
    .table(db.schema.createTable('skins'))
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('description', 'varchar(800)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('price_points', 'integer', (c) => c.notNull())
    .addColumn('campaign_id', 'integer')
    .addColumn('sponsor', 'varchar(100)')
    .addColumn('bg_color', 'varchar(7)', (c) => c.notNull())
    .addColumn('text_color', 'varchar(7)', (c) => c.notNull())
    .addColumn('link_color', 'varchar(7)', (c) => c.notNull())
    .addColumn('accent', 'varchar(64)', (c) => c.notNull())
    .addColumn('available_from', 'bigint')
    .addColumn('available_until', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await t
    .table(db.schema.createTable('skin_images'))
    .addColumn('skin_id', 'integer', (c) => c.notNull())
    .addColumn('slot', 'varchar(16)', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('data', t.blob, (c) => c.notNull())
    .addPrimaryKeyConstraint('skin_images_pk', ['skin_id', 'slot'])
    .execute();
  await t
    .table(db.schema.createTable('skin_owners'))
    .addColumn('member_id', 'integer', (c) => c.notNull())
    .addColumn('skin_id', 'integer', (c) => c.notNull())
    .addColumn('ref', 'varchar(80)', (c) => c.notNull())
    .addColumn('acquired_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('skin_owners_pk', ['member_id', 'skin_id'])
    .execute();
  await t
    .table(db.schema.createTable('skin_applied'))
    .addColumn('member_id', 'integer', (c) => c.notNull())
    .addColumn('area', 'varchar(16)', (c) => c.notNull())
    .addColumn('skin_id', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('skin_applied_pk', ['member_id', 'area'])
    .execute();
}
