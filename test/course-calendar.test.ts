import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { signedInMember } from './support/members.js';
import { atCarrier, backLink, signInAgain, testClock } from './support/billing.js';
import { billingDayIn } from '../core/course/months.js';
import { billingDayOf } from '../carriers/sandbox-billing.js';

/**
 * Billing calendars: docomo and au bill on the 1st, SoftBank on the anniversary of the sign-up
 * day (the month's last day when it has none). A billed month buys the days from its billing
 * day to the next one; the course's benefits follow the period the member is in.
 */
const clock = testClock('2027-01-31T12:00:00+09:00');

describe.each(dialects())('billing calendars (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect, {}, clock);
  const s = () => gw.booted.services;
  const at = (iso: string) => clock.set(iso);

  it('bills a SoftBank member who signed up on the 31st on the 28th, the 31st and the 30th, with benefits all the way through', async () => {
    at('2027-01-31T12:00:00+09:00');
    const m = await signedInMember(gw, 'softbank', { createdAt: clock.now() });
    await atCarrier(m, 'join');
    m.h.o.headers = s().sandbox!.gatewayHeadersFor('softbank', backLink(m));
    await m.h.get(backLink(m));
    expect(m.h.last.text).toContain('登録が完了しました');
    const contract = (await s().store.course.subscription(m.id))!.contractRef;
    const billed = async () => (await s().sandbox!.runDue()).filter((r) => r.contract === contract).map((r) => r.result);
    const active = () => s().course.isActive(m.id);
    try {
      // February has no 31st: billed on the 28th; until then January's period still runs.
      at('2027-02-27T12:00:00+09:00');
      expect(await billed()).toEqual([]);
      expect(await active()).toBe(true);
      const page = await signInAgain(gw, m);
      await page.go('/course');
      expect(page.h.last.text).toContain('状態: ご利用中');
      expect(page.h.last.text).not.toContain('確認待ち');
      at('2027-02-28T00:10:00+09:00');
      expect(await billed()).toEqual(['paid']);
      at('2027-03-30T12:00:00+09:00');
      expect(await billed()).toEqual([]);
      expect(await active()).toBe(true);
      at('2027-03-31T00:10:00+09:00');
      expect(await billed()).toEqual(['paid']);
      at('2027-04-29T12:00:00+09:00');
      expect(await billed()).toEqual([]);
      at('2027-04-30T00:10:00+09:00');
      expect(await billed()).toEqual(['paid']);
      expect(await s().points.balance(m.id)).toBe(1200);
      expect((await s().store.course.chargesFor('softbank', '2027-04')).filter((c) => c.memberId === m.id)).toHaveLength(1);
      // Cancelled on May 10th: April's period (from April 30th) lasts to May 30th, the day before May's billing day.
      at('2027-05-10T12:00:00+09:00');
      const later = await signInAgain(gw, m);
      await atCarrier(later, 'cancel');
      later.h.o.headers = s().sandbox!.gatewayHeadersFor('softbank', backLink(later));
      await later.h.get(backLink(later));
      expect((await s().course.status(m.id)).benefitsUntil).toBe('2027-05-30');
      await later.go('/course');
      expect(later.h.last.text).toContain('2027年5月30日までご利用いただけます');
      at('2027-05-30T23:00:00+09:00');
      expect(await active()).toBe(true);
      at('2027-05-31T00:10:00+09:00');
      expect(await billed()).toEqual([]);
      expect(await active()).toBe(false);
    } finally {
      at('2027-01-31T12:00:00+09:00');
    }
  });

  it('keeps a late SoftBank renewal\'s benefits for three days from the billing day, not from the 1st', async () => {
    at('2027-01-15T12:00:00+09:00');
    const m = await signedInMember(gw, 'softbank', { createdAt: clock.now() });
    await atCarrier(m, 'join');
    m.h.o.headers = s().sandbox!.gatewayHeadersFor('softbank', backLink(m));
    await m.h.get(backLink(m));
    try {
      // February 10th: still January's period (Jan 15 – Feb 14), whatever the calendar month says.
      at('2027-02-10T12:00:00+09:00');
      expect(await s().course.isActive(m.id)).toBe(true);
      // February's renewal has not come: the first three days of its period, then no benefits.
      at('2027-02-17T12:00:00+09:00');
      expect(await s().course.isActive(m.id)).toBe(true);
      at('2027-02-18T00:10:00+09:00');
      expect(await s().course.isActive(m.id)).toBe(false);
      const page = await signInAgain(gw, m);
      await page.go('/course');
      expect(page.h.last.text).toContain('確認待ち');
    } finally {
      at('2027-01-31T12:00:00+09:00');
    }
  });

  it('gives a docomo member the calendar month: billed on the 1st, benefits lapse on the 4th without a renewal', async () => {
    at('2027-01-31T12:00:00+09:00');
    const m = await signedInMember(gw, 'docomo', { createdAt: clock.now() });
    m.h.o.subscriber = ['X-DCMGUID', 'CAL0001'];
    await atCarrier(m, 'join');
    expect(await s().course.isActive(m.id)).toBe(true);
    try {
      at('2027-02-03T12:00:00+09:00');
      expect(await s().course.isActive(m.id)).toBe(true);
      at('2027-02-04T00:10:00+09:00');
      expect(await s().course.isActive(m.id)).toBe(false);
      const contract = (await s().store.course.subscription(m.id))!.contractRef;
      expect((await s().sandbox!.runDue()).filter((r) => r.contract === contract)).toEqual([{ contract, result: 'paid', delivered: 200 }]);
      expect(await s().course.isActive(m.id)).toBe(true);
      expect((await s().course.status(m.id)).benefitsUntil).toBe('2027-02-28');
    } finally {
      at('2027-01-31T12:00:00+09:00');
    }
  });

  it('agrees with the carrier on month ends, leap years included', () => {
    const jan31 = Date.parse('2027-01-31T12:00:00+09:00');
    for (const [month, day] of [['2027-02', 28], ['2028-02', 29], ['2027-04', 30], ['2027-03', 31]] as const) {
      expect(billingDayIn('anniversary', jan31, month)).toBe(day);
      expect(billingDayOf('softbank', 31, month)).toBe(day);
      expect(billingDayIn('first', jan31, month)).toBe(1);
      expect(billingDayOf('docomo', 31, month)).toBe(1);
    }
  });
});
