import { sql, type Selectable } from 'kysely';
import type { Category, Community, CommunityReaders, CommunityRepository, JoinPolicy } from '../../core/communities/ports.js';
import type { CommunitiesTable } from '../schema.js';
import { type Db, firstOrNull, insertedId, likeContaining, num } from '../util.js';

function toCommunity(r: Selectable<CommunitiesTable>): Community {
  return {
    id: num(r.id),
    adminId: num(r.admin_id),
    name: r.name,
    category: r.category as Category,
    description: r.description,
    photoId: r.photo_id === null ? null : num(r.photo_id),
    joinPolicy: r.join_policy as JoinPolicy,
    readers: r.readers as CommunityReaders,
    status: r.status === 'closed' ? 'closed' : 'open',
    memberCount: num(r.member_count),
    lastActivityAt: num(r.last_activity_at),
    createdAt: num(r.created_at),
  };
}

export function communities(db: Db): CommunityRepository {
  return {
    async insert(c) {
      return insertedId(
        db.insertInto('communities').values({
          admin_id: c.adminId,
          name: c.name,
          category: c.category,
          description: c.description,
          photo_id: c.photoId,
          join_policy: c.joinPolicy,
          readers: c.readers,
          status: c.status,
          member_count: c.memberCount,
          last_activity_at: c.lastActivityAt,
          created_at: c.createdAt,
        }),
      );
    },
    async find(id) {
      return firstOrNull(db.selectFrom('communities').selectAll().where('id', '=', id), toCommunity);
    },
    async findMany(ids) {
      if (ids.length === 0) return [];
      return (await db.selectFrom('communities').selectAll().where('id', 'in', [...new Set(ids)]).execute()).map(toCommunity);
    },
    async update(id, p) {
      await db.updateTable('communities').set({ name: p.name, category: p.category, description: p.description, join_policy: p.joinPolicy, readers: p.readers }).where('id', '=', id).execute();
    },
    async setStatus(id, status) {
      await db.updateTable('communities').set({ status }).where('id', '=', id).execute();
    },
    async setAdmin(id, adminId) {
      await db.updateTable('communities').set({ admin_id: adminId }).where('id', '=', id).execute();
    },
    async setPhoto(id, photoId) {
      await db.updateTable('communities').set({ photo_id: photoId }).where('id', '=', id).execute();
    },
    async ofPhoto(photoId) {
      const r = await db.selectFrom('communities').select('id').where('photo_id', '=', photoId).executeTakeFirst();
      return r ? num(r.id) : null;
    },
    async touch(id, at) {
      await db.updateTable('communities').set({ last_activity_at: at }).where('id', '=', id).execute();
    },
    async recount(id) {
      const r = await db
        .selectFrom('community_members')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('community_id', '=', id)
        .where('role', 'in', ['admin', 'sub', 'member'])
        .executeTakeFirstOrThrow();
      await db.updateTable('communities').set({ member_count: num(r.n) }).where('id', '=', id).execute();
    },
    async search(q) {
      if (q.readers.length === 0) return [];
      let query = db.selectFrom('communities').selectAll().where('status', '=', 'open').where('readers', 'in', [...q.readers]);
      if (q.keyword) query = query.where(sql<boolean>`(${likeContaining('name', q.keyword)} or ${likeContaining('description', q.keyword)})`);
      if (q.category) query = query.where('category', '=', q.category);
      if (q.excluding.length) query = query.where('id', 'not in', [...q.excluding]);
      const ordered = q.order === 'members' ? query.orderBy('member_count', 'desc').orderBy('last_activity_at', 'desc') : query.orderBy('last_activity_at', 'desc');
      return (await ordered.orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute()).map(toCommunity);
    },
  };
}
