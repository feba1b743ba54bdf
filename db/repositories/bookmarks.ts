import type { BookmarkRepository } from '../../core/profiles/ports.js';
import { compiledOnce, type Db, insertOnce, num } from '../util.js';

export function bookmarks(db: Db): BookmarkRepository {
  const listQ = compiledOnce(db, (memberId: number) => db.selectFrom('bookmarks').select('target_id').where('member_id', '=', memberId).orderBy('created_at', 'desc'));
  return {
    async add(memberId, targetId, now) {
      await insertOnce(() => db.insertInto('bookmarks').values({ member_id: memberId, target_id: targetId, created_at: now }).execute());
    },
    async remove(memberId, targetId) {
      await db.deleteFrom('bookmarks').where('member_id', '=', memberId).where('target_id', '=', targetId).execute();
    },
    async list(memberId) {
      const rows = await listQ(memberId);
      return rows.map((r) => num(r.target_id));
    },
  };
}
