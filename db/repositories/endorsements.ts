import type { EndorsementRepository } from '../../core/profiles/ports.js';
import { compiledOnce, type Db, num } from '../util.js';

export function endorsements(db: Db): EndorsementRepository {
  const forMemberQ = compiledOnce(db, (memberId: number) => db.selectFrom('endorsements').selectAll().where('member_id', '=', memberId).orderBy('created_at', 'desc'));
  return {
    async put(e) {
      await db.deleteFrom('endorsements').where('author_id', '=', e.authorId).where('member_id', '=', e.memberId).execute();
      await db.insertInto('endorsements').values({ author_id: e.authorId, member_id: e.memberId, body: e.body, created_at: e.createdAt }).execute();
    },
    async remove(authorId, memberId) {
      const r = await db.deleteFrom('endorsements').where('author_id', '=', authorId).where('member_id', '=', memberId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async forMember(memberId) {
      const rows = await forMemberQ(memberId);
      return rows.map((r) => ({ authorId: num(r.author_id), memberId: num(r.member_id), body: r.body, createdAt: num(r.created_at) }));
    },
  };
}
