import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { CARRIER_IP, NOT_CARRIER_IP, UA } from './support/handset.js';
import { signedInMember } from './support/members.js';
import { atCarrier, backLink, signInAgain, testClock, toCarrier, userRef } from './support/billing.js';
import { carrierDate } from '../carriers/billing-wire.js';

/**
 * docomo's own billing shape, end to end: the confirmation link carries uid=NULLGWDOCOMO and
 * guid=ON; sign-up, cancellation and the month's events come as form POSTs from docomo's
 * addresses with no User-Agent, answered text/plain OK or NG.
 */
const clock = testClock('2026-11-15T03:00:00Z');
const DOCOMO_SERVER = '210.153.84.77';

describe.each(dialects())('docomo billing (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect, {}, clock);
  const s = () => gw.booted.services;
  const member = async (uid = `U${Math.random().toString(36).slice(2, 8).toUpperCase()}`) => {
    const m = await signedInMember(gw, 'docomo', { createdAt: clock.now() });
    m.h.o.subscriber = ['X-DCMGUID', uid];
    return m;
  };
  const balance = (id: number) => s().points.balance(id);
  const ledgerOk = async (id: number) => expect(await s().store.points.ledgerSum(id)).toBe(await balance(id));
  /** A notice as docomo's server would post it (from its address, no User-Agent), unless told otherwise. */
  const notify = (fields: Record<string, string>, o: { peer?: string; headers?: Record<string, string>; date?: number } = {}) =>
    gw.request('POST', '/billing/notify/docomo', {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(o.headers ?? {}) },
      body: new URLSearchParams({ ...fields, date: carrierDate(o.date ?? clock.now()) }).toString(),
      peer: o.peer ?? DOCOMO_SERVER,
    });

  it('joins through docomo: the gateway\'s subscriber ID goes to the carrier, docomo\'s server tells us with no User-Agent, we answer OK', async () => {
    const m = await member('ABC1234');
    const confirm = await toCarrier(m, 'join');
    expect(confirm).toMatch(/[?&]uid=NULLGWDOCOMO(&|$)/);
    expect(confirm).toMatch(/[?&]guid=ON(&|$)/);
    const page = await atCarrier(m, 'join');
    expect(page.text).toContain('お申し込みを受け付けました');
    const sent = s().sandbox!.deliveries.at(-1)!;
    expect(sent).toMatchObject({ carrier: 'docomo', kind: 'registered', status: 200, response: 'OK' });
    expect(s().sandbox!.lineOf('docomo', userRef(gw, m.id))?.state).toBe('active');
    await m.h.get(backLink(m));
    expect(m.h.last.text).toContain('登録が完了しました');
    expect(await balance(m.id)).toBe(300);
    expect(await s().course.isActive(m.id)).toBe(true);
    // Without a subscriber ID the carrier cannot bill anyone: nothing is sent, nothing granted.
    const anonymous = await signedInMember(gw, 'docomo', { createdAt: clock.now() });
    const before = s().sandbox!.deliveries.length;
    await anonymous.h.get(await toCarrier(anonymous, 'join'));
    expect(anonymous.h.last.status).toBe(403);
    expect(anonymous.h.last.text).toContain('iモードID');
    // An ID typed into the link is not the gateway's: refused.
    await anonymous.h.get((await toCarrier(anonymous, 'join')).replace('uid=NULLGWDOCOMO', 'uid=ABC1234'));
    expect(anonymous.h.last.status).toBe(400);
    expect(s().sandbox!.deliveries.length).toBe(before);
    expect(await balance(anonymous.id)).toBe(0);
  });

  it('refuses what docomo would never send: another address, a User-Agent, a stale or malformed notice; a replay is OK and grants nothing', async () => {
    const m = await member();
    await atCarrier(m, 'join');
    const contract = (await s().store.course.subscription(m.id))!.contractRef;
    const renewal = { id: `ren-${m.id}-${dialect}`, type: 'renewed', contract, month: '2026-12', amount: '315' };
    const refused = async (r: Response, status: number) => {
      expect(r.status).toBe(status);
      expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await r.text()).toBe('NG');
    };
    await refused(await notify(renewal, { peer: NOT_CARRIER_IP }), 403);
    await refused(await notify(renewal, { peer: CARRIER_IP.au }), 403);
    await refused(await notify(renewal, { headers: { 'User-Agent': UA.docomo } }), 403);
    await refused(await notify(renewal, { headers: { 'User-Agent': '' } }), 403);
    // A forwarded address is believed only from a proxy in TRUST_PROXY (none here).
    await refused(await notify(renewal, { peer: '127.0.0.1', headers: { 'X-Forwarded-For': DOCOMO_SERVER } }), 403);
    await refused(await notify(renewal, { date: clock.now() - 2 * 3_600_000 }), 409);
    await refused(await notify({ ...renewal, amount: 'abc' }), 400);
    await refused(await notify({ ...renewal, extra: '1' }), 400);
    await refused(await notify({ ...renewal, type: 'refund' }), 400);
    // Sign-up without the subscriber docomo's gateway put in the link: not docomo's.
    await refused(await notify({ id: `reg-${m.id}`, type: 'registered', order: 'abcdefghij', contract: 'c-1', month: '2026-11', amount: '315' }), 400);
    // Well formed but unknown to us: NG (docomo sends it again later), nothing granted.
    await refused(await notify({ ...renewal, id: `unk-${m.id}-${dialect}`, contract: 'sbx-docomo-nobody' }), 422);
    expect(await balance(m.id)).toBe(300);

    const first = await notify(renewal);
    expect([first.status, await first.text()]).toEqual([200, 'OK']);
    const replay = await notify(renewal);
    expect([replay.status, await replay.text()]).toEqual([200, 'OK']);
    expect(await balance(m.id)).toBe(600);
    // Out of order: a renewal for a month before the contract began is refused.
    await refused(await notify({ ...renewal, id: `old-${m.id}-${dialect}`, month: '2026-10' }), 422);
    expect(await balance(m.id)).toBe(600);
    await ledgerOk(m.id);
  });

  it('refuses a notice older than the last one applied to its contract (reordered): a late failure cannot undo a later payment, nor a late cancellation an ended contract', async () => {
    const m = await member();
    await atCarrier(m, 'join');
    const contract = (await s().store.course.subscription(m.id))!.contractRef;
    const t = clock.now();
    // The retried payment's success (later) arrives before the first attempt's failure (earlier).
    const paid = await notify({ id: `ok-${m.id}-${dialect}`, type: 'renewed', contract, month: '2026-12', amount: '315' }, { date: t + 60_000 });
    expect(await paid.text()).toBe('OK');
    const late = await notify({ id: `fail-${m.id}-${dialect}`, type: 'payment_failed', contract, month: '2026-12' }, { date: t + 30_000 });
    expect([late.status, await late.text()]).toEqual([422, 'NG']);
    expect((await s().course.status(m.id)).state).toBe('registered');
    expect(await balance(m.id)).toBe(600);
    // Equal dates are not out of order (one second's resolution): a failure at the same second applies.
    const same = await notify({ id: `same-${m.id}-${dialect}`, type: 'contract_ended', contract }, { date: t + 120_000 });
    expect(await same.text()).toBe('OK');
    const stale = await notify({ id: `stale-${m.id}-${dialect}`, type: 'cancelled', contract, month: '2026-11', uid: 'ABC1234' }, { date: t + 90_000 });
    expect([stale.status, await stale.text()]).toEqual([422, 'NG']);
    expect((await s().course.status(m.id)).state).toBe('expired');
    await ledgerOk(m.id);
  });

  it('renews on the 1st, fails a payment, cancels, ends with the phone contract, and settles its CSV', async () => {
    const m = await member();
    await atCarrier(m, 'join');
    const contract = (await s().store.course.subscription(m.id))!.contractRef;
    const mine = (rows: { contract: string }[]) => rows.filter((r) => r.contract === contract);
    const sandbox = s().sandbox!;
    try {
      // Not yet the 1st: the daily run bills nothing; on the 1st, December.
      clock.set('2026-11-30T23:00:00+09:00');
      expect(mine(await sandbox.runDue())).toEqual([]);
      clock.set('2026-12-01T00:05:00+09:00');
      expect(mine(await sandbox.runDue())).toEqual([{ contract, result: 'paid', delivered: 200 }]);
      expect(await balance(m.id)).toBe(600);
      sandbox.failNextPayment(contract);
      clock.set('2027-01-01T00:05:00+09:00');
      expect(mine(await sandbox.runDue())).toEqual([{ contract, result: 'unpaid', delivered: 200 }]);
      expect((await s().course.status(m.id)).state).toBe('payment_failed');
      expect(await s().course.isActive(m.id)).toBe(false);
      // January's settlement (CSV, from docomo's address): it says January was not collected; December was.
      clock.set('2027-01-10T03:00:00+09:00');
      const dec = await sandbox.settle('docomo', '2026-12');
      expect(dec.status).toBe(200);
      expect(JSON.parse(dec.text)).toMatchObject({ result: 'reconciled' });
      const again = await sandbox.settle('docomo', '2026-12');
      expect(JSON.parse(again.text)).toMatchObject({ result: 'duplicate' });
      expect(await balance(m.id)).toBe(600);
      // February paid; then the member cancels at docomo (benefits to the month's end); then the phone contract ends.
      clock.set('2027-02-01T00:05:00+09:00');
      await sandbox.runDue();
      expect((await s().course.status(m.id)).state).toBe('registered');
      expect(await balance(m.id)).toBe(900);
      const later = await signInAgain(gw, m);
      await atCarrier(later, 'cancel');
      expect(later.h.last.text).toContain('解約を受け付けました');
      expect((await s().course.status(m.id)).state).toBe('cancelled');
      expect(await s().course.isActive(m.id)).toBe(true);
      expect(await sandbox.endContract(contract)).toBe(200);
      expect((await s().course.status(m.id)).state).toBe('expired');
      await ledgerOk(m.id);
    } finally {
      clock.set('2026-11-15T03:00:00Z');
    }
  });

  it('settles lost notices from the CSV file once, and refuses a settlement file from anywhere but docomo', async () => {
    const m = await member();
    await atCarrier(m, 'join');
    const sandbox = s().sandbox!;
    try {
      clock.set('2026-12-01T00:05:00+09:00');
      await sandbox.runMonthlyBilling('2026-12', { carrier: 'docomo', silent: true });
      expect(await balance(m.id)).toBe(300);
      clock.set('2027-01-10T03:00:00+09:00');
      const contract = (await s().store.course.subscription(m.id))!.contractRef;
      const csv = `H,docomo,2026-12\r\nD,${contract},315,paid\r\nT,1,315\r\n`;
      const post = (peer: string, headers: Record<string, string> = {}) => gw.request('POST', '/billing/settlement/docomo', { headers: { 'Content-Type': 'text/csv', ...headers }, body: csv, peer });
      expect((await post(NOT_CARRIER_IP)).status).toBe(403);
      expect((await post(DOCOMO_SERVER, { 'User-Agent': 'curl/8' })).status).toBe(403);
      expect(await balance(m.id)).toBe(300);
      const ok = await post(DOCOMO_SERVER);
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { report: { fixed: unknown[] } }).report.fixed).toContainEqual({ contract, action: 'granted' });
      expect((await post(DOCOMO_SERVER)).status).toBe(200);
      expect(await balance(m.id)).toBe(600);
      // Malformed, another carrier's, or not adding up (a truncated or altered file): refused whole.
      for (const body of ['contract,month\nx,y\n', csv.replace('H,docomo', 'H,au'), csv.replace('T,1,315', 'T,2,630'), csv.replace(',315,paid', ',3150,paid')]) {
        const bad = await gw.request('POST', '/billing/settlement/docomo', { headers: { 'Content-Type': 'text/csv' }, body, peer: DOCOMO_SERVER });
        expect(bad.status).toBe(400);
      }
      expect(await balance(m.id)).toBe(600);
      await ledgerOk(m.id);
    } finally {
      clock.set('2026-11-15T03:00:00Z');
    }
  });
});

describe('docomo notices through a reverse proxy (TRUST_PROXY)', () => {
  const gw = gatewayForSuite('sqlite', { TRUST_PROXY: '127.0.0.1' }, clock);

  it('takes the client address from X-Forwarded-For only when the proxy is trusted', async () => {
    const body = new URLSearchParams({ id: 'px-1', type: 'declined', order: 'nosuchorder1', date: carrierDate(clock.now()) }).toString();
    const post = (xff: string) => gw.request('POST', '/billing/notify/docomo', { headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': xff }, body, peer: '127.0.0.1' });
    expect((await post(NOT_CARRIER_IP)).status).toBe(403);
    // From docomo, through the proxy: past the address check (the order is unknown: NG 422).
    const r = await post(DOCOMO_SERVER);
    expect(r.status).toBe(422);
    expect(await r.text()).toBe('NG');
  });
});
