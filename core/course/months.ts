/** The course's calendar: billing months are Japanese calendar months (YYYY-MM). */
import { DAY_MS, fromJapanWallClock, japanMonth, japanWallClock } from '../time.js';

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

/**
 * When a carrier bills: `first`, on the 1st of each month (docomo, au, Willcom); `anniversary`,
 * on the day of the month the member signed up, or the month's last day when it has none
 * (SoftBank: signed up on the 31st → billed on the 28th/29th of February, the 30th of April).
 */
export type BillingCalendar = 'first' | 'anniversary';

function daysIn(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The day of `month` on which a member who signed up at `joinedAt` is billed. */
export function billingDayIn(calendar: BillingCalendar, joinedAt: number, month: string): number {
  return calendar === 'first' ? 1 : Math.min(dayOfMonth(joinedAt), daysIn(month));
}

/**
 * The moment the period billed as `month` begins: that month's billing day, 00:00 Japan time. A
 * billed month buys the days from it up to the next month's billing day.
 */
export function periodStart(calendar: BillingCalendar, joinedAt: number, month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return fromJapanWallClock(Date.UTC(y, m - 1, billingDayIn(calendar, joinedAt, month)));
}

/** The billing month whose period contains `now`. */
export function periodAt(calendar: BillingCalendar, joinedAt: number, now: number): string {
  const month = monthOf(now);
  return now >= periodStart(calendar, joinedAt, month) ? month : previousMonth(month);
}

/** The last day (Japan, YYYY-MM-DD) of the period billed as `month`. */
export function lastDayOfPeriod(calendar: BillingCalendar, joinedAt: number, month: string): string {
  return japanWallClock(periodStart(calendar, joinedAt, nextMonth(month)) - DAY_MS).toISOString().slice(0, 10);
}
