import { sql, type Selectable } from 'kysely';
import type { CommunityTopicRepository, Topic, TopicKind } from '../../core/communities/ports.js';
import type { CommunityTopicsTable } from '../schema.js';
import { compiledOnce, type Db, firstOrNull, insertedId, num, numOrNull } from '../util.js';

function toTopic(r: Selectable<CommunityTopicsTable>): Topic {
  return {
    id: num(r.id),
    communityId: num(r.community_id),
    authorId: num(r.author_id),
    kind: r.kind as TopicKind,
    title: r.title,
    body: r.body,
    commentCount: num(r.comment_count),
    lastCommentAt: num(r.last_comment_at),
    eventAt: numOrNull(r.event_at),
    place: r.place,
    deadline: numOrNull(r.deadline),
    capacity: numOrNull(r.capacity),
    createdAt: num(r.created_at),
    updatedAt: num(r.updated_at),
  };
}

export function communityTopics(db: Db): CommunityTopicRepository {
  // Built once (Kysely's building of this query cost more than SQLite's running of it).
  const newestTopicIds = compiledOnce(db, (memberId: number, limit: number) =>
    db
      .selectFrom('community_members as m')
      .innerJoin('communities as c', 'c.id', 'm.community_id')
      .select((eb) => eb.selectFrom('community_topics as n').select('n.id').whereRef('n.community_id', '=', 'c.id').orderBy('n.last_comment_at', 'desc').orderBy('n.id', 'desc').limit(1).as('topic_id'))
      .where('m.member_id', '=', memberId)
      .where('m.role', 'in', ['admin', 'sub', 'member'])
      .where('c.status', '=', 'open')
      .orderBy(sql`${sql.ref('c.last_activity_at')} + 0`, 'desc')
      .orderBy('c.id', 'desc')
      .limit(limit),
  );
  return {
    async insert(t) {
      return insertedId(
        db.insertInto('community_topics').values({
          community_id: t.communityId,
          author_id: t.authorId,
          kind: t.kind,
          title: t.title,
          body: t.body,
          comment_count: t.commentCount,
          last_comment_at: t.lastCommentAt,
          event_at: t.eventAt,
          place: t.place,
          deadline: t.deadline,
          capacity: t.capacity,
          created_at: t.createdAt,
          updated_at: t.updatedAt,
        }),
      );
    },
    async find(id) {
      return firstOrNull(db.selectFrom('community_topics').selectAll().where('id', '=', id), toTopic);
    },
    async update(id, p) {
      await db
        .updateTable('community_topics')
        .set({ title: p.title, body: p.body, event_at: p.eventAt, place: p.place, deadline: p.deadline, capacity: p.capacity, updated_at: p.updatedAt })
        .where('id', '=', id)
        .execute();
    },
    async delete(id) {
      await db.deleteFrom('community_topics').where('id', '=', id).execute();
    },
    async list(communityId, kind, limit, offset) {
      let q = db.selectFrom('community_topics').selectAll().where('community_id', '=', communityId);
      if (kind) q = q.where('kind', '=', kind);
      const rows = await q.orderBy('last_comment_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
      return rows.map(toTopic);
    },
    async newestOfMember(memberId, limit) {
      // The member's communities, most recently active first, each with its newest topic's id
      // (one index probe per community); then those topics by primary key. Sorted by an expression
      // (`+ 0`), so the planner starts from the member's own memberships (a few rows) instead of
      // walking every open community in activity order and probing each for the member (SQLite
      // chose that: ~0.8 ms a top page with 1,000 communities, growing with the site).
      const latest = await newestTopicIds(memberId, limit);
      const ids = latest.map((r) => r.topic_id).filter((id): id is number => id !== null).map(num);
      if (ids.length === 0) return [];
      const rows = new Map((await db.selectFrom('community_topics').selectAll().where('id', 'in', ids).execute()).map((r) => [num(r.id), toTopic(r)]));
      return ids.map((id) => rows.get(id)).filter((t): t is Topic => t !== undefined);
    },
    async photos(topicId) {
      const rows = await db.selectFrom('community_topic_photos').select('photo_id').where('topic_id', '=', topicId).orderBy('photo_id').execute();
      return rows.map((r) => num(r.photo_id));
    },
    async addPhoto(topicId, photoId) {
      await db.insertInto('community_topic_photos').values({ topic_id: topicId, photo_id: photoId }).execute();
    },
    async topicOfPhoto(photoId) {
      const r = await db.selectFrom('community_topic_photos').select('topic_id').where('photo_id', '=', photoId).executeTakeFirst();
      return r ? num(r.topic_id) : null;
    },
    async removePhotos(topicId) {
      await db.deleteFrom('community_topic_photos').where('topic_id', '=', topicId).execute();
    },
    async nextNumber(id, at) {
      // The update takes the row's lock (MySQL) or the write lock (SQLite): numbers never repeat.
      const u = await db.updateTable('community_topics').set((eb) => ({ comment_count: eb('comment_count', '+', 1), last_comment_at: at })).where('id', '=', id).executeTakeFirst();
      if (Number(u.numUpdatedRows) === 0) return null;
      const r = await db.selectFrom('community_topics').select('comment_count').where('id', '=', id).executeTakeFirst();
      return r ? num(r.comment_count) : null;
    },
    async lock(id) {
      // A write that changes nothing still takes the lock, portably (SQLite has no SELECT … FOR UPDATE).
      const u = await db.updateTable('community_topics').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('id', '=', id).executeTakeFirst();
      return Number(u.numUpdatedRows) > 0;
    },
  };
}
