import { sql, type Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/**
 * Each member's count of active friends (`member_versions.active_friends`), kept by the database's
 * triggers in the writer's own transaction, so a profile shows its friend count with one read by
 * key instead of a join over every friend (~0.2 ms for a member with a thousand friends, found by
 * `npm run bench:load`). Whom it counts: the member's friendships rows whose friend's status is
 * 'active'. So it moves when
 *   a friendship row is made or removed (counted if that friend is active), and
 *   a member becomes active or stops being active (each friend's count, by the friendships index).
 * A withdrawal both marks the member and removes its friendships, in either order: each row is
 * counted off once (by the status change if that comes first, by the removal otherwise).
 * Frozen once released.
 */
/** Every member's count, from the friendships as they stand (this migration's own first fill). */
export async function recountActiveFriends(db: Kysely<any>): Promise<void> {
  await sql`update member_versions set active_friends = (select count(*) from friendships f inner join members m on m.id = f.friend_id where f.member_id = member_versions.member_id and m.status = 'active')`.execute(db);
}

export async function up(db: Kysely<any>, t: TableOptions): Promise<void> {
  await db.schema.alterTable('member_versions').addColumn('active_friends', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  const trigger = async (name: string, event: string, table: string, statements: string[]) => {
    const text = t.dialect === 'mysql' ? `create trigger ${name} after ${event} on ${table} for each row begin ${statements.join('; ')}; end` : `create trigger ${name} after ${event} on ${table} begin ${statements.join('; ')}; end`;
    await sql.raw(text).execute(db);
  };
  const row = (r: string, sign: '+' | '-') =>
    `update member_versions set active_friends = active_friends ${sign} 1 where member_id = ${r}.member_id and exists (select 1 from members m where m.id = ${r}.friend_id and m.status = 'active')`;
  await trigger('af_friendships_ai', 'insert', 'friendships', [row('NEW', '+')]);
  await trigger('af_friendships_ad', 'delete', 'friendships', [row('OLD', '-')]);
  // No code moves a friendship row today; one that did is counted off and on again.
  await trigger('af_friendships_au', 'update', 'friendships', [row('OLD', '-'), row('NEW', '+')]);
  // A member who becomes, or stops being, active: each friend's count (friendships are kept in
  // both directions; MariaDB has no semi-join in a single-table UPDATE, hence its join form). Any
  // other change to a member (a name, a password) runs nothing: SQLite's WHEN, MariaDB's IF.
  const changed = `(OLD.status = 'active') <> (NEW.status = 'active')`;
  const step = `(case when NEW.status = 'active' then 1 else -1 end)`;
  await sql
    .raw(
      t.dialect === 'mysql'
        ? `create trigger af_members_au after update on members for each row begin if ${changed} then update member_versions mv join friendships f on f.friend_id = mv.member_id set mv.active_friends = mv.active_friends + ${step} where f.member_id = NEW.id; end if; end`
        : `create trigger af_members_au after update of status on members when ${changed} begin update member_versions set active_friends = active_friends + ${step} where member_id in (select friend_id from friendships where member_id = NEW.id); end`,
    )
    .execute(db);
  // Filled after the triggers exist, so a friendship or status written by another gateway while
  // this runs is not missed (the fill sets each count outright from the rows as they stand).
  await recountActiveFriends(db);
}
