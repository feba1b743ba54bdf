import { randomToken } from '../crypto.js';
import { DomainError } from '../errors.js';
import type { Clock } from '../ports.js';
import type { CourseOrder, CourseState, CourseSubscription, CourseTx, OrderKind, CourseStore } from './ports.js';
import { billMonth, liveOrder, POINT_COURSE, rejected, reverseCharge, subscriptionOf, withRetry, type CourseProduct } from './charges.js';
import { DAY_MS } from '../time.js';
import { lastDayOfPeriod, monthOf, noticeMonthPlausible, periodAt, periodStart, previousMonth, settlementMonthPlausible, type BillingCalendar } from './months.js';
import { settle, type Settlement, type SettlementReport } from './settlement.js';
import { checkStatuses, type MemberStatusQuery, type StatusReport } from './status.js';

// The course's public surface, wherever its parts live.
export { COURSE, POINT_COURSE, PREMIUM, type CourseProduct } from './charges.js';
export { monthOf, nextMonth, noticeMonthPlausible, previousMonth, SETTLEMENT_MONTHS_BACK, settlementMonthPlausible, type BillingCalendar } from './months.js';
export type { Settlement, SettlementReport } from './settlement.js';
export type { CarrierLineStatus, MemberStatusQuery, StatusReport } from './status.js';

/** What a carrier tells us, after its adapter has checked the signature and parsed the body. */
export type CourseNotice = (
  | { id: string; type: 'registered'; order: string; contract: string; month: string; amountYen: number }
  | { id: string; type: 'renewed'; contract: string; month: string; amountYen: number }
  | { id: string; type: 'payment_failed'; contract: string; month: string }
  | { id: string; type: 'cancelled'; contract: string; month: string; order?: string | undefined }
  | { id: string; type: 'contract_ended'; contract: string }
  | { id: string; type: 'declined'; order: string }
) & {
  /** When the carrier issued it (its own protocols date their notices); undefined: undated. */
  sentAt?: number | undefined;
};

export interface CourseStatus {
  state: CourseState | 'none';
  /** Course benefits apply now (paid for this month, or a renewal still within grace). */
  active: boolean;
  paidThrough: string | null;
  /** While benefits apply: their last day (Japan, YYYY-MM-DD), the end of the last period paid. */
  benefitsUntil: string | null;
  carrier: string | null;
  joinedAt: number | null;
}

/**
 * The point course's state machine and its money: every billed month gives its points once
 * (a charge row per member and month, a ledger ref per charge attempt), every failure takes
 * them back once, and each carrier notification is applied at most once.
 */
export class CourseService {
  constructor(
    private readonly store: CourseStore,
    private readonly clock: Clock,
    /** When each carrier bills (the carriers' facts live with the carriers). */
    private readonly calendarOf: (carrier: string) => BillingCalendar = () => 'first',
    /** Which course this instance runs (its store holds that product's orders, contracts and charges). */
    readonly product: CourseProduct = POINT_COURSE,
  ) {}

  async status(memberId: number): Promise<CourseStatus> {
    const sub = await this.store.course.subscription(memberId);
    if (!sub) return { state: 'none', active: false, paidThrough: null, benefitsUntil: null, carrier: null, joinedAt: null };
    const paidThrough = await this.store.course.paidThrough(memberId);
    const active = this.activeFor(sub, paidThrough);
    const benefitsUntil = active && paidThrough ? lastDayOfPeriod(this.calendarOf(sub.carrier), sub.joinedAt, paidThrough) : null;
    return { state: sub.state, active, paidThrough, benefitsUntil, carrier: sub.carrier, joinedAt: sub.joinedAt };
  }

  async isActive(memberId: number): Promise<boolean> {
    return (await this.status(memberId)).active;
  }

  /**
   * Registered or cancelled: benefits last through the last period paid for (a billed month buys
   * the days from its billing day to the next one: the calendar month where carriers bill on the
   * 1st, anniversary to anniversary where they bill on the sign-up day; no proration). A
   * registered course whose renewal is late keeps them for the first days of a period. Payment
   * failed or expired: none.
   */
  private activeFor(sub: CourseSubscription, paidThrough: string | null): boolean {
    if (!paidThrough || (sub.state !== 'registered' && sub.state !== 'cancelled')) return false;
    const now = this.clock.now();
    const calendar = this.calendarOf(sub.carrier);
    const period = periodAt(calendar, sub.joinedAt, now);
    if (paidThrough >= period) return true;
    return sub.state === 'registered' && paidThrough === previousMonth(period) && now - periodStart(calendar, sub.joinedAt, period) < this.product.graceDays * DAY_MS;
  }

