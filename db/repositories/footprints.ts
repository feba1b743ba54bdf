import type { FootprintRepository } from '../../core/footprints/ports.js';
import { compiledOnce, type Db, except, num } from '../util.js';

export function footprints(db: Db): FootprintRepository {
  const latestQ = compiledOnce(db, (ownerId: number, visitorId: number) =>
    db.selectFrom('footprints').select(['id', 'visited_at']).where('owner_id', '=', ownerId).where('visitor_id', '=', visitorId).orderBy('visited_at', 'desc').limit(1),
  );
  const touchQ = compiledOnce(db, (id: number, at: number) => db.updateTable('footprints').set({ visited_at: at }).where('id', '=', id));
  const insertQ = compiledOnce(db, (ownerId: number, visitorId: number, at: number) => db.insertInto('footprints').values({ owner_id: ownerId, visitor_id: visitorId, visited_at: at }));
  const listQ = compiledOnce(db, (ownerId: number, hidden: number[], limit: number) =>
    db.selectFrom('footprints').select(['visitor_id', 'visited_at']).where('owner_id', '=', ownerId).where('visitor_id', 'not in', except(hidden)).orderBy('visited_at', 'desc').limit(limit),
  );
  const countQ = compiledOnce(db, (ownerId: number, since: number, hidden: number[]) =>
    db.selectFrom('footprints').select((eb) => eb.fn.countAll().as('n')).where('owner_id', '=', ownerId).where('visited_at', '>', since).where('visitor_id', 'not in', except(hidden)),
  );
  return {
    async latest(ownerId, visitorId) {
      const [r] = await latestQ(ownerId, visitorId);
      return r ? { id: num(r.id), visitedAt: num(r.visited_at) } : null;
    },
    async insert(ownerId, visitorId, at) {
      await insertQ(ownerId, visitorId, at);
    },
    async touch(id, at) {
      await touchQ(id, at);
    },
    async list(ownerId, limit, hidden) {
      const rows = await listQ(ownerId, [...hidden], limit);
      return rows.map((r) => ({ visitorId: num(r.visitor_id), visitedAt: num(r.visited_at) }));
    },
    async countSince(ownerId, since, hidden) {
      const [r] = await countQ(ownerId, since, [...hidden]);
      return num(r?.n ?? 0);
    },
  };
}
