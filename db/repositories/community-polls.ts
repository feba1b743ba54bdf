import type { CommunityPollRepository } from '../../core/communities/ports.js';
import { type Db, insertOnce, num } from '../util.js';

export function communityPolls(db: Db): CommunityPollRepository {
  return {
    async addChoices(topicId, labels) {
      if (labels.length === 0) return;
      await db.insertInto('community_poll_choices').values(labels.map((label, i) => ({ topic_id: topicId, number: i + 1, label }))).execute();
    },
    async choices(topicId) {
      const rows = await db.selectFrom('community_poll_choices').select(['number', 'label']).where('topic_id', '=', topicId).orderBy('number').execute();
      return rows.map((r) => ({ number: num(r.number), label: r.label }));
    },
    async vote(topicId, memberId, choice, at) {
      // (topic, member) is the primary key: a second vote, however sent, is refused by the database.
      return insertOnce(() => db.insertInto('community_poll_votes').values({ topic_id: topicId, member_id: memberId, choice, created_at: at }).execute());
    },
    async voteOf(topicId, memberId) {
      const r = await db.selectFrom('community_poll_votes').select('choice').where('topic_id', '=', topicId).where('member_id', '=', memberId).executeTakeFirst();
      return r ? num(r.choice) : null;
    },
    async tally(topicId) {
      const rows = await db.selectFrom('community_poll_votes').select(['choice', (eb) => eb.fn.countAll().as('n')]).where('topic_id', '=', topicId).groupBy('choice').execute();
      return new Map(rows.map((r) => [num(r.choice), num(r.n)]));
    },
    async deleteForTopic(topicId) {
      await db.deleteFrom('community_poll_votes').where('topic_id', '=', topicId).execute();
      await db.deleteFrom('community_poll_choices').where('topic_id', '=', topicId).execute();
    },
  };
}
