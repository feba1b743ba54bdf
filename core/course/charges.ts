import { DomainError, isDomainError } from '../errors.js';
import { appendPoints } from './points.js';
import type { CourseCharge, CourseOrder, CourseSubscription, CourseTx, OrderKind } from './ports.js';

/** The monthly point course: ¥300 + 5% consumption tax, billed by the carrier with the phone bill. */
export const COURSE = {
  priceYen: 315,
  pointsPerMonth: 300,
  /** Days into a month a renewal may still be on its way before the course lapses. */
  graceDays: 3,
} as const;

/**
 * A monthly course the carriers bill through this machinery: the point course, and mixi Premium
 * (same price, no points; its benefits are asked of its CourseService). Each product keeps its own
 * orders, contracts and charges (its own CourseRepository); ledger refs carry its prefix.
 */
export interface CourseProduct {
  id: 'points' | 'premium';
  name: string;
  priceYen: number;
  pointsPerMonth: number;
  graceDays: number;
  ledgerPrefix: string;
}

export const POINT_COURSE: CourseProduct = { id: 'points', name: 'ポイントコース', ...COURSE, ledgerPrefix: 'course' };
export const PREMIUM: CourseProduct = { id: 'premium', name: 'プレミアム', priceYen: 315, pointsPerMonth: 0, graceDays: 3, ledgerPrefix: 'premium' };

/** Runs a transaction again (up to three times) when a concurrent one got in its way. */
export async function withRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (e) {
      if (!isDomainError(e, 'conflict') || i >= 3) throw e;
    }
  }
}

/** A notice that cannot be applied (unknown order or contract, wrong state); the carrier is told. */
export function rejected(reason: string): DomainError {
  return new DomainError('billing_rejected', { reason });
}

/** An order still waiting for this carrier's word (a notice naming any other is refused). */
export async function liveOrder(tx: CourseTx, carrier: string, token: string, kind: OrderKind): Promise<CourseOrder> {
  const order = await tx.course.findOrder(token);
  if (!order || order.carrier !== carrier || order.kind !== kind) throw rejected('unknown order');
  if (order.state !== 'authorising' && order.state !== 'requested') throw rejected(`order is ${order.state}`);
  return order;
}

export async function subscriptionOf(tx: CourseTx, carrier: string, contract: string): Promise<CourseSubscription> {
  const sub = await tx.course.subscriptionByContract(carrier, contract);
  if (!sub) throw rejected('unknown contract');
  return sub;
}

/** Records the month's charge and grants its points, once per member and month. */
export async function billMonth(tx: CourseTx, memberId: number, carrier: string, contract: string, month: string, amountYen: number, now: number, product: CourseProduct = POINT_COURSE): Promise<void> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw rejected('bad month');
  const inserted = await tx.course.insertCharge({ memberId, month, carrier, contractRef: contract, amountYen, status: 'billed', attempt: 1, createdAt: now });
  const charge = await tx.course.charge(memberId, month);
  // Another transaction inserted it after this one's snapshot began: run again to see it.
  if (!charge) throw new DomainError('conflict');
  if (inserted) await grant(tx, charge, now, product);
  else if (charge.status === 'failed') {
    // The carrier collected after all (a retried payment): grant again under a new attempt.
    const again = { ...charge, status: 'billed' as const, attempt: charge.attempt + 1 };
    await tx.course.setChargeStatus(charge.id, 'billed', again.attempt, now);
    await grant(tx, again, now, product);
  }
  // Billed already: a second charge for the same month is never granted (re-joining, replays).
}

async function grant(tx: CourseTx, charge: CourseCharge, now: number, product: CourseProduct): Promise<boolean> {
  if (product.pointsPerMonth === 0) return false;
  return appendPoints(tx, {
    memberId: charge.memberId,
    delta: product.pointsPerMonth,
    kind: 'course_grant',
    ref: `${product.ledgerPrefix}:${charge.id}:${charge.attempt}`,
    note: `${product.name} ${charge.month}`,
    createdAt: now,
  });
}

/** Marks a billed month as not collected and takes its points back (the balance may go below 0). */
export async function reverseCharge(tx: CourseTx, charge: CourseCharge, now: number, product: CourseProduct = POINT_COURSE): Promise<boolean> {
  if (charge.status !== 'billed') return false;
  await tx.course.setChargeStatus(charge.id, 'failed', charge.attempt, now);
  if (product.pointsPerMonth === 0) return true;
  return appendPoints(tx, {
    memberId: charge.memberId,
    delta: -product.pointsPerMonth,
    kind: 'course_reversal',
    ref: `${product.ledgerPrefix}-reversal:${charge.id}:${charge.attempt}`,
    note: `${product.name} ${charge.month} 未収のため取消`,
    createdAt: now,
  });
}
