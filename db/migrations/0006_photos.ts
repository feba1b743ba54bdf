import type { Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/** Photos (normalised JPEG) and their per-width variants; a member's profile photo. Frozen. */
export async function up(db: Kysely<any>, t: TableOptions): Promise<void> {
  await t
    .table(db.schema.createTable('photos'))
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('member_id', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('data', t.blob, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('photos_member').on('photos').column('member_id').execute();
  await t
    .table(db.schema.createTable('photo_variants'))
    .addColumn('photo_id', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('data', t.blob, (c) => c.notNull())
    .addPrimaryKeyConstraint('photo_variants_pk', ['photo_id', 'width'])
    .execute();
  await db.schema.alterTable('profiles').addColumn('photo_id', 'integer').execute();
}
