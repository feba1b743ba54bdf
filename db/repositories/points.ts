import type { PointRepository } from '../../core/course/ports.js';
import { sql } from 'kysely';
import { type Db, insertOnce, num } from '../util.js';

export function points(db: Db): PointRepository {
  return {
    async append(e, o = {}) {
      const fresh = await insertOnce(() =>
        db.insertInto('point_ledger').values({ member_id: e.memberId, delta: e.delta, kind: e.kind, ref: e.ref, note: e.note, created_at: e.createdAt }).execute(),
      );
      if (!fresh) return 'duplicate';
      await insertOnce(() => db.insertInto('point_balances').values({ member_id: e.memberId, balance: 0, updated_at: e.createdAt }).execute());
      let q = db
        .updateTable('point_balances')
        .set({ balance: sql<number>`balance + ${e.delta}`, updated_at: e.createdAt })
        .where('member_id', '=', e.memberId);
      if (o.keepNonNegative && e.delta < 0) q = q.where('balance', '>=', -e.delta);
      const r = await q.executeTakeFirst();
      return Number(r.numUpdatedRows) === 1 ? 'ok' : 'insufficient';
    },
    async balance(memberId) {
      const r = await db.selectFrom('point_balances').select('balance').where('member_id', '=', memberId).executeTakeFirst();
      return r ? num(r.balance) : 0;
    },
    async history(memberId, limit, offset) {
      const rows = await db.selectFrom('point_ledger').selectAll().where('member_id', '=', memberId).orderBy('id', 'desc').limit(limit).offset(offset).execute();
      return rows.map((r) => ({ id: num(r.id), memberId: num(r.member_id), delta: num(r.delta), kind: r.kind, ref: r.ref, note: r.note, createdAt: num(r.created_at) }));
    },
    async ledgerSum(memberId) {
      const r = await db
        .selectFrom('point_ledger')
        .select((eb) => eb.fn.sum<number | string | null>('delta').as('total'))
        .where('member_id', '=', memberId)
        .executeTakeFirst();
      return Number(r?.total ?? 0);
    },
  };
}
