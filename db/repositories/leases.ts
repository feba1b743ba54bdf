import type { LeaseRepository } from '../../core/schedule/ports.js';
import { type Db, insertOnce, isRetryable } from '../util.js';

export function leases(db: Db): LeaseRepository {
  return {
    async take(name, holder, now, until) {
      try {
        // One conditional write decides: on Galera two nodes taking it at once conflict at
        // certification, and the loser's write fails (reported as not taken).
        const r = await db
          .updateTable('leases')
          .set({ holder, expires_at: until })
          .where('name', '=', name)
          .where((w) => w.or([w('holder', '=', holder), w('expires_at', '<', now)]))
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) > 0) return true;
        return await insertOnce(() => db.insertInto('leases').values({ name, holder, expires_at: until }).execute());
      } catch (e) {
        if (isRetryable(e)) return false;
        throw e;
      }
    },
    async release(name, holder) {
      await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
    },
    async holder(name) {
      const r = await db.selectFrom('leases').select(['holder', 'expires_at']).where('name', '=', name).executeTakeFirst();
      return r ? { holder: r.holder, expiresAt: Number(r.expires_at) } : null;
    },
  };
}
