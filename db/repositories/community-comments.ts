import type { Selectable } from 'kysely';
import type { CommunityComment, CommunityCommentRepository } from '../../core/communities/ports.js';
import type { CommunityCommentsTable } from '../schema.js';
import { type Db, firstOrNull, insertedId, num } from '../util.js';

const toComment = (r: Selectable<CommunityCommentsTable>): CommunityComment => ({
  id: num(r.id),
  topicId: num(r.topic_id),
  number: num(r.number),
  authorId: num(r.author_id),
  body: r.body,
  deleted: num(r.deleted) === 1,
  createdAt: num(r.created_at),
});

export function communityComments(db: Db): CommunityCommentRepository {
  return {
    async insert(c) {
      return insertedId(
        db.insertInto('community_comments').values({ topic_id: c.topicId, number: c.number, author_id: c.authorId, body: c.body, deleted: c.deleted ? 1 : 0, created_at: c.createdAt }),
      );
    },
    async find(id) {
      return firstOrNull(db.selectFrom('community_comments').selectAll().where('id', '=', id), toComment);
    },
    async range(topicId, from, to) {
      const rows = await db.selectFrom('community_comments').selectAll().where('topic_id', '=', topicId).where('number', '>=', from).where('number', '<=', to).orderBy('number').execute();
      return rows.map(toComment);
    },
    async markDeleted(id) {
      // The number stays taken (so `>>3` keeps pointing where it did); the words go.
      await db.updateTable('community_comments').set({ deleted: 1, body: '' }).where('id', '=', id).execute();
    },
    async deleteForTopic(topicId) {
      await db.deleteFrom('community_comments').where('topic_id', '=', topicId).execute();
    },
  };
}
