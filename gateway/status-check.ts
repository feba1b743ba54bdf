import type { CarrierId } from '../carriers/index.js';
import type { MemberStatusQuery, StatusReport } from '../core/course/service.js';
import type { Services } from './services.js';

/**
 * The carrier's member-status query for one carrier, where there is one: the sandbox carrier's
 * (BILLING_SANDBOX). A real carrier's adapter would ask its status API here; their protocols were
 * under contract, so none ships.
 */
function statusQuery(s: Services, carrier: CarrierId): MemberStatusQuery | null {
  const sandbox = s.sandbox;
  if (!sandbox) return null;
  return async (contracts) => sandbox.memberStatus(carrier, contracts);
}

/**
 * The daily reconciliation with the carriers' member-status queries (scheduled in main.ts, and
 * from the sandbox console): every contract of both courses (point course, Premium) is checked,
 * so a course a carrier ended without a notice reaching us is found within a day.
 */
export async function runStatusChecks(s: Services): Promise<StatusReport[]> {
  const reports: StatusReport[] = [];
  for (const carrier of s.billing.keys()) {
    const query = statusQuery(s, carrier);
    if (!query) continue;
    for (const course of [s.course, s.premium]) {
      const r = await course.checkStatuses(carrier, query);
      if (r.fixed.length || r.problems.length) s.logger.warn({ report: r }, 'carrier member status differs from our contracts');
      else s.logger.info({ carrier, product: r.product, checked: r.checked }, 'carrier member status matches');
      reports.push(r);
    }
  }
  return reports;
}
