import type { AuditRepository } from '../../core/staff/ports.js';
import { type Db, insertedId, num } from '../util.js';

/** The audit log: insert and read only (test/staff.test.ts checks no other path exists). */
export function staffAudit(db: Db): AuditRepository {
  return {
    append(e) {
      return insertedId(
        db.insertInto('staff_audit').values({ staff_id: e.staffId, action: e.action, target_kind: e.targetKind, target_id: e.targetId, detail: e.detail.slice(0, 500), created_at: e.createdAt }),
      );
    },
    async recent(limit, offset) {
      const rows = await db.selectFrom('staff_audit').selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute();
      return rows.map((r) => ({ id: num(r.id), staffId: num(r.staff_id), action: r.action, targetKind: r.target_kind, targetId: num(r.target_id), detail: r.detail, createdAt: num(r.created_at) }));
    },
  };
}
