/** The course's calendar: billing months are Japanese calendar months (YYYY-MM). */
import { japanMonth, japanWallClock } from '../time.js';

/** The calendar month in Japan (YYYY-MM) of a moment: billing months are Japanese months. */
export function monthOf(ms: number): string {
  return japanMonth(ms);
}

/** The day of the month in Japan. */
export function dayOfMonth(ms: number): number {
  return japanWallClock(ms).getUTCDate();
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
