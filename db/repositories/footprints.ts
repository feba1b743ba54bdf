import type { FootprintRepository } from '../../core/footprints/ports.js';
import { type Db, except, num } from '../util.js';

export function footprints(db: Db): FootprintRepository {
  return {
    async latest(ownerId, visitorId) {
      const r = await db.selectFrom('footprints').select(['id', 'visited_at']).where('owner_id', '=', ownerId).where('visitor_id', '=', visitorId).orderBy('visited_at', 'desc').limit(1).executeTakeFirst();
      return r ? { id: num(r.id), visitedAt: num(r.visited_at) } : null;
    },
    async insert(ownerId, visitorId, at) {
      await db.insertInto('footprints').values({ owner_id: ownerId, visitor_id: visitorId, visited_at: at }).execute();
    },
    async touch(id, at) {
      await db.updateTable('footprints').set({ visited_at: at }).where('id', '=', id).execute();
    },
    async list(ownerId, limit, hidden) {
      const rows = await db
        .selectFrom('footprints')
        .select(['visitor_id', 'visited_at'])
        .where('owner_id', '=', ownerId)
        .where('visitor_id', 'not in', except(hidden))
        .orderBy('visited_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ visitorId: num(r.visitor_id), visitedAt: num(r.visited_at) }));
    },
    async countSince(ownerId, since, hidden) {
      const r = await db
        .selectFrom('footprints')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('owner_id', '=', ownerId)
        .where('visited_at', '>', since)
        .where('visitor_id', 'not in', except(hidden))
        .executeTakeFirstOrThrow();
      return num(r.n);
    },
  };
}
