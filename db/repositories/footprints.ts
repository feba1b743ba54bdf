import type { FootprintRepository } from '../../core/footprints/ports.js';
import { compiledOnce, compiledOnceChanges, type Db, except, num } from '../util.js';

export function footprints(db: Db): FootprintRepository {
  // The visitor's footprint left since `since` moves to `at` (one statement, by the owner-visitor
  // index); none there: a new one is inserted. On MySQL "changed" counts rows found, not only rows
  // whose value changed (mysql2 connects with FOUND_ROWS by default, and db/connection.ts keeps it),
  // so a touch in the same millisecond is found too (test/request-gate.test.ts).
  const touchQ = compiledOnceChanges(db, (ownerId: number, visitorId: number, since: number, at: number) =>
    db.updateTable('footprints').set({ visited_at: at }).where('owner_id', '=', ownerId).where('visitor_id', '=', visitorId).where('visited_at', '>', since),
  );
  const latestQ = compiledOnce(db, (ownerId: number, visitorId: number, since: number) =>
    db.selectFrom('footprints').select((eb) => eb.fn.max('visited_at').as('t')).where('owner_id', '=', ownerId).where('visitor_id', '=', visitorId).where('visited_at', '>', since),
  );
  const insertQ = compiledOnce(db, (ownerId: number, visitorId: number, at: number) => db.insertInto('footprints').values({ owner_id: ownerId, visitor_id: visitorId, visited_at: at }));
  const listQ = compiledOnce(db, (ownerId: number, hidden: number[], limit: number) =>
    db.selectFrom('footprints').select(['visitor_id', 'visited_at']).where('owner_id', '=', ownerId).where('visitor_id', 'not in', except(hidden)).orderBy('visited_at', 'desc').limit(limit),
  );
  const countQ = compiledOnce(db, (ownerId: number, since: number, hidden: number[]) =>
    db.selectFrom('footprints').select((eb) => eb.fn.countAll().as('n')).where('owner_id', '=', ownerId).where('visited_at', '>', since).where('visitor_id', 'not in', except(hidden)),
  );
  return {
    async insert(ownerId, visitorId, at) {
      await insertQ(ownerId, visitorId, at);
    },
    async latestSince(ownerId, visitorId, since) {
      const [r] = await latestQ(ownerId, visitorId, since);
      return r?.t === null || r?.t === undefined ? null : num(r.t);
    },
    async touchSince(ownerId, visitorId, since, at) {
      return (await touchQ(ownerId, visitorId, since, at)) > 0;
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
