import { randomToken } from '../crypto.js';
import { DomainError, isDomainError } from '../errors.js';
import { appendPoints } from './points.js';
import type { Clock, Repositories, Store } from '../ports.js';
import type { CourseCharge, CourseOrder, CourseState, CourseSubscription, OrderKind } from './ports.js';

/** The monthly point course: ¥300 + 5% consumption tax, billed by the carrier with the phone bill. */
export const COURSE = {
  priceYen: 315,
  pointsPerMonth: 300,
  /** Days into a month a renewal may still be on its way before the course lapses. */
  graceDays: 3,
} as const;

const JST_OFFSET_MS = 9 * 3_600_000;

/** The calendar month in Japan (YYYY-MM) of a moment: billing months are Japanese months. */
export function monthOf(ms: number): string {
  return new Date(ms + JST_OFFSET_MS).toISOString().slice(0, 7);
}

function dayOfMonth(ms: number): number {
  return new Date(ms + JST_OFFSET_MS).getUTCDate();
}

export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

const MONTH_FORM = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Months a carrier notice may name at `now`: the previous Japanese month (a renewal late within
 * grace, a payment failing after the turn of the month), this one, and the next (a carrier
 * billing just ahead of the turn). A notice for any other month is not plausible.
 */
export function noticeMonthPlausible(month: string, now: number): boolean {
  const current = monthOf(now);
  return MONTH_FORM.test(month) && month >= previousMonth(current) && month <= nextMonth(current);
}

/** Months a settlement may close at `now`: this month and the three before (late statements). */
export const SETTLEMENT_MONTHS_BACK = 3;
export function settlementMonthPlausible(month: string, now: number): boolean {
  const current = monthOf(now);
  let earliest = current;
  for (let i = 0; i < SETTLEMENT_MONTHS_BACK; i++) earliest = previousMonth(earliest);
  return MONTH_FORM.test(month) && month >= earliest && month <= current;
}

/** What a carrier tells us, after its adapter has checked the signature and parsed the body. */
export type CourseNotice =
  | { id: string; type: 'registered'; order: string; contract: string; month: string; amountYen: number }
  | { id: string; type: 'renewed'; contract: string; month: string; amountYen: number }
  | { id: string; type: 'payment_failed'; contract: string; month: string }
  | { id: string; type: 'cancelled'; contract: string; month: string; order?: string | undefined }
  | { id: string; type: 'contract_ended'; contract: string }
  | { id: string; type: 'declined'; order: string };

/** The carrier's monthly statement of what it charged each contract. */
export interface Settlement {
  id: string;
  month: string;
  records: { contract: string; amountYen: number; status: 'paid' | 'unpaid' }[];
}

export interface SettlementReport {
  carrier: string;
  month: string;
  records: number;
  matched: number;
  /** Corrections applied so points equal what the carrier collected. */
  fixed: { contract: string; action: 'granted' | 'regranted' | 'reversed' }[];
  /** Differences a person must look at (nothing was changed for them). */
  problems: { contract: string; issue: 'amount_differs' | 'unknown_contract' | 'not_billed_by_carrier' | 'before_contract' }[];
  duplicate: boolean;
}

export interface CourseStatus {
  state: CourseState | 'none';
  /** Course benefits apply now (paid for this month, or a renewal still within grace). */
  active: boolean;
  paidThrough: string | null;
  carrier: string | null;
  joinedAt: number | null;
}

/** Runs a transaction again (up to three times) when a concurrent one got in its way. */
async function withRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (e) {
      if (!isDomainError(e, 'conflict') || i >= 3) throw e;
    }
  }
}

/** A notice that cannot be applied (unknown order or contract, wrong state); the carrier is told. */
function rejected(reason: string): DomainError {
  return new DomainError('billing_rejected', { reason });
}

/**
 * The point course's state machine and its money: every billed month gives its points once
 * (a charge row per member and month, a ledger ref per charge attempt), every failure takes
 * them back once, and each carrier notification is applied at most once.
 */
