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

/** The tables one course product keeps its orders, contracts, charges and settlements in. */
export interface CourseTables {
  orders: 'course_orders' | 'premium_orders';
  subscriptions: 'course_subscriptions' | 'premium_subscriptions';
  charges: 'course_charges' | 'premium_charges';
  settlements: 'billing_settlements' | 'premium_settlements';
}
export const POINT_COURSE_TABLES: CourseTables = { orders: 'course_orders', subscriptions: 'course_subscriptions', charges: 'course_charges', settlements: 'billing_settlements' };
export const PREMIUM_TABLES: CourseTables = { orders: 'premium_orders', subscriptions: 'premium_subscriptions', charges: 'premium_charges', settlements: 'premium_settlements' };

/**
 * One course product's contracts and charges. The premium tables have the point course's
 * columns, so the queries are the same; they are typed against the point course's tables.
 */
export function course(db: Db, tables: CourseTables = POINT_COURSE_TABLES): CourseRepository {
  const t = tables as unknown as typeof POINT_COURSE_TABLES & { orders: 'course_orders'; subscriptions: 'course_subscriptions'; charges: 'course_charges'; settlements: 'billing_settlements' };
  return {
    async insertOrder(o) {
      await db
        .insertInto(t.orders)
        .values({ token: o.token, member_id: o.memberId, carrier: o.carrier, kind: o.kind, state: o.state, created_at: o.createdAt, updated_at: o.updatedAt })
        .execute();
    },
    async findOrder(token) {
      return firstOrNull(db.selectFrom(t.orders).selectAll().where('token', '=', token), (r) => ({ token: r.token, memberId: num(r.member_id), carrier: r.carrier, kind: r.kind as OrderKind, state: r.state as OrderState, createdAt: num(r.created_at), updatedAt: num(r.updated_at) } satisfies CourseOrder));
    },
    async setOrderState(token, state, now) {
      await db.updateTable(t.orders).set({ state, updated_at: now }).where('token', '=', token).execute();
    },
    async subscription(memberId) {
      return firstOrNull(db.selectFrom(t.subscriptions).selectAll().where('member_id', '=', memberId), toSubscription);
    },
    async subscriptionByContract(carrier, contractRef) {
      return firstOrNull(db.selectFrom(t.subscriptions).selectAll().where('carrier', '=', carrier).where('contract_ref', '=', contractRef), toSubscription);
    },
    async lockContract(carrier, contractRef) {
      // A write that changes nothing: it locks the row (InnoDB) or the database (SQLite) until commit.
      await db.updateTable('course_subscriptions').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('carrier', '=', carrier).where('contract_ref', '=', contractRef).execute();
    },
    async putSubscription(s) {
      const values = { carrier: s.carrier, contract_ref: s.contractRef, state: s.state, joined_at: s.joinedAt, cancelled_at: s.cancelledAt, updated_at: s.updatedAt, last_notice_at: s.lastNoticeAt ?? null };
      const r = await db.updateTable(t.subscriptions).set(values).where('member_id', '=', s.memberId).executeTakeFirst();
      if (Number(r.numUpdatedRows) > 0) return;
      await db.insertInto(t.subscriptions).values({ member_id: s.memberId, ...values }).execute();
    },
    async charge(memberId, month) {
      return firstOrNull(db.selectFrom(t.charges).selectAll().where('member_id', '=', memberId).where('month', '=', month), toCharge);
    },
    insertCharge(c) {
      return insertOnce(() =>
        db
          .insertInto(t.charges)
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
      await db.updateTable(t.charges).set({ status, attempt, updated_at: now }).where('id', '=', id).execute();
    },
    async chargesFor(carrier, month) {
      const rows = await db.selectFrom(t.charges).selectAll().where('carrier', '=', carrier).where('month', '=', month).orderBy('id').execute();
      return rows.map(toCharge);
    },
    async paidThrough(memberId) {
      const r = await db
        .selectFrom(t.charges)
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
      return firstOrNull(db.selectFrom(t.settlements).selectAll().where('carrier', '=', carrier).where('month', '=', month), (r) => ({ carrier: r.carrier, month: r.month, settlementId: r.settlement_id, records: num(r.records), matched: num(r.matched), report: r.report, receivedAt: num(r.received_at) }));
    },
    async putSettlement(s) {
      await db.deleteFrom(t.settlements).where('carrier', '=', s.carrier).where('month', '=', s.month).execute();
      await db
        .insertInto(t.settlements)
        .values({ carrier: s.carrier, month: s.month, settlement_id: s.settlementId, records: s.records, matched: s.matched, report: s.report, received_at: s.receivedAt })
        .execute();
    },
    async subscriptionsIn(states) {
      if (states.length === 0) return [];
      const rows = await db.selectFrom(t.subscriptions).selectAll().where('state', 'in', [...states]).orderBy('member_id').execute();
      return rows.map(toSubscription);
    },
  };
}
