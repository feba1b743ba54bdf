import { sql, type Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/**
 * Content staff hide or restore (or an NG word holds) changes the top pages kept per member
 * version (0027): hiding or restoring bumps, in the staff action's own transaction, the members
 * whose kept sections could show it — a diary entry's or echo's author and every friend, a
 * comment's author and the owner of the entry it is on, a message's sender and receiver.
 * Community topics and comments need none: the top page reads that section every view.
 * Frozen once released.
 */
function bump(r: string): string {
  const of = (select: string, kind: string) => `member_id in (${select} and ${r}.kind = '${kind}')`;
  const friendsOf = (select: string, kind: string) => `member_id in (select f.friend_id from friendships f where f.member_id in (${select} and ${r}.kind = '${kind}'))`;
  const entryAuthor = `select d.member_id from diary_entries d where d.id = ${r}.target_id`;
  const echoAuthor = `select x.member_id from echoes x where x.id = ${r}.target_id`;
  return `update member_versions set v = v + 1 where ${[
    of(entryAuthor, 'diary'),
    friendsOf(entryAuthor, 'diary'),
    of(`select c.author_id from diary_comments c where c.id = ${r}.target_id`, 'comment'),
    of(`select e.member_id from diary_comments c join diary_entries e on e.id = c.entry_id where c.id = ${r}.target_id`, 'comment'),
    of(`select m.from_id from messages m where m.id = ${r}.target_id`, 'message'),
    of(`select m.to_id from messages m where m.id = ${r}.target_id`, 'message'),
    of(echoAuthor, 'echo'),
    friendsOf(echoAuthor, 'echo'),
  ].join(' or ')}`;
}

export async function up(db: Kysely<any>, t: TableOptions): Promise<void> {
  const trigger = async (name: string, event: string, body: string) => {
    const text = t.dialect === 'mysql' ? `create trigger ${name} after ${event} on hidden_content for each row ${body}` : `create trigger ${name} after ${event} on hidden_content begin ${body}; end`;
    await sql.raw(text).execute(db);
  };
  await trigger('mv_hidden_content_ai', 'insert', bump('NEW'));
  await trigger('mv_hidden_content_ad', 'delete', bump('OLD'));
  await trigger('mv_hidden_content_au', 'update', `${bump('NEW')} or (${bump('OLD').replace(/^update member_versions set v = v \+ 1 where /, '')})`);
}
