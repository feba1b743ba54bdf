import type { AttemptRepository } from '../../core/ports.js';
import { sql } from 'kysely';
import { compiledOnce, compiledOnceChanges, type Db, insertOnce, num } from '../util.js';

export function attempts(db: Db): AttemptRepository {
  // One conditional UPDATE per use: the row lock (InnoDB) or the single writer (SQLite) makes the
  // check and the increment one step, so parallel requests in any number of processes cannot
  // take more than `max`. A window that has ended starts again at this use, to end at `renewed`.
  const takeQ = compiledOnceChanges(db, (keyHash: string, max: number, now: number, renewed: number) =>
    db
      .updateTable('attempt_budgets')
      .set({
        used: sql`case when expires_at <= ${now} then 1 else used + 1 end`,
        expires_at: sql`case when expires_at <= ${now} then ${renewed} else expires_at end`,
      })
      .where('key_hash', '=', keyHash)
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('used', '<', max)])),
  );
  const take = async (keyHash: string, max: number, windowMs: number, now: number) => (await takeQ(keyHash, max, now, now + windowMs)) === 1;
  const insertQ = compiledOnce(db, (keyHash: string, expiresAt: number) => db.insertInto('attempt_budgets').values({ key_hash: keyHash, used: 1, expires_at: expiresAt }));
  return {
    async reserve(keyHash, max, windowMs, now) {
      if (max <= 0) return false;
      if (await take(keyHash, max, windowMs, now)) return true;
      if (await insertOnce(() => insertQ(keyHash, now + windowMs))) return true;
      // Another request made the row first: take from it like everyone else.
      return take(keyHash, max, windowMs, now);
    },
    async release(keyHash, now) {
      await db.updateTable('attempt_budgets').set({ used: sql`used - 1` }).where('key_hash', '=', keyHash).where('used', '>', 0).where('expires_at', '>', now).execute();
    },
    async used(keyHash, now) {
      const r = await db.selectFrom('attempt_budgets').select('used').where('key_hash', '=', keyHash).where('expires_at', '>', now).executeTakeFirst();
      return r ? num(r.used) : 0;
    },
    async clear(keyHash) {
      await db.deleteFrom('attempt_budgets').where('key_hash', '=', keyHash).execute();
    },
    async purge(now) {
      const r = await db.deleteFrom('attempt_budgets').where('expires_at', '<=', now).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
