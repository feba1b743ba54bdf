import type { Kysely } from 'kysely';

/** A photo may belong to a diary entry (up to three each); its visibility is then the entry's. Frozen. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('photos').addColumn('entry_id', 'integer').execute();
  await db.schema.createIndex('photos_entry').on('photos').column('entry_id').execute();
}