  /** Starts a visit to the carrier's confirmation page; the token travels there and back. */
  async startOrder(memberId: number, carrier: string, kind: OrderKind): Promise<CourseOrder> {
    const status = await this.status(memberId);
    // A failed payment is settled with the carrier (or the course cancelled) before joining again.
    if (kind === 'join' && (status.state === 'registered' || status.state === 'payment_failed')) throw new DomainError('course_active');
    if (kind === 'cancel' && status.state !== 'registered') throw new DomainError('course_not_active');
    // Cancelling goes to the carrier that bills the member, whatever handset they use now.
    const via = kind === 'cancel' ? status.carrier! : carrier;
    const now = this.clock.now();
    const order: CourseOrder = { token: randomToken(18), memberId, carrier: via, kind, state: 'authorising', createdAt: now, updatedAt: now };
    await this.store.course.insertOrder(order);
    return order;
  }

  order(token: string): Promise<CourseOrder | null> {
    if (!/^[A-Za-z0-9_-]{8,40}$/.test(token)) return Promise.resolve(null);
    return this.store.course.findOrder(token);
  }

  /**
   * Applies a verified carrier notice once: 'duplicate' when this notice id was seen before.
   * A signature says who sent a notice, not that it makes sense: months outside the window
   * around now and amounts other than the course price are refused (billing_rejected), and
   * nothing is granted.
   */
  async apply(carrier: string, n: CourseNotice): Promise<'applied' | 'duplicate'> {
    if ('month' in n && !noticeMonthPlausible(n.month, this.clock.now())) throw rejected('month outside the billing window');
    // A registration may carry 0 (re-joining in a month already paid); that is checked below.
    if ((n.type === 'renewed' || n.type === 'registered') && n.amountYen !== this.product.priceYen && !(n.type === 'registered' && n.amountYen === 0)) {
      throw rejected('amount is not the course price');
    }
    return withRetry(() => this.applyOnce(carrier, n));
  }

  private applyOnce(carrier: string, n: CourseNotice): Promise<'applied' | 'duplicate'> {
    return this.store.transaction(async (tx) => {
      const now = this.clock.now();
      if (!(await tx.course.recordNotification(carrier, n.id, n.type, 'applied', now))) return 'duplicate';
      const contract = 'contract' in n ? n.contract : null;
      // Notices on one contract racing (a failure and the retried payment's success) apply in turn,
      // the second reading what the first wrote: lock before the first read of this transaction.
      if (contract) await tx.course.lockContract(carrier, contract);
      // Where the carrier dates its notices, an older one never undoes a newer one on its contract.
      const last = contract ? ((await tx.course.subscriptionByContract(carrier, contract))?.lastNoticeAt ?? null) : null;
      if (n.sentAt !== undefined && last !== null && n.sentAt < last) throw rejected('older than the last notice on this contract (out of order)');
      await this.applyKind(tx, carrier, n, now);
      const latest = Math.max(last ?? -Infinity, n.sentAt ?? -Infinity);
      if (contract && Number.isFinite(latest)) {
        const after = await tx.course.subscriptionByContract(carrier, contract);
        if (after && after.lastNoticeAt !== latest) await tx.course.putSubscription({ ...after, lastNoticeAt: latest });
      }
      return 'applied';
    });
  }

