import type { ReportRepository } from '../../core/profiles/ports.js';
import { type Db, insertedId, num } from '../util.js';

export function reports(db: Db): ReportRepository {
  return {
    async insert(r) {
      return insertedId(
        db
          .insertInto('reports')
          .values({ reporter_id: r.reporterId, target_kind: r.targetKind, target_id: r.targetId, reason: r.reason, created_at: r.createdAt, resolved_at: null }),
      );
    },
    async countSince(reporterId, since) {
      const r = await db.selectFrom('reports').select((eb) => eb.fn.countAll().as('n')).where('reporter_id', '=', reporterId).where('created_at', '>', since).executeTakeFirstOrThrow();
      return num(r.n);
    },
  };
}
