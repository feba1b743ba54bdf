import type { Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/**
 * Decorated messages: the template gallery (images, who bought which paid one: one row per member
 * and template) and each decorated message's document (JSON of checked runs, never markup).
 * Frozen once released.
 */
export async function up(db: Kysely<any>, t: TableOptions): Promise<void> {
  await t
    .table(db.schema.createTable('deco_templates'))
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('price_points', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('data', t.blob, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await t
    .table(db.schema.createTable('deco_template_owners'))
    .addColumn('member_id', 'integer', (c) => c.notNull())
    .addColumn('template_id', 'integer', (c) => c.notNull())
    .addColumn('ref', 'varchar(80)', (c) => c.notNull())
    .addColumn('acquired_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('deco_template_owners_pk', ['member_id', 'template_id'])
    .execute();
  await t
    .table(db.schema.createTable('message_decorations'))
    .addColumn('message_id', 'integer', (c) => c.primaryKey())
    .addColumn('doc', 'text', (c) => c.notNull())
    .execute();
}
