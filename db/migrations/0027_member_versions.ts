import { sql, type Kysely } from 'kysely';
import type { TableOptions } from './index.js';
import { DAY_MS, JAPAN_OFFSET_MS } from '../../core/time.js';

/**
 * A version counter per member for caches of what that member sees (the top page's sections):
 * the database's own triggers bump it on every write that can change those sections, so every
 * write path (any service, any WORKERS process, a script) invalidates, in the writer's own
 * transaction (read-your-writes). Which rows count for whom:
 *   own rows (messages, requests, footprints, comments on one's entries, blocks, friendships,
 *   profile settings) bump the members they name; what a member publishes (diary entries,
 *   echoes, albums, their name and status) bumps them and every friend. Feed rows need none:
 *   they change only with an entry (its author's friends are bumped) or a friendship (both are).
 *   Frozen once released.
 */
type Target = { ids: string[]; friendsOf?: string };
const ROW_TARGETS: Record<string, (r: string) => Target> = {
  messages: (r) => ({ ids: [`${r}.to_id`, `${r}.from_id`] }),
  friend_requests: (r) => ({ ids: [`${r}.to_id`, `${r}.from_id`] }),
  footprints: (r) => ({ ids: [`${r}.owner_id`] }),
  diary_comments: (r) => ({ ids: [`${r}.author_id`, `(select e.member_id from diary_entries e where e.id = ${r}.entry_id)`] }),
  friendships: (r) => ({ ids: [`${r}.member_id`, `${r}.friend_id`] }),
  blocks: (r) => ({ ids: [`${r}.blocker_id`, `${r}.blocked_id`] }),
  profiles: (r) => ({ ids: [`${r}.member_id`] }),
  diary_entries: (r) => ({ ids: [`${r}.member_id`], friendsOf: `${r}.member_id` }),
  echoes: (r) => ({ ids: [`${r}.member_id`], friendsOf: `${r}.member_id` }),
  albums: (r) => ({ ids: [`${r}.member_id`], friendsOf: `${r}.member_id` }),
  members: (r) => ({ ids: [`${r}.id`], friendsOf: `${r}.id` }),
};

/**
 * A repeat visit within minutes moves a footprint's time forward (every view of an entry): that
 * changes the owner's page (today's count) only when the old time was not yet today in Japan.
 */
function footprintTouch(dialect: string): string {
  const day = (x: string) => `((${x} + ${JAPAN_OFFSET_MS}) ${dialect === 'mysql' ? 'div' : '/'} ${DAY_MS})`;
  const startOfDay = `${day('NEW.visited_at')} * ${DAY_MS} - ${JAPAN_OFFSET_MS}`;
  return `update member_versions set v = v + 1 where member_id in (NEW.owner_id, OLD.owner_id) and (OLD.owner_id <> NEW.owner_id or OLD.visited_at <= ${startOfDay})`;
}

/**
 * The statements that bump the targets' versions: the members named, by key; each publisher's
 * friends in a statement of their own, by the friendships index. (One statement with "... or
 * member_id in (select friend_id ...)" read every member's row on MariaDB 10.11, which has no
 * semi-join in a single-table UPDATE: a full scan per write at 100,000 members.)
 */
function bump(targets: Target[], dialect: string): string[] {
  const ids = targets.flatMap((t) => t.ids).join(', ');
  const friends = [...new Set(targets.flatMap((t) => (t.friendsOf ? [t.friendsOf] : [])))];
  const fan = friends.map((f) =>
    dialect === 'mysql'
      ? `update member_versions mv join friendships f on f.friend_id = mv.member_id set mv.v = mv.v + 1 where f.member_id = ${f}`
      : `update member_versions set v = v + 1 where member_id in (select friend_id from friendships where member_id = ${f})`,
  );
  return [`update member_versions set v = v + 1 where member_id in (${ids})`, ...fan];
}

export async function up(db: Kysely<any>, t: TableOptions): Promise<void> {
  await t
    .table(db.schema.createTable('member_versions'))
    .addColumn('member_id', 'integer', (c) => c.primaryKey())
    .addColumn('v', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into member_versions (member_id, v) select id, 0 from members`.execute(db);
  const trigger = async (name: string, event: string, table: string, body: string | string[]) => {
    const statements = typeof body === 'string' ? [body] : body;
    const text = t.dialect === 'mysql' ? `create trigger ${name} after ${event} on ${table} for each row begin ${statements.join('; ')}; end` : `create trigger ${name} after ${event} on ${table} begin ${statements.join('; ')}; end`;
    await sql.raw(text).execute(db);
  };
  // A member's row is made with the member (and kept, bumped, if an id is ever used again).
  const upsert = t.dialect === 'mysql' ? 'on duplicate key update v = v + 1' : 'on conflict (member_id) do update set v = v + 1';
  await trigger('mv_members_ai', 'insert', 'members', `insert into member_versions (member_id, v) values (NEW.id, 0) ${upsert}`);
  for (const [table, targets] of Object.entries(ROW_TARGETS)) {
    if (table !== 'members') await trigger(`mv_${table}_ai`, 'insert', table, bump([targets('NEW')], t.dialect));
    await trigger(`mv_${table}_au`, 'update', table, table === 'footprints' ? footprintTouch(t.dialect) : bump([targets('NEW'), targets('OLD')], t.dialect));
    await trigger(`mv_${table}_ad`, 'delete', table, bump([targets('OLD')], t.dialect));
  }
}
