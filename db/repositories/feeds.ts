import type { FeedRepository } from '../../core/diary/ports.js';
import { compiledOnce, type Db, num } from '../util.js';

export function feeds(db: Db): FeedRepository {
  const latestQ = compiledOnce(db, (memberId: number, limit: number, offset: number) =>
    db.selectFrom('feed_items').select('entry_id').where('member_id', '=', memberId).orderBy('created_at', 'desc').orderBy('entry_id', 'desc').limit(limit).offset(offset),
  );
  return {
    async fanOut(entry, recipients) {
      if (recipients.length === 0) return;
      const have = new Set(
        (await db.selectFrom('feed_items').select('member_id').where('entry_id', '=', entry.id).execute()).map((r) => num(r.member_id)),
      );
      const rows = [...new Set(recipients)].filter((m) => !have.has(m)).map((m) => ({ member_id: m, entry_id: entry.id, author_id: entry.memberId, created_at: entry.createdAt }));
      for (let i = 0; i < rows.length; i += 500) await db.insertInto('feed_items').values(rows.slice(i, i + 500)).execute();
    },
    async latest(memberId, limit, offset = 0) {
      const rows = await latestQ(memberId, limit, offset);
      return rows.map((r) => num(r.entry_id));
    },
    async removeEntry(entryId) {
      await db.deleteFrom('feed_items').where('entry_id', '=', entryId).execute();
    },
    async removeBetween(a, b) {
      await db.deleteFrom('feed_items').where((eb) => eb.or([eb.and([eb('member_id', '=', a), eb('author_id', '=', b)]), eb.and([eb('member_id', '=', b), eb('author_id', '=', a)])])).execute();
    },
    async backfill(memberId, authorId, limit) {
      const entries = await db
        .selectFrom('diary_entries')
        .select(['id', 'created_at'])
        .where('member_id', '=', authorId)
        .where('visibility', '<>', 'self')
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
      for (const e of entries) await feeds(db).fanOut({ id: num(e.id), memberId: authorId, createdAt: num(e.created_at) }, [memberId]);
    },
    async rebuild() {
      await db.deleteFrom('feed_items').execute();
      await db
        .insertInto('feed_items')
        .columns(['member_id', 'entry_id', 'author_id', 'created_at'])
        .expression(
          db
            .selectFrom('diary_entries as e')
            .innerJoin('friendships as f', 'f.friend_id', 'e.member_id')
            .select(['f.member_id', 'e.id', 'e.member_id as author_id', 'e.created_at'])
            .where('e.visibility', '<>', 'self'),
        )
        .execute();
    },
  };
}
