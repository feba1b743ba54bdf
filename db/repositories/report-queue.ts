import type { OpenReport, ReportQueueRepository } from '../../core/staff/ports.js';
import { type Db, num, numOrNull } from '../util.js';

const reportOf = (r: { id: unknown; reporter_id: unknown; target_kind: string; target_id: unknown; reason: string; created_at: unknown }): OpenReport => ({
  id: num(r.id),
  reporterId: num(r.reporter_id),
  targetKind: r.target_kind,
  targetId: num(r.target_id),
  reason: r.reason,
  createdAt: num(r.created_at),
});

/** The moderators' side of members' reports: the open queue, oldest first, and resolving. */
export function reportQueue(db: Db): ReportQueueRepository {
  return {
    async open(limit) {
      return (await db.selectFrom('reports').selectAll().where('resolved_at', 'is', null).orderBy('created_at').orderBy('id').limit(limit).execute()).map(reportOf);
    },
    async byId(id) {
      const r = await db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? { ...reportOf(r), resolvedAt: numOrNull(r.resolved_at) } : null;
    },
    async resolve(id, now) {
      const r = await db.updateTable('reports').set({ resolved_at: now }).where('id', '=', id).where('resolved_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
  };
}
