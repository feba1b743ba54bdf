import { sql, type Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/**
 * The top page keeps the new posts in a member's communities for a while (core/top/service.ts,
 * COMMUNITY_POSTS_MS) under the member's version (0027). Others' topics and comments show within
 * that time; what the member does and what takes a community or a topic away must show at once, so
 * these bump versions in the writer's transaction:
 * - joining, leaving, a role (a ban) change: the member;
 * - a topic posted, a comment posted: its author (their own post, at once);
 * - a topic deleted or given a new title (an edit, a withdrawal's erasure), a community closed or
 *   renamed: every member of the community (rare writes; one statement by the membership key).
 * Frozen once released.
 */
export async function up(db: Kysely<any>, t: TableOptions): Promise<void> {
  const mysql = t.dialect === 'mysql';
  const one = (id: string) => `update member_versions set v = v + 1 where member_id = ${id}`;
  // MariaDB has no semi-join in a single-table UPDATE (see 0027): the members by a join instead.
  const everyMember = (community: string) =>
    mysql
      ? `update member_versions mv join community_members cm on cm.member_id = mv.member_id set mv.v = mv.v + 1 where cm.community_id = ${community}`
      : `update member_versions set v = v + 1 where member_id in (select member_id from community_members where community_id = ${community})`;
  const trigger = async (name: string, event: string, table: string, statements: string[], when?: string) => {
    await sql.raw(`drop trigger if exists ${name}`).execute(db);
    const body = statements.join('; ');
    const text = mysql
      ? `create trigger ${name} after ${event} on ${table} for each row begin ${when ? `if ${when} then ${body}; end if` : body}; end`
      : `create trigger ${name} after ${event} on ${table} ${when ? `when ${when} ` : ''}begin ${body}; end`;
    await sql.raw(text).execute(db);
  };
  await trigger('mv_community_members_ai', 'insert', 'community_members', [one('NEW.member_id')]);
  await trigger('mv_community_members_au', 'update', 'community_members', [one('NEW.member_id'), one('OLD.member_id')]);
  await trigger('mv_community_members_ad', 'delete', 'community_members', [one('OLD.member_id')]);
  await trigger('mv_community_topics_ai', 'insert', 'community_topics', [one('NEW.author_id')]);
  // Every comment updates its topic (its count, its activity time) and some writes lock it by a
  // no-op update: only a new title (an edit, a withdrawal's erasure) renews the community's members.
  // (Bumping the topic's author there made two members commenting on each other's topics take
  // their version rows in opposite orders: deadlocks on MariaDB, found in review.)
  await trigger('mv_community_topics_au', 'update', 'community_topics', [everyMember('NEW.community_id')], 'OLD.title <> NEW.title');
  await trigger('mv_community_topics_ad', 'delete', 'community_topics', [everyMember('OLD.community_id')]);
  await trigger('mv_community_comments_ai', 'insert', 'community_comments', [one('NEW.author_id')]);
  await trigger('mv_communities_au', 'update', 'communities', [everyMember('NEW.id')], 'OLD.status <> NEW.status or OLD.name <> NEW.name');
}
