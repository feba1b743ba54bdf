import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { signedInMember } from './support/members.js';
import { ALL_COMPANY, companyOf, courseRoundTrip, testClock } from './support/billing.js';
import { carrierDate, settlementCsv } from '../carriers/billing-wire.js';

/**
 * mixi Premium through each carrier's own protocol (issue 15 × issue 16): the product travels on
 * what each carrier sends (docomo's and SoftBank's form notices, au's confirmed transaction, the
 * settlement file's header), and a call that names the wrong product, or none, never moves the
 * other course.
 */
const clock = testClock('2026-11-15T03:00:00Z');
const SERVER = { docomo: '210.153.84.77', softbank: '123.108.237.77' } as const;

type M = Awaited<ReturnType<typeof signedInMember>>;

describe.each(dialects())('Premium through the carriers\' own protocols (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect, {}, clock);
  const s = () => gw.booted.services;
  const member = (kind: 'docomo' | 'au' | 'softbank') => signedInMember(gw, kind, { createdAt: clock.now() });
  const contractOf = async (m: M) => (await s().store.premium.subscription(m.id))!.contractRef;
  /** A form notice as docomo's or SoftBank's server posts it (its address, no User-Agent). */
  const notify = (carrier: 'docomo' | 'softbank', fields: Record<string, string>, date = clock.now(), headers: Record<string, string> = {}) =>
    gw.request('POST', `/billing/notify/${carrier}`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ ...fields, date: carrierDate(date) }).toString(),
      peer: SERVER[carrier],
    });

  it('docomo: the server\'s notices name product=premium; one without it (or naming the point course) finds no contract; a reordered one is refused by Premium\'s own last notice', async () => {
    const m = await member('docomo');
    const r = await courseRoundTrip(gw, m, '/premium', 'join');
    expect(r.location).toMatch(/product=premium/);
    expect(r.done.text).toContain('プレミアムの登録が完了しました');
    expect(s().sandbox!.deliveries.at(-1)).toMatchObject({ carrier: 'docomo', kind: 'registered', status: 200, response: 'OK' });
    expect(await s().premium.isActive(m.id)).toBe(true);
    expect(await s().course.isActive(m.id)).toBe(false);
    const contract = await contractOf(m);
    const t = clock.now();
    const paid = await notify('docomo', { id: `pr-ok-${m.id}`, type: 'renewed', contract, month: '2026-12', amount: '315', product: 'premium' }, t + 60_000);
    expect(await paid.text()).toBe('OK');
    expect((await s().premium.status(m.id)).paidThrough).toBe('2026-12');
    // The same contract as the point course's: no such contract there, NG, nothing moves.
    const unnamed = await notify('docomo', { id: `pr-none-${m.id}`, type: 'payment_failed', contract, month: '2026-12' }, t + 90_000);
    expect([unnamed.status, await unnamed.text()]).toEqual([422, 'NG']);
    const bogus = await notify('docomo', { id: `pr-bogus-${m.id}`, type: 'payment_failed', contract, month: '2026-12', product: 'gold' }, t + 90_000);
    expect([bogus.status, await bogus.text()]).toEqual([400, 'NG']);
    // An older failure arriving after the later payment: refused (premium_subscriptions.last_notice_at).
    const late = await notify('docomo', { id: `pr-late-${m.id}`, type: 'payment_failed', contract, month: '2026-12', product: 'premium' }, t + 30_000);
    expect([late.status, await late.text()]).toEqual([422, 'NG']);
    expect((await s().premium.status(m.id)).state).toBe('registered');
    expect(await s().points.balance(m.id)).toBe(0);
    // Leaving is refused while Premium runs (the carrier would go on billing), and says which course.
    await m.go('/settings/withdraw');
    expect(m.h.last.text).toContain('プレミアムをご利用中のため、まだ退会できません');
    expect(m.h.last.text).not.toContain('name="current"');
  });

  it('SoftBank: Premium joins by the handset\'s reg=1 with its gateway\'s header at /premium/done and is billed on the sign-up anniversary (31st → 28th)', async () => {
    clock.set('2027-01-31T12:00:00+09:00');
    try {
      const m = await member('softbank');
      const r = await courseRoundTrip(gw, m, '/premium', 'join');
      expect(r.done.text).toContain('プレミアムの登録が完了しました');
      expect(await s().premium.isActive(m.id)).toBe(true);
      const contract = await contractOf(m);
      const mine = (rows: { contract: string }[]) => rows.filter((x) => x.contract === contract);
      clock.set('2027-02-27T23:00:00+09:00');
      expect(mine(await s().sandbox!.runDue())).toEqual([]);
      clock.set('2027-02-28T00:10:00+09:00');
      expect(mine(await s().sandbox!.runDue())).toEqual([{ contract, result: 'paid', delivered: 200 }]);
      const st = await s().premium.status(m.id);
      expect([st.paidThrough, st.benefitsUntil]).toEqual(['2027-02', '2027-03-30']);
      expect(await s().course.isActive(m.id)).toBe(false);
      // SoftBank's server call for Premium without its header is refused as SoftBank does.
      const forged = await notify('softbank', { id: `sb-f-${m.id}`, type: 'contract_ended', contract, product: 'premium' });
      expect([forged.status, forged.headers.get('x-jphone-status')]).toEqual([403, 'ERR800']);
      expect((await s().premium.status(m.id)).state).toBe('registered');
    } finally {
      clock.set('2026-11-15T03:00:00Z');
    }
  });

  it('au: a tran_id whose confirmed transaction is the point course\'s is refused at /premium/done (nothing applied); Premium\'s own is taken and settles in its own CSV file', async () => {
    const m = await member('au');
    // The member starts a Premium order; the carrier hands back a tran_id for a point-course transaction on it.
    await m.go('/premium');
    const redirect = await m.h.submit(m.h.formTo(/\/premium\/join/), {}, false);
    const order = new URL(redirect.headers.get('location')!).searchParams.get('order')!;
    const contract = `sbx-au-wrong${m.id}`;
    const wrong = s().sandbox!.issue({ id: `au-w-${m.id}`, type: 'registered', order, contract, month: '2026-11', amountYen: 315 });
    const au = m.h;
    await au.get(`/premium/done?order=${order}&tran_id=${wrong}`);
    expect(au.last.status).toBe(422);
    expect(au.last.text).toContain('処理しませんでした');
    expect(await s().premium.isActive(m.id)).toBe(false);
    expect(await s().course.isActive(m.id)).toBe(false);

    const r = await courseRoundTrip(gw, m, '/premium', 'join');
    expect(r.done.text).toContain('プレミアムの登録が完了しました');
    const own = await contractOf(m);
    const settled = JSON.parse((await s().sandbox!.settle('au', '2026-11', 'premium')).text);
    expect(settled.result).toBe('reconciled');
    expect(settled.report.records).toBeGreaterThan(0);
    expect(settled.report.problems).toEqual([]);
    // A settlement file whose header names a product Ashiato does not sell is refused whole.
    const body = settlementCsv('au', '2026-11', [{ contract: own, amountYen: 315, status: 'paid' }]).replace('H,au,2026-11', 'H,au,2026-11,gold');
    const refused = await gw.request('POST', '/billing/settlement/au', { headers: { 'Content-Type': 'text/csv' }, body, peer: '210.230.128.230' });
    expect([refused.status, await refused.text()]).toEqual([400, 'NG']);
  });
});

