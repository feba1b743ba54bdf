import type { Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/**
 * Indexes in the order two frequent reads want (found by `npm run bench:load` on 100,000 members):
 * - a game ranking sorts ties by time and member, which the score index left to a sort of every
 *   tied row (~0.16 ms a ranking page); this one serves the page in order and still serves the
 *   rank counts (by score) the old one served;
 * - the top page's communities section starts from the member's memberships: with the community
 *   in the index, a membership is read without its table row.
 * Frozen once released.
 */
export async function up(db: Kysely<any>, t: TableOptions): Promise<void> {
  // MySQL names the table an index is dropped from; SQLite's DROP INDEX takes no table.
  const drop = (name: string, table: string) => (t.dialect === 'mysql' ? db.schema.dropIndex(name).on(table) : db.schema.dropIndex(name)).execute();
  await db.schema.createIndex('game_best_order').on('game_best').columns(['game_id', 'period', 'score desc', 'achieved_at', 'member_id']).execute();
  await drop('game_best_rank', 'game_best');
  await db.schema.createIndex('community_members_of').on('community_members').columns(['member_id', 'role', 'community_id']).execute();
  await drop('community_members_member', 'community_members');
}
