import type { Kysely } from 'kysely';

/**
 * Friends' newest entries are picked from this index alone (author, visibility, time, id),
 * so a member with hundreds of friends reads index entries, not thousands of diary bodies.
 * Frozen.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('diary_entries_feed').on('diary_entries').columns(['member_id', 'visibility', 'created_at', 'id']).execute();
}
