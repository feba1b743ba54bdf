import type { BlockRepository } from '../../core/friends/ports.js';
import { compiledOnce, type Db, insertOnce, num } from '../util.js';

export function blocks(db: Db): BlockRepository {
  const involvingQ = compiledOnce(db, (a: number, b: number) =>
    db
      .selectFrom('blocks')
      .select(['blocker_id', 'blocked_id'])
      .where((eb) => eb.or([eb('blocker_id', '=', a), eb('blocked_id', '=', b)])),
  );
  return {
    async block(blockerId, blockedId, now) {
      await insertOnce(() => db.insertInto('blocks').values({ blocker_id: blockerId, blocked_id: blockedId, created_at: now }).execute());
    },
    async unblock(blockerId, blockedId) {
      await db.deleteFrom('blocks').where('blocker_id', '=', blockerId).where('blocked_id', '=', blockedId).execute();
    },
    async between(a, b) {
      const r = await db
        .selectFrom('blocks')
        .select('blocker_id')
        .where((eb) => eb.or([eb.and([eb('blocker_id', '=', a), eb('blocked_id', '=', b)]), eb.and([eb('blocker_id', '=', b), eb('blocked_id', '=', a)])]))
        .limit(1)
        .executeTakeFirst();
      return r !== undefined;
    },
    async involving(memberId) {
      const rows = await involvingQ(memberId, memberId);
      return [...new Set(rows.map((r) => (num(r.blocker_id) === memberId ? num(r.blocked_id) : num(r.blocker_id))))];
    },
    async blockedBy(blockerId) {
      const rows = await db.selectFrom('blocks').select('blocked_id').where('blocker_id', '=', blockerId).execute();
      return rows.map((r) => num(r.blocked_id));
    },
  };
}
