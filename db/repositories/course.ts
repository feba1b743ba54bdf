import type { CourseCharge, CourseOrder, CourseRepository, CourseState, CourseSubscription, OrderKind, OrderState } from '../../core/course/ports.js';
import { type Db, firstOrNull, insertOnce, num, numOrNull } from '../util.js';

function toSubscription(r: { member_id: number; carrier: string; contract_ref: string; state: string; joined_at: number; cancelled_at: number | null; updated_at: number; last_notice_at: number | null }): CourseSubscription {
  return {
    memberId: num(r.member_id),
    carrier: r.carrier,
    contractRef: r.contract_ref,
    state: r.state as CourseState,
    joinedAt: num(r.joined_at),
    cancelledAt: numOrNull(r.cancelled_at),
    updatedAt: num(r.updated_at),
    lastNoticeAt: numOrNull(r.last_notice_at),
  };
}

function toCharge(r: { id: number; member_id: number; month: string; carrier: string; contract_ref: string; amount_yen: number; status: string; attempt: number; created_at: number }): CourseCharge {
  return {
    id: num(r.id),
    memberId: num(r.member_id),
    month: r.month,
    carrier: r.carrier,
    contractRef: r.contract_ref,
    amountYen: num(r.amount_yen),
    status: r.status as CourseCharge['status'],
    attempt: num(r.attempt),
    createdAt: num(r.created_at),
  };
}

export function course(db: Db): CourseRepository {
  return {
    async insertOrder(o) {
      await db
        .insertInto('course_orders')
        .values({ token: o.token, member_id: o.memberId, carrier: o.carrier, kind: o.kind, state: o.state, created_at: o.createdAt, updated_at: o.updatedAt })
        .execute();
    },
    async findOrder(token) {
      return firstOrNull(db.selectFrom('course_orders').selectAll().where('token', '=', token), (r) => ({ token: r.token, memberId: num(r.member_id), carrier: r.carrier, kind: r.kind as OrderKind, state: r.state as OrderState, createdAt: num(r.created_at), updatedAt: num(r.updated_at) } satisfies CourseOrder));
    },
    async setOrderState(token, state, now) {
      await db.updateTable('course_orders').set({ state, updated_at: now }).where('token', '=', token).execute();
    },
    async subscription(memberId) {
      return firstOrNull(db.selectFrom('course_subscriptions').selectAll().where('member_id', '=', memberId), toSubscription);
    },
    async subscriptionByContract(carrier, contractRef) {
      return firstOrNull(db.selectFrom('course_subscriptions').selectAll().where('carrier', '=', carrier).where('contract_ref', '=', contractRef), toSubscription);
    },
    async lockContract(carrier, contractRef) {
      // A write that changes nothing: it locks the row (InnoDB) or the database (SQLite) until commit.
      await db.updateTable('course_subscriptions').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('carrier', '=', carrier).where('contract_ref', '=', contractRef).execute();
    },
    async putSubscription(s) {
      const values = { carrier: s.carrier, contract_ref: s.contractRef, state: s.state, joined_at: s.joinedAt, cancelled_at: s.cancelledAt, updated_at: s.updatedAt, last_notice_at: s.lastNoticeAt ?? null };
      const r = await db.updateTable('course_subscriptions').set(values).where('member_id', '=', s.memberId).executeTakeFirst();
      if (Number(r.numUpdatedRows) > 0) return;
      await db.insertInto('course_subscriptions').values({ member_id: s.memberId, ...values }).execute();
    },
    async charge(memberId, month) {
      return firstOrNull(db.selectFrom('course_charges').selectAll().where('member_id', '=', memberId).where('month', '=', month), toCharge);
    },
    insertCharge(c) {
      return insertOnce(() =>
        db
          .insertInto('course_charges')
          .values({
            member_id: c.memberId,
            month: c.month,
            carrier: c.carrier,
            contract_ref: c.contractRef,
            amount_yen: c.amountYen,
            status: c.status,
            attempt: c.attempt,
            created_at: c.createdAt,
            updated_at: c.createdAt,
          })
          .execute(),
      );
    },
    async setChargeStatus(id, status, attempt, now) {
      await db.updateTable('course_charges').set({ status, attempt, updated_at: now }).where('id', '=', id).execute();
    },
    async chargesFor(carrier, month) {
      const rows = await db.selectFrom('course_charges').selectAll().where('carrier', '=', carrier).where('month', '=', month).orderBy('id').execute();
      return rows.map(toCharge);
    },
    async paidThrough(memberId) {
      const r = await db
        .selectFrom('course_charges')
        .select((eb) => eb.fn.max('month').as('month'))
        .where('member_id', '=', memberId)
        .where('status', '=', 'billed')
        .executeTakeFirst();
      return r?.month ?? null;
    },
    recordNotification(carrier, id, kind, outcome, now) {
      return insertOnce(() => db.insertInto('billing_notifications').values({ carrier, notification_id: id, kind, outcome, received_at: now }).execute());
    },
    async findSettlement(carrier, month) {
      return firstOrNull(db.selectFrom('billing_settlements').selectAll().where('carrier', '=', carrier).where('month', '=', month), (r) => ({ carrier: r.carrier, month: r.month, settlementId: r.settlement_id, records: num(r.records), matched: num(r.matched), report: r.report, receivedAt: num(r.received_at) }));
    },
    async putSettlement(s) {
      await db.deleteFrom('billing_settlements').where('carrier', '=', s.carrier).where('month', '=', s.month).execute();
      await db
        .insertInto('billing_settlements')
        .values({ carrier: s.carrier, month: s.month, settlement_id: s.settlementId, records: s.records, matched: s.matched, report: s.report, received_at: s.receivedAt })
        .execute();
    },
    async subscriptionsIn(states) {
      if (states.length === 0) return [];
      const rows = await db.selectFrom('course_subscriptions').selectAll().where('state', 'in', [...states]).orderBy('member_id').execute();
      return rows.map(toSubscription);
    },
  };
}
