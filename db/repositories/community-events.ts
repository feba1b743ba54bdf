import type { CommunityEventRepository } from '../../core/communities/ports.js';
import { type Db, insertOnce, num } from '../util.js';

export function communityEvents(db: Db): CommunityEventRepository {
  return {
    async participants(topicId) {
      const rows = await db.selectFrom('community_participants').selectAll().where('topic_id', '=', topicId).orderBy('created_at').orderBy('seat').execute();
      return rows.map((r) => ({ memberId: num(r.member_id), seat: num(r.seat), createdAt: num(r.created_at) }));
    },
    async participantPage(topicId, limit, offset) {
      const rows = await db.selectFrom('community_participants').selectAll().where('topic_id', '=', topicId).orderBy('created_at').orderBy('seat').limit(limit).offset(offset).execute();
      return rows.map((r) => ({ memberId: num(r.member_id), seat: num(r.seat), createdAt: num(r.created_at) }));
    },
    async participantCount(topicId) {
      const r = await db.selectFrom('community_participants').select((eb) => eb.fn.countAll().as('n')).where('topic_id', '=', topicId).executeTakeFirst();
      return r ? num(r.n) : 0;
    },
    async takesPart(topicId, memberId) {
      return (await db.selectFrom('community_participants').select('seat').where('topic_id', '=', topicId).where('member_id', '=', memberId).executeTakeFirst()) !== undefined;
    },
    async take(topicId, memberId, seat, at) {
      // (topic, seat) is unique: of two members taking the same seat at once, one insert fails.
      return insertOnce(() => db.insertInto('community_participants').values({ topic_id: topicId, member_id: memberId, seat, created_at: at }).execute());
    },
    async cancel(topicId, memberId) {
      await db.deleteFrom('community_participants').where('topic_id', '=', topicId).where('member_id', '=', memberId).execute();
    },
    async deleteForTopic(topicId) {
      await db.deleteFrom('community_participants').where('topic_id', '=', topicId).execute();
    },
  };
}
