import { billMonth, POINT_COURSE, rejected, reverseCharge, type CourseProduct } from './charges.js';
import { monthOf } from './months.js';
import type { CourseTx } from './ports.js';

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

/**
 * Compares a carrier's settlement with our charges for its month, inside the caller's
 * transaction: the carrier's word on money is final (collected months get their points,
 * uncollected ones lose them), anything else is reported, and a settlement id seen before
 * returns the report made then.
 */
export async function settle(tx: CourseTx, carrier: string, s: Settlement, now: number, product: CourseProduct = POINT_COURSE): Promise<SettlementReport> {
  const previous = await tx.course.findSettlement(carrier, s.month);
  if (previous && previous.settlementId === s.id) return { ...(JSON.parse(previous.report) as SettlementReport), duplicate: true };
  // One record per contract charged: a file naming a contract twice (paid and unpaid, or the
  // same line repeated) says two things about one charge, and its outcome would hang on line order.
  if (new Set(s.records.map((r) => r.contract)).size !== s.records.length) throw rejected('a contract appears more than once');
  const report: SettlementReport = { carrier, month: s.month, records: s.records.length, matched: 0, fixed: [], problems: [], duplicate: false };
  const ours = new Map((await tx.course.chargesFor(carrier, s.month)).map((c) => [c.contractRef, c]));
  const seen = new Set<string>();
  for (const r of s.records) {
    seen.add(r.contract);
    const charge = ours.get(r.contract);
    if (r.status === 'unpaid') {
      if (charge?.status === 'billed') {
        await reverseCharge(tx, charge, now, product);
        report.fixed.push({ contract: r.contract, action: 'reversed' });
      } else report.matched++;
      continue;
    }
    // Collected, but not the course price: a person looks at it; no points move.
    if ((!charge || charge.status === 'failed') && r.amountYen !== product.priceYen) {
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
      await billMonth(tx, sub.memberId, carrier, r.contract, s.month, r.amountYen, now, product);
      report.fixed.push({ contract: r.contract, action: 'granted' });
    } else if (charge.status === 'failed') {
      await billMonth(tx, charge.memberId, carrier, r.contract, s.month, r.amountYen, now, product);
      report.fixed.push({ contract: r.contract, action: 'regranted' });
    } else if (charge.amountYen !== r.amountYen) report.problems.push({ contract: r.contract, issue: 'amount_differs' });
    else report.matched++;
  }
  for (const [contract, c] of ours) if (!seen.has(contract) && c.status === 'billed') report.problems.push({ contract, issue: 'not_billed_by_carrier' });
  await tx.course.putSettlement({ carrier, month: s.month, settlementId: s.id, records: report.records, matched: report.matched, report: JSON.stringify(report), receivedAt: now });
  return report;
}
