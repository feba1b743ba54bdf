import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { Handset, NOT_CARRIER_IP, UA } from './support/handset.js';
import { signedInMember } from './support/members.js';
import { atCarrier, backLink, testClock } from './support/billing.js';
import { carrierDate } from '../carriers/billing-wire.js';

/**
 * SoftBank's own billing shape, end to end: the handset comes back with reg=1/0/2 and the
 * X-JPHONE-REGISTERED header its gateway adds (the test plays that gateway); a failure is
 * answered 500 with x-jphone-status: ERR800; the month's events come from SoftBank's servers.
 */
const clock = testClock('2026-11-15T03:00:00Z');
const SOFTBANK_SERVER = '123.108.237.20';

describe.each(dialects())('SoftBank billing (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect, {}, clock);
  const s = () => gw.booted.services;
  const member = () => signedInMember(gw, 'softbank', { createdAt: clock.now() });
  const balance = (id: number) => s().points.balance(id);
  const ledgerOk = async (id: number) => expect(await s().store.points.ledgerSum(id)).toBe(await balance(id));
  /** What SoftBank's gateway adds on the way back: the member's registration. */
  /** What SoftBank's gateway adds on the way back: the registration that order made (the test plays the gateway). */
  const registration = (path: string) => s().sandbox!.gatewayHeadersFor('softbank', path);
  const err800 = (page: { status: number; headers: Headers }) => {
    expect(page.status).toBe(500);
    expect(page.headers.get('x-jphone-status')).toBe('ERR800');
  };

  it('joins: the handset comes back with reg=1 and the registration header, and only then is the course granted', async () => {
    const m = await member();
    await atCarrier(m, 'join');
    expect(m.h.last.text).toContain('お申し込みを受け付けました');
    const back = backLink(m);
    expect(back).toMatch(/[?&]reg=1(&|$)/);
    // SoftBank's server sends nothing for a sign-up: until the handset is back, nothing is granted.
    expect(await balance(m.id)).toBe(0);
    // The same return without the gateway's header (a handset typing reg=1 itself): ERR800, nothing granted.
    await m.h.get(back);
    err800(m.h.last);
    expect(m.h.last.text).toContain('処理しませんでした');
    expect(await s().course.isActive(m.id)).toBe(false);
    // The header from anywhere but SoftBank's network is not its gateway's.
    const pc = new Handset(gw, UA.softbank, { ip: NOT_CARRIER_IP, headers: registration(back) });
    await pc.get(back);
    err800(pc.last);
    expect(await balance(m.id)).toBe(0);

    m.h.o.headers = registration(back);
    await m.h.get(back);
    expect(m.h.last.status).toBe(200);
    expect(m.h.last.text).toContain('登録が完了しました');
    expect(await balance(m.id)).toBe(300);
    // The same return again (the back key, a reload): applied once.
    await m.h.get(back);
    expect(m.h.last.text).toContain('登録が完了しました');
    expect(await balance(m.id)).toBe(300);
    await ledgerOk(m.id);
  });

  it('refuses a return that does not answer its order, and a backed-out member (reg=2) is declined', async () => {
    const m = await member();
    await atCarrier(m, 'join');
    const back = backLink(m);
    m.h.o.headers = registration(back);
    // reg=0 answers a cancellation, not this join.
    await m.h.get(back.replace('reg=1', 'reg=0'));
    err800(m.h.last);
    await m.h.get(back.replace('reg=1', 'reg=9'));
    err800(m.h.last);
    expect(await balance(m.id)).toBe(0);
    await m.h.get(back);
    expect(await balance(m.id)).toBe(300);
    // Another member's registration in the header: that contract is not theirs.
    const other = await member();
    await atCarrier(other, 'join');
    const otherBack = backLink(other);
    other.h.o.headers = registration(back);
    await other.h.get(otherBack);
    err800(other.h.last);
    expect(await balance(other.id)).toBe(0);

    const quitter = await member();
    await atCarrier(quitter, 'join', '0000');
    await quitter.h.submit(quitter.h.form('password'), { password: '0001' });
    await quitter.h.submit(quitter.h.form('password'), { password: '0002' });
    const giveUp = backLink(quitter);
    expect(giveUp).toMatch(/[?&]reg=2(&|$)/);
    quitter.h.o.headers = registration(giveUp);
    expect(quitter.h.o.headers).toEqual({ 'X-JPHONE-REGISTERED': '-' });
    await quitter.h.get(giveUp);
    expect(quitter.h.last.text).toContain('登録は完了しませんでした');
    expect(await balance(quitter.id)).toBe(0);
  });

  it('renews on the anniversary, fails, cancels with reg=0, ends; server calls need the header; the CSV settles', async () => {
    const m = await member();
    await atCarrier(m, 'join');
    m.h.o.headers = registration(backLink(m));
    await m.h.get(backLink(m));
    const contract = (await s().store.course.subscription(m.id))!.contractRef;
    const sandbox = s().sandbox!;
    const mine = (rows: { contract: string }[]) => rows.filter((r) => r.contract === contract);
    try {
      // Joined on the 15th: not billed on December 1st, but on the 15th.
      clock.set('2026-12-01T00:05:00+09:00');
      expect(mine(await sandbox.runDue())).toEqual([]);
      expect(await s().course.isActive(m.id)).toBe(true);
      clock.set('2026-12-15T00:05:00+09:00');
      expect(mine(await sandbox.runDue())).toEqual([{ contract, result: 'paid', delivered: 200 }]);
      expect(await balance(m.id)).toBe(600);
      // A server call without the registration header, or naming another: ERR800, nothing applied.
      const body = new URLSearchParams({ id: `x-${m.id}-${dialect}`, type: 'payment_failed', contract, month: '2026-12', date: carrierDate(clock.now()) }).toString();
      const post = (headers: Record<string, string>, peer = SOFTBANK_SERVER) => gw.request('POST', '/billing/notify/softbank', { headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body, peer });
      for (const r of [await post({}), await post({ 'X-JPHONE-REGISTERED': 'sbx-softbank-other' }), await post({ 'X-JPHONE-REGISTERED': contract }, NOT_CARRIER_IP), await post({ 'X-JPHONE-REGISTERED': contract, 'User-Agent': UA.softbank })]) {
        expect(r.status).toBeGreaterThanOrEqual(400);
        expect(r.status).toBeLessThan(500);
        expect(r.headers.get('x-jphone-status')).toBe('ERR800');
      }
      expect((await s().course.status(m.id)).state).toBe('registered');
      expect(await balance(m.id)).toBe(600);

      sandbox.failNextPayment(contract);
      clock.set('2027-01-15T00:05:00+09:00');
      expect(mine(await sandbox.runDue())).toEqual([{ contract, result: 'unpaid', delivered: 200 }]);
      expect((await s().course.status(m.id)).state).toBe('payment_failed');
      clock.set('2027-02-15T00:05:00+09:00');
      await sandbox.runDue();
      expect((await s().course.status(m.id)).state).toBe('registered');
      expect(await balance(m.id)).toBe(900);
      // The settlement file for January says it was collected after all: granted once.
      clock.set('2027-02-16T03:00:00+09:00');
      sandbox.lines.get(contract)!.charges.set('2027-01', { amountYen: 315, status: 'paid' });
      const st = JSON.parse((await sandbox.settle('softbank', '2027-01')).text) as { report: { fixed: unknown[] } };
      expect(st.report.fixed).toContainEqual({ contract, action: 'granted' });
      await sandbox.settle('softbank', '2027-01');
      expect(await balance(m.id)).toBe(1200);
      expect(await sandbox.endContract(contract)).toBe(200);
      expect((await s().course.status(m.id)).state).toBe('expired');
      await ledgerOk(m.id);
    } finally {
      clock.set('2026-11-15T03:00:00Z');
    }
  });

  it('cancels at SoftBank: back with reg=0 and the header', async () => {
    const m = await member();
    await atCarrier(m, 'join');
    m.h.o.headers = registration(backLink(m));
    await m.h.get(backLink(m));
    await atCarrier(m, 'cancel');
    expect(m.h.last.text).toContain('解約を受け付けました');
    const back = backLink(m);
    expect(back).toMatch(/[?&]reg=0(&|$)/);
    m.h.o.headers = registration(back);
    await m.h.get(back);
    expect(m.h.last.text).toContain('解約が完了しました');
    expect((await s().course.status(m.id)).state).toBe('cancelled');
    expect(await s().course.isActive(m.id)).toBe(true);
    await ledgerOk(m.id);
  });
});