export class CourseService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async status(memberId: number): Promise<CourseStatus> {
    const sub = await this.store.course.subscription(memberId);
    if (!sub) return { state: 'none', active: false, paidThrough: null, carrier: null, joinedAt: null };
    const paidThrough = await this.store.course.paidThrough(memberId);
    return { state: sub.state, active: this.activeFor(sub, paidThrough), paidThrough, carrier: sub.carrier, joinedAt: sub.joinedAt };
  }

  async isActive(memberId: number): Promise<boolean> {
    return (await this.status(memberId)).active;
  }

  /**
   * Registered or cancelled: benefits last through the last month paid for (a cancelled month is
   * already billed, with no proration). A registered course whose renewal is late keeps them for
   * the first days of the month. Payment failed or expired: none.
   */
  private activeFor(sub: CourseSubscription, paidThrough: string | null): boolean {
    if (!paidThrough || (sub.state !== 'registered' && sub.state !== 'cancelled')) return false;
    const now = this.clock.now();
    const month = monthOf(now);
    if (paidThrough >= month) return true;
    return sub.state === 'registered' && paidThrough === previousMonth(month) && dayOfMonth(now) <= COURSE.graceDays;
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
    if ((n.type === 'renewed' || n.type === 'registered') && n.amountYen !== COURSE.priceYen && !(n.type === 'registered' && n.amountYen === 0)) {
      throw rejected('amount is not the course price');
    }
    return withRetry(() => this.applyOnce(carrier, n));
  }

  private applyOnce(carrier: string, n: CourseNotice): Promise<'applied' | 'duplicate'> {
    return this.store.transaction(async (tx) => {
      const now = this.clock.now();
      if (!(await tx.course.recordNotification(carrier, n.id, n.type, 'applied', now))) return 'duplicate';
      switch (n.type) {
        case 'registered': {
          const order = await this.liveOrder(tx, carrier, n.order, 'join');
          const taken = await tx.course.subscriptionByContract(carrier, n.contract);
          if (taken && taken.memberId !== order.memberId) throw rejected('contract belongs to another member');
          const prev = await tx.course.subscription(order.memberId);
          if (prev?.state === 'registered' && prev.contractRef !== n.contract) throw rejected('member already has a registered contract');
          // Nothing to pay only when that month is already paid for.
          if (n.amountYen === 0 && (await tx.course.charge(order.memberId, n.month))?.status !== 'billed') throw rejected('amount is not the course price');
          await tx.course.putSubscription({ memberId: order.memberId, carrier, contractRef: n.contract, state: 'registered', joinedAt: prev?.state === 'registered' ? prev.joinedAt : now, cancelledAt: null, updatedAt: now });
          if (n.amountYen > 0) await this.bill(tx, order.memberId, carrier, n.contract, n.month, n.amountYen, now);
          await tx.course.setOrderState(order.token, 'completed', now);
          return 'applied';
        }
        case 'renewed': {
          const sub = await this.subscriptionOf(tx, carrier, n.contract);
          if (sub.state === 'expired' || sub.state === 'cancelled') throw rejected(`contract is ${sub.state}`);
          if (n.month < monthOf(sub.joinedAt)) throw rejected('month before the contract began');
          if (sub.state !== 'registered') await tx.course.putSubscription({ ...sub, state: 'registered', updatedAt: now });
          await this.bill(tx, sub.memberId, carrier, n.contract, n.month, n.amountYen, now);
          return 'applied';
        }
        case 'payment_failed': {
          const sub = await this.subscriptionOf(tx, carrier, n.contract);
          if (sub.state === 'registered') await tx.course.putSubscription({ ...sub, state: 'payment_failed', updatedAt: now });
          const charge = await tx.course.charge(sub.memberId, n.month);
          if (charge) await this.reverse(tx, charge, now);
          return 'applied';
        }
        case 'cancelled': {
          const sub = await this.subscriptionOf(tx, carrier, n.contract);
          if (sub.state !== 'expired') await tx.course.putSubscription({ ...sub, state: 'cancelled', cancelledAt: now, updatedAt: now });
          if (n.order) {
            const order = await tx.course.findOrder(n.order);
            if (order && order.memberId === sub.memberId && order.kind === 'cancel') await tx.course.setOrderState(order.token, 'completed', now);
          }
          return 'applied';
        }
        case 'contract_ended': {
          const sub = await this.subscriptionOf(tx, carrier, n.contract);
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
    });
  }

  private async liveOrder(tx: Repositories, carrier: string, token: string, kind: OrderKind): Promise<CourseOrder> {
    const order = await tx.course.findOrder(token);
    if (!order || order.carrier !== carrier || order.kind !== kind) throw rejected('unknown order');
    if (order.state !== 'authorising' && order.state !== 'requested') throw rejected(`order is ${order.state}`);
    return order;
  }

  private async subscriptionOf(tx: Repositories, carrier: string, contract: string): Promise<CourseSubscription> {
    const sub = await tx.course.subscriptionByContract(carrier, contract);
    if (!sub) throw rejected('unknown contract');
    return sub;
  }

  /** Records the month's charge and grants its points, once per member and month. */
  private async bill(tx: Repositories, memberId: number, carrier: string, contract: string, month: string, amountYen: number, now: number): Promise<void> {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw rejected('bad month');
    const inserted = await tx.course.insertCharge({ memberId, month, carrier, contractRef: contract, amountYen, status: 'billed', attempt: 1, createdAt: now });
    const charge = await tx.course.charge(memberId, month);
    // Another transaction inserted it after this one's snapshot began: run again to see it.
    if (!charge) throw new DomainError('conflict');
    if (inserted) await this.grant(tx, charge, now);
    else if (charge.status === 'failed') {
      // The carrier collected after all (a retried payment): grant again under a new attempt.
      const again = { ...charge, status: 'billed' as const, attempt: charge.attempt + 1 };
      await tx.course.setChargeStatus(charge.id, 'billed', again.attempt, now);
      await this.grant(tx, again, now);
    }
    // Billed already: a second charge for the same month is never granted (re-joining, replays).
  }

  private grant(tx: Repositories, charge: CourseCharge, now: number): Promise<boolean> {
    return appendPoints(tx, {
      memberId: charge.memberId,
      delta: COURSE.pointsPerMonth,
      kind: 'course_grant',
      ref: `course:${charge.id}:${charge.attempt}`,
      note: `ポイントコース ${charge.month}`,
      createdAt: now,
    });
  }

  /** Marks a billed month as not collected and takes its points back (the balance may go below 0). */
  private async reverse(tx: Repositories, charge: CourseCharge, now: number): Promise<boolean> {
    if (charge.status !== 'billed') return false;
    await tx.course.setChargeStatus(charge.id, 'failed', charge.attempt, now);
    return appendPoints(tx, {
      memberId: charge.memberId,
      delta: -COURSE.pointsPerMonth,
      kind: 'course_reversal',
      ref: `course-reversal:${charge.id}:${charge.attempt}`,
      note: `ポイントコース ${charge.month} 未収のため取消`,
      createdAt: now,
    });
  }

  /**
   * Reconciles a carrier's monthly settlement with our charges. The carrier's word on money is
   * final: a month it collected but we never heard of gets its points, one it failed to collect
   * loses them. Anything else is reported, not changed.
   */
  async reconcile(carrier: string, s: Settlement): Promise<SettlementReport> {
    if (!settlementMonthPlausible(s.month, this.clock.now())) throw rejected('month outside the settlement window');
    return withRetry(() => this.reconcileOnce(carrier, s));
  }

  private reconcileOnce(carrier: string, s: Settlement): Promise<SettlementReport> {
    return this.store.transaction(async (tx) => {
      const now = this.clock.now();
      const previous = await tx.course.findSettlement(carrier, s.month);
      if (previous && previous.settlementId === s.id) return { ...(JSON.parse(previous.report) as SettlementReport), duplicate: true };
      const report: SettlementReport = { carrier, month: s.month, records: s.records.length, matched: 0, fixed: [], problems: [], duplicate: false };
      const ours = new Map((await tx.course.chargesFor(carrier, s.month)).map((c) => [c.contractRef, c]));
      const seen = new Set<string>();
      for (const r of s.records) {
        seen.add(r.contract);
        const charge = ours.get(r.contract);
        if (r.status === 'unpaid') {
          if (charge?.status === 'billed') {
            await this.reverse(tx, charge, now);
            report.fixed.push({ contract: r.contract, action: 'reversed' });
          } else report.matched++;
          continue;
        }
        // Collected, but not the course price: a person looks at it; no points move.
        if ((!charge || charge.status === 'failed') && r.amountYen !== COURSE.priceYen) {
          report.problems.push({ contract: r.contract, issue: 'amount_differs' });
          continue;
        }
        if (!charge) {
          const sub = await tx.course.subscriptionByContract(carrier, r.contract);
          if (!sub) {
            report.problems.push({ contract: r.contract, issue: 'unknown_contract' });
            continue;
          }
          if (s.month < monthOf(sub.joinedAt)) {
            report.problems.push({ contract: r.contract, issue: 'before_contract' });
            continue;
          }
          await this.bill(tx, sub.memberId, carrier, r.contract, s.month, r.amountYen, now);
          report.fixed.push({ contract: r.contract, action: 'granted' });
        } else if (charge.status === 'failed') {
          await this.bill(tx, charge.memberId, carrier, r.contract, s.month, r.amountYen, now);
          report.fixed.push({ contract: r.contract, action: 'regranted' });
        } else if (charge.amountYen !== r.amountYen) report.problems.push({ contract: r.contract, issue: 'amount_differs' });
        else report.matched++;
      }
      for (const [contract, c] of ours) if (!seen.has(contract) && c.status === 'billed') report.problems.push({ contract, issue: 'not_billed_by_carrier' });
      await tx.course.putSettlement({ carrier, month: s.month, settlementId: s.id, records: report.records, matched: report.matched, report: JSON.stringify(report), receivedAt: now });
      return report;
    });
  }
}
