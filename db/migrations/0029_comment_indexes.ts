import type { Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/**
 * Two reads on diary comments scanned the whole table (found by `npm run bench:load` on 100,000
 * members, MariaDB's slow-query list): the comment limit counts a member's comments since a time
 * (every comment posted), and deleting a comment clears the replies that pointed at it.
 * Frozen once released.
 */
export async function up(db: Kysely<any>, _t: TableOptions): Promise<void> {
  await db.schema.createIndex('diary_comments_author').on('diary_comments').columns(['author_id', 'created_at']).execute();
  await db.schema.createIndex('diary_comments_reply').on('diary_comments').columns(['reply_to']).execute();
}