  private async applyKind(tx: CourseTx, carrier: string, n: CourseNotice, now: number): Promise<'applied'> {
    switch (n.type) {
      case 'registered': {
        const order = await liveOrder(tx, carrier, n.order, 'join');
        const taken = await tx.course.subscriptionByContract(carrier, n.contract);
        if (taken && taken.memberId !== order.memberId) throw rejected('contract belongs to another member');
        const prev = await tx.course.subscription(order.memberId);
        if (prev?.state === 'registered' && prev.contractRef !== n.contract) throw rejected('member already has a registered contract');
        // Nothing to pay only when that month is already paid for.
        if (n.amountYen === 0 && (await tx.course.charge(order.memberId, n.month))?.status !== 'billed') throw rejected('amount is not the course price');
        await tx.course.putSubscription({ memberId: order.memberId, carrier, contractRef: n.contract, state: 'registered', joinedAt: prev?.state === 'registered' ? prev.joinedAt : now, cancelledAt: null, updatedAt: now });
        if (n.amountYen > 0) await billMonth(tx, order.memberId, carrier, n.contract, n.month, n.amountYen, now, this.product);
        await tx.course.setOrderState(order.token, 'completed', now);
        return 'applied';
      }
      case 'renewed': {
        const sub = await subscriptionOf(tx, carrier, n.contract);
        if (sub.state === 'expired' || sub.state === 'cancelled') throw rejected(`contract is ${sub.state}`);
        if (n.month < monthOf(sub.joinedAt)) throw rejected('month before the contract began');
        if (sub.state !== 'registered') await tx.course.putSubscription({ ...sub, state: 'registered', updatedAt: now });
        await billMonth(tx, sub.memberId, carrier, n.contract, n.month, n.amountYen, now, this.product);
        return 'applied';
      }
      case 'payment_failed': {
        const sub = await subscriptionOf(tx, carrier, n.contract);
        if (sub.state === 'registered') await tx.course.putSubscription({ ...sub, state: 'payment_failed', updatedAt: now });
        const charge = await tx.course.charge(sub.memberId, n.month);
        if (charge) await reverseCharge(tx, charge, now, this.product);
        return 'applied';
      }
      case 'cancelled': {
        const sub = await subscriptionOf(tx, carrier, n.contract);
        // A cancellation that names an order answers that member's own cancel order: one naming
        // another member's contract (a forged registration header, a mixed-up notice) ends nothing.
        const order = n.order ? await tx.course.findOrder(n.order) : null;
        if (n.order && (!order || order.carrier !== carrier || order.kind !== 'cancel' || order.memberId !== sub.memberId)) throw rejected('order is not a cancellation of this contract');
        if (sub.state !== 'expired') await tx.course.putSubscription({ ...sub, state: 'cancelled', cancelledAt: now, updatedAt: now });
        if (order) await tx.course.setOrderState(order.token, 'completed', now);
        return 'applied';
      }
      case 'contract_ended': {
        const sub = await subscriptionOf(tx, carrier, n.contract);
        await tx.course.putSubscription({ ...sub, state: 'expired', updatedAt: now });
        return 'applied';
      }
      case 'declined': {
        const order = await tx.course.findOrder(n.order);
        if (!order || order.carrier !== carrier) throw rejected('unknown order');
        if (order.state === 'authorising' || order.state === 'requested') await tx.course.setOrderState(order.token, 'declined', now);
        return 'applied';
      }
    }
  }

  /**
   * Reconciles a carrier's monthly settlement with our charges. The carrier's word on money is
   * final: a month it collected but we never heard of gets its points, one it failed to collect
   * loses them. Anything else is reported, not changed.
   */
  async reconcile(carrier: string, s: Settlement): Promise<SettlementReport> {
    if (!settlementMonthPlausible(s.month, this.clock.now())) throw rejected('month outside the settlement window');
    return withRetry(() => this.store.transaction((tx) => settle(tx, carrier, s, this.clock.now(), this.product)));
  }

  /**
   * Asks the carrier's member-status query about every contract we hold with it and records the
   * ends and cancellations it never told us of (core/course/status.ts); run daily.
   */
  checkStatuses(carrier: string, query: MemberStatusQuery): Promise<StatusReport> {
    return checkStatuses(this.store, carrier, this.product.id, query, this.clock.now());
  }

  /**
   * Contracts still held with the carriers (registered, payment failed, cancelled) and the last
   * month each was paid through: what a carrier restarting from nothing needs to know.
   */
  async heldContracts(): Promise<{ sub: CourseSubscription; paidThrough: string | null }[]> {
    const subs = await this.store.course.subscriptionsIn(['registered', 'payment_failed', 'cancelled']);
    const out = [];
    for (const sub of subs) out.push({ sub, paidThrough: await this.store.course.paidThrough(sub.memberId) });
    return out;
  }
}
