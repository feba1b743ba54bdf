import type { BlogFeedRepository } from '../../core/blog/ports.js';
import { type Db, firstOrNull, insertOnce, num } from '../util.js';

export function blogFeeds(db: Db): BlogFeedRepository {
  const to = (r: { member_id: unknown; url: string; last_fetched_at: unknown; last_error: string | null }) => ({
    memberId: num(r.member_id),
    url: r.url,
    lastFetchedAt: r.last_fetched_at === null ? null : num(r.last_fetched_at),
    lastError: r.last_error,
  });
  return {
    async find(memberId) {
      return firstOrNull(db.selectFrom('blog_feeds').selectAll().where('member_id', '=', memberId), to);
    },
    async put(memberId, url, now) {
      await db.deleteFrom('blog_feeds').where('member_id', '=', memberId).execute();
      await db.insertInto('blog_feeds').values({ member_id: memberId, url, last_fetched_at: null, last_error: null, created_at: now }).execute();
    },
    async remove(memberId) {
      await db.deleteFrom('blog_feeds').where('member_id', '=', memberId).execute();
    },
    async due(before, limit) {
      const rows = await db
        .selectFrom('blog_feeds')
        .selectAll()
        .where((eb) => eb.or([eb('last_fetched_at', 'is', null), eb('last_fetched_at', '<', before)]))
        .orderBy('last_fetched_at')
        .limit(limit)
        .execute();
      return rows.map(to);
    },
    async recordFetch(memberId, at, error) {
      await db.updateTable('blog_feeds').set({ last_fetched_at: at, last_error: error }).where('member_id', '=', memberId).execute();
    },
    async claimItem(memberId, itemHash, entryId) {
      return insertOnce(() => db.insertInto('blog_items').values({ member_id: memberId, item_hash: itemHash, entry_id: entryId }).execute());
    },
    async hasItem(memberId, itemHash) {
      const r = await db.selectFrom('blog_items').select('entry_id').where('member_id', '=', memberId).where('item_hash', '=', itemHash).executeTakeFirst();
      return r !== undefined;
    },
  };
}
