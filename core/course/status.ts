import { japanDayNumber } from '../time.js';
import { digest } from '../crypto.js';
import type { CourseState, CourseStore, CourseSubscription } from './ports.js';

/** A contract as the carrier's member-status query sees it now. */
export type CarrierLineStatus = 'active' | 'cancelled' | 'ended' | 'unknown';

/** Asks the carrier about these contracts (at most STATUS_BATCH at a time). */
export type MemberStatusQuery = (contracts: readonly string[]) => Promise<ReadonlyMap<string, CarrierLineStatus>>;

export const STATUS_BATCH = 500;

export interface StatusReport {
  carrier: string;
  product: string;
  checked: number;
  /** Contracts whose end or cancellation we had not heard of, now recorded. */
  fixed: { contract: string; memberId: number; action: 'expired' | 'cancelled' }[];
  /** Differences a person must look at (nothing changed). */
  problems: { contract: string; issue: 'unknown_at_carrier' | 'active_at_carrier' }[];
}

const HELD: readonly CourseState[] = ['registered', 'payment_failed', 'cancelled'];

/**
 * Compares the contracts we hold at one carrier with its member-status query, so a course the
 * carrier ended or cancelled without a notice reaching us (a lost notice, a phone contract ended
 * at the shop) stops within a day: ended → expired, cancelled → cancelled (benefits to the end
 * of the month paid for, as a cancellation notice would). Each change is recorded once per
 * contract and day among the carrier's notifications (`status:<day>:<contract>`), so two runs
 * or two processes apply it once. A contract the carrier does not know, or still bills after we
 * saw it cancelled, is reported, not changed.
 */
export async function checkStatuses(store: CourseStore, carrier: string, product: string, query: MemberStatusQuery, now: number): Promise<StatusReport> {
  const held = (await store.course.subscriptionsIn(HELD)).filter((s) => s.carrier === carrier);
  const report: StatusReport = { carrier, product, checked: held.length, fixed: [], problems: [] };
  for (let i = 0; i < held.length; i += STATUS_BATCH) {
    const batch = held.slice(i, i + STATUS_BATCH);
    const statuses = await query(batch.map((s) => s.contractRef));
    for (const sub of batch) await applyStatus(store, sub, statuses.get(sub.contractRef) ?? 'unknown', now, report);
  }
  return report;
}

async function applyStatus(store: CourseStore, sub: CourseSubscription, status: CarrierLineStatus, now: number, report: StatusReport): Promise<void> {
  if (status === 'unknown') return void report.problems.push({ contract: sub.contractRef, issue: 'unknown_at_carrier' });
  if (status === 'active') {
    if (sub.state === 'cancelled') report.problems.push({ contract: sub.contractRef, issue: 'active_at_carrier' });
    return;
  }
  if (status === 'cancelled' && sub.state === 'cancelled') return;
  const action = status === 'ended' ? 'expired' : 'cancelled';
  const applied = await store.transaction(async (tx) => {
    // Re-read inside the transaction: a notice may have arrived meanwhile.
    const cur = await tx.course.subscriptionByContract(sub.carrier, sub.contractRef);
    if (!cur || cur.memberId !== sub.memberId || cur.state === 'expired' || (action === 'cancelled' && cur.state === 'cancelled')) return false;
    if (!(await tx.course.recordNotification(sub.carrier, `status:${japanDayNumber(now)}:${digest(sub.contractRef).slice(0, 40)}`, `status_${status}`, 'applied', now))) return false;
    await tx.course.putSubscription(action === 'expired' ? { ...cur, state: 'expired', updatedAt: now } : { ...cur, state: 'cancelled', cancelledAt: now, updatedAt: now });
    return true;
  });
  if (applied) report.fixed.push({ contract: sub.contractRef, memberId: sub.memberId, action });
}