describe.each(dialects())('Premium through the payment company (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect, ALL_COMPANY, clock);
  const s = () => gw.booted.services;
  const post = (carrier: string, path: 'notify' | 'settlement', body: object) => {
    const text = JSON.stringify(body);
    return gw.request('POST', `/billing/${path}/${carrier}`, { headers: { 'Content-Type': 'application/json', 'X-Carrier-Signature': companyOf(gw, carrier).sign(text, clock.now()) }, body: text });
  };

  it.each(['docomo', 'au', 'softbank'] as const)('joins Premium on %s by signed JSON naming product=premium; renewals and settlements reach Premium only when they name it', async (kind) => {
    const m = await signedInMember(gw, kind, { createdAt: clock.now() });
    const r = await courseRoundTrip(gw, m, '/premium', 'join');
    expect(r.done.text).toContain('プレミアムの登録が完了しました');
    expect(await s().premium.isActive(m.id)).toBe(true);
    const contract = (await s().store.premium.subscription(m.id))!.contractRef;
    const renewed = await post(kind, 'notify', { id: `co-r-${kind}-${m.id}`, type: 'renewed', contract, month: '2026-12', amount: 315, product: 'premium' });
    expect(renewed.status).toBe(200);
    expect((await s().premium.status(m.id)).paidThrough).toBe('2026-12');
    // Naming no product: the point course's, where this contract does not exist.
    const unnamed = await post(kind, 'notify', { id: `co-n-${kind}-${m.id}`, type: 'contract_ended', contract });
    expect(unnamed.status).toBe(422);
    expect((await s().premium.status(m.id)).state).toBe('registered');
    const settle = await post(kind, 'settlement', { id: `co-s-${kind}-${m.id}`, month: '2026-11', product: 'premium', records: [{ contract, amount: 315, status: 'paid' }] });
    expect(settle.status).toBe(200);
    expect(((await settle.json()) as { report: unknown }).report).toMatchObject({ matched: 1, problems: [] });
    expect(await s().points.balance(m.id)).toBe(0);
  });
});
