import type { CommentRepository, DiaryComment } from '../../core/diary/ports.js';
import type { DiaryCommentsTable } from '../schema.js';
import type { Selectable } from 'kysely';
import { compiledOnce, type Db, firstOrNull, insertedId, num, numOrNull } from '../util.js';

function toComment(r: Selectable<DiaryCommentsTable>): DiaryComment {
  return { id: num(r.id), entryId: num(r.entry_id), authorId: num(r.author_id), replyTo: numOrNull(r.reply_to), body: r.body, createdAt: num(r.created_at) };
}

export function comments(db: Db): CommentRepository {
  const ofEntry = compiledOnce(db, (entryId: number) => db.selectFrom('diary_comments').selectAll().where('entry_id', '=', entryId).orderBy('created_at').orderBy('id'));
  const recentOnQ = compiledOnce(db, (memberId: number, since: number, limit: number) =>
    db
      .selectFrom('diary_comments')
      .innerJoin('diary_entries', 'diary_entries.id', 'diary_comments.entry_id')
      .selectAll('diary_comments')
      .where('diary_entries.member_id', '=', memberId)
      .where('diary_comments.author_id', '!=', memberId)
      .where('diary_comments.created_at', '>', since)
      .orderBy('diary_comments.created_at', 'desc')
      .limit(limit),
  );
  const countSinceQ = compiledOnce(db, (authorId: number, since: number) =>
    db.selectFrom('diary_comments').select((eb) => eb.fn.countAll().as('n')).where('author_id', '=', authorId).where('created_at', '>', since),
  );
  return {
    async insert(c) {
      return insertedId(db.insertInto('diary_comments').values({ entry_id: c.entryId, author_id: c.authorId, reply_to: c.replyTo, body: c.body, created_at: c.createdAt }));
    },
    async find(id) {
      return firstOrNull(db.selectFrom('diary_comments').selectAll().where('id', '=', id), toComment);
    },
    async listForEntry(entryId) {
      const rows = await ofEntry(entryId);
      return rows.map(toComment);
    },
    async delete(id) {
      // Replies to a deleted comment stay, shown without their parent.
      await db.updateTable('diary_comments').set({ reply_to: null }).where('reply_to', '=', id).execute();
      await db.deleteFrom('diary_comments').where('id', '=', id).execute();
    },
    async deleteForEntry(entryId) {
      await db.deleteFrom('diary_comments').where('entry_id', '=', entryId).execute();
    },
    async recentOnEntriesOf(memberId, limit, since) {
      const rows = await recentOnQ(memberId, since, limit);
      return rows.map(toComment);
    },
    async countSince(authorId, since) {
      const [r] = await countSinceQ(authorId, since);
      return num(r?.n ?? 0);
    },
  };
}
