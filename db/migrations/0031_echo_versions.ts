import { sql, type Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/**
 * A second counter per member (`ev`) for the top page's friends' echoes alone. Echoes are the most
 * frequent of what a member publishes, and bumping `v` (0027) made every friend's whole top page
 * be read again after each echo (found by `npm run bench:load`: most kept top pages were dropped
 * after an echo). An echo's insert, update or delete now bumps `ev` of its author and every friend;
 * the echo section is kept under (`v`, `ev`) and the other sections under `v` alone, so what
 * changes the echo section otherwise (a block, a friendship, a name, a staff hide: all bump `v`)
 * still renews it. Frozen once released.
 */
export async function up(db: Kysely<any>, t: TableOptions): Promise<void> {
  await db.schema.alterTable('member_versions').addColumn('ev', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  const author = (r: string) => `${r}.member_id`;
  // As 0027's bump: the author by key, the friends in a statement of their own by the friendships
  // index (MariaDB has no semi-join in a single-table UPDATE).
  const bump = (r: string) => [
    `update member_versions set ev = ev + 1 where member_id = ${author(r)}`,
    t.dialect === 'mysql'
      ? `update member_versions mv join friendships f on f.friend_id = mv.member_id set mv.ev = mv.ev + 1 where f.member_id = ${author(r)}`
      : `update member_versions set ev = ev + 1 where member_id in (select friend_id from friendships where member_id = ${author(r)})`,
  ];
  const trigger = async (name: string, event: string, statements: string[]) => {
    await sql.raw(`drop trigger if exists ${name}`).execute(db);
    const text = t.dialect === 'mysql' ? `create trigger ${name} after ${event} on echoes for each row begin ${statements.join('; ')}; end` : `create trigger ${name} after ${event} on echoes begin ${statements.join('; ')}; end`;
    await sql.raw(text).execute(db);
  };
  await trigger('mv_echoes_ai', 'insert', bump('NEW'));
  // An update that moves an echo to another author (none does today) renews both authors' circles.
  await trigger('mv_echoes_au', 'update', [...bump('NEW'), ...bump('OLD')]);
  await trigger('mv_echoes_ad', 'delete', bump('OLD'));
}
