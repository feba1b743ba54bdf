import { sql, type Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/**
 * Two things every signed-in page read at every view, now kept under counters the database bumps
 * in the writer's own transaction (so any process, any script, is seen at the next request):
 * - `member_versions.bv`, a member's blocks: a block or unblock naming the member, either way,
 *   bumps it (with `v`, as 0027 did). The gate keeps each viewer's hidden set under it
 *   (core/access.ts), read with the session in one statement.
 * - A staff take-down or restore of a community topic (or its hold for an NG word) bumps `v` of
 *   every member of the topic's community, as deleting the topic does (0033), so the top page's new
 *   posts, kept under `v`, drop it at once without reading take-downs at every view (0028 left
 *   topics out because the top page read them every view). A take-down is a rare staff write; its
 *   cost is one statement by the membership key. 0028's other kinds are kept, each now by key.
 * Frozen once released.
 */
export async function up(db: Kysely<any>, t: TableOptions): Promise<void> {
  const mysql = t.dialect === 'mysql';
  await db.schema.alterTable('member_versions').addColumn('bv', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  const trigger = async (name: string, event: string, table: string, statements: string[]) => {
    await sql.raw(`drop trigger if exists ${name}`).execute(db);
    const body = statements.join('; ');
    await sql.raw(mysql ? `create trigger ${name} after ${event} on ${table} for each row begin ${body}; end` : `create trigger ${name} after ${event} on ${table} begin ${body}; end`).execute(db);
  };
  // 0027's block triggers, replaced: one statement bumps both counters of both members.
  const both = (r: string) => `update member_versions set v = v + 1, bv = bv + 1 where member_id in (${r}.blocker_id, ${r}.blocked_id)`;
  await trigger('mv_blocks_ai', 'insert', 'blocks', [both('NEW')]);
  await trigger('mv_blocks_au', 'update', 'blocks', [both('NEW'), both('OLD')]);
  await trigger('mv_blocks_ad', 'delete', 'blocks', [both('OLD')]);
  // Staff hiding or restoring content (0028's triggers, replaced): one statement per kind, each by
  // key. 0028's one statement, its kinds joined by "or", read every member's row on MariaDB (no
  // semi-join in a single-table UPDATE) and so locked them all while a take-down ran. Topics are new
  // here: every member of the topic's community.
  // One member by key: "= (scalar)" (MariaDB reads "in ((scalar), ...)" as a scan of every row).
  const key = (r: string, kind: string, id: string) => `update member_versions set v = v + 1 where ${r}.kind = '${kind}' and member_id = (${id})`;
  // MariaDB: the members by a join (its single-table UPDATE has no semi-join; see 0027).
  const friendsOf = (r: string, kind: string, author: string) =>
    mysql
      ? `update member_versions mv join friendships f on f.friend_id = mv.member_id set mv.v = mv.v + 1 where ${r}.kind = '${kind}' and f.member_id = (${author})`
      : `update member_versions set v = v + 1 where ${r}.kind = '${kind}' and member_id in (select f.friend_id from friendships f where f.member_id = (${author}))`;
  const communityOf = (r: string, kind: string, community: string) =>
    mysql
      ? `update member_versions mv join community_members cm on cm.member_id = mv.member_id set mv.v = mv.v + 1 where ${r}.kind = '${kind}' and cm.community_id = (${community})`
      : `update member_versions set v = v + 1 where ${r}.kind = '${kind}' and member_id in (select cm.member_id from community_members cm where cm.community_id = (${community}))`;
  const bumps = (r: string) => {
    const entryAuthor = `select d.member_id from diary_entries d where d.id = ${r}.target_id`;
    const echoAuthor = `select e.member_id from echoes e where e.id = ${r}.target_id`;
    return [
      key(r, 'diary', entryAuthor),
      friendsOf(r, 'diary', entryAuthor),
      key(r, 'comment', `select c.author_id from diary_comments c where c.id = ${r}.target_id`),
      key(r, 'comment', `select e.member_id from diary_comments c join diary_entries e on e.id = c.entry_id where c.id = ${r}.target_id`),
      key(r, 'message', `select m.from_id from messages m where m.id = ${r}.target_id`),
      key(r, 'message', `select m.to_id from messages m where m.id = ${r}.target_id`),
      key(r, 'echo', echoAuthor),
      friendsOf(r, 'echo', echoAuthor),
      communityOf(r, 'topic', `select t.community_id from community_topics t where t.id = ${r}.target_id`),
    ];
  };
  await trigger('mv_hidden_content_ai', 'insert', 'hidden_content', bumps('NEW'));
  await trigger('mv_hidden_content_au', 'update', 'hidden_content', [...bumps('NEW'), ...bumps('OLD')]);
  await trigger('mv_hidden_content_ad', 'delete', 'hidden_content', bumps('OLD'));
}
