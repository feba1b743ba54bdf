import { sql, type Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/**
 * A comment bumps the version (0027) of the entry's owner alone, no longer of its writer: the
 * writer's kept top page shows nothing of the comments they write on others' entries (only others'
 * comments on their own entries), so each comment they posted made their whole top page be read
 * again for nothing (found by `npm run bench:load`: about one top page in ten of the mix). Staff
 * hides and releases of comments still bump both (0028). Frozen once released.
 */
export async function up(db: Kysely<any>, t: TableOptions): Promise<void> {
  // One statement per row, by key: "member_id = (scalar subquery)". Written "member_id in ((select
  // …))", MariaDB 10.11 took it for a semi-join, which a single-table UPDATE cannot use: it read and
  // locked every member's row per comment (found by bench:load: echo posts failed on lock waits).
  const bump = (...rows: string[]) => rows.map((r) => `update member_versions set v = v + 1 where member_id = (select e.member_id from diary_entries e where e.id = ${r}.entry_id)`).join('; ');
  const trigger = async (name: string, event: string, body: string) => {
    await sql.raw(`drop trigger if exists ${name}`).execute(db);
    const text = t.dialect === 'mysql' ? `create trigger ${name} after ${event} on diary_comments for each row begin ${body}; end` : `create trigger ${name} after ${event} on diary_comments begin ${body}; end`;
    await sql.raw(text).execute(db);
  };
  await trigger('mv_diary_comments_ai', 'insert', bump('NEW'));
  await trigger('mv_diary_comments_au', 'update', bump('NEW', 'OLD'));
  await trigger('mv_diary_comments_ad', 'delete', bump('OLD'));
}
