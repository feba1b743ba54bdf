import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { CARRIER_IP, DEMO_SUBSCRIBER, Handset, NOT_CARRIER_IP, UA } from './support/handset.js';
import { signedInMember } from './support/members.js';
import { memberRef } from '../gateway/bootstrap.js';
import { ALL_COMPANY, companyOf } from './support/billing.js';
import type { CarrierId } from '../carriers/index.js';


/** A clock the test moves: months are Japanese calendar months. */
const clock = { t: Date.parse('2026-11-15T03:00:00Z'), now() { return this.t; } };

describe('without the sandbox carrier', () => {
  const gw = gatewayForSuite('sqlite', { ...ALL_COMPANY, BILLING_SANDBOX: '0' });

  it('serves no carrier pages and offers no way to join, yet still verifies carrier calls', async () => {
    const h = new Handset(gw, UA.au, { ip: CARRIER_IP.au, keepsCookies: true });
    expect((await h.get('/sandbox/billing/console')).status).toBe(404);
    await h.passwordLogin('demo_au', 'ashiato-demo');
    await h.get('/course');
    expect(h.last.text).not.toContain('登録する');
    expect(h.last.text).toContain('ただいまお申し込みを受け付けていません');
    const body = JSON.stringify({ id: 'n1', type: 'declined', order: 'nosuchorder1' });
    const r = await gw.request('POST', '/billing/notify/au', { headers: { 'Content-Type': 'application/json', 'X-Carrier-Signature': companyOf(gw, 'au').sign(body, Date.now()) }, body });
    expect(r.status).toBe(422);
  });
});

describe('billing calls from known addresses only (BILLING_SOURCES)', () => {
  const gw = gatewayForSuite('sqlite', { ...ALL_COMPANY, BILLING_SOURCES: '203.0.113.0/24', BILLING_SANDBOX: '0' });

  it('refuses a correctly signed call from elsewhere, and takes it from the carrier\'s servers', async () => {
    const body = JSON.stringify({ id: 'src-1', type: 'declined', order: 'nosuchorder1' });
    const headers = { 'Content-Type': 'application/json', 'X-Carrier-Signature': companyOf(gw, 'docomo').sign(body, Date.now()) };
    expect((await gw.request('POST', '/billing/notify/docomo', { headers, body, peer: '198.51.100.9' })).status).toBe(403);
    // From the carrier's range: past the address check (this order is unknown, so 422).
    expect((await gw.request('POST', '/billing/notify/docomo', { headers, body, peer: '203.0.113.7' })).status).toBe(422);
  });
});

describe('sandbox carrier console', () => {
  const gw = gatewayForSuite('sqlite', { ...ALL_COMPANY }, clock);

  it('serves the sandbox QA console to a PC, acting only on its own forms', async () => {
    const qa = new Handset(gw, UA.pc, { keepsCookies: true });
    await qa.get('/sandbox/billing/console');
    expect(qa.last.status).toBe(200);
    expect(qa.last.text).toContain('sbx-docomo-demo');
    const run = qa.formTo(/\/console\/run/);
    await qa.submit(run, { month: '2026-13' });
    expect(qa.last.status).toBe(400);
    // The console bills only months a carrier would: a far-off month sends nothing.
    const sent = gw.booted.services.sandbox!.deliveries.length;
    for (const month of ['7777-08', '2027-01', '2026-09']) {
      await qa.get('/sandbox/billing/console');
      await qa.submit(qa.formTo(/\/console\/run/), { month });
      expect(qa.last.status).toBe(400);
      expect(qa.last.text).toContain('前月・今月・翌月だけです');
    }
    await qa.get('/sandbox/billing/console');
    await qa.submit(qa.formTo(/\/console\/settle/), { month: '7777-08', carrier: 'au' });
    expect(qa.last.text).toContain('過去3か月分だけです');
    expect(gw.booted.services.sandbox!.deliveries.length).toBe(sent);
    await qa.get('/sandbox/billing/console');
    await qa.submit({ ...run, fields: { ...run.fields, t: 'forged' } }, { month: '2026-11' });
    expect(qa.last.status).toBe(403);
    // November is already billed for every line: the run charges nobody.
    await qa.get('/sandbox/billing/console');
    await qa.submit(qa.formTo(/\/console\/run/), { month: '2026-11' });
    expect(qa.last.status).toBe(200);
    expect(qa.last.text).toContain('結果:');
    const result = () => /<pre>([\s\S]*?)<\/pre>/.exec(qa.last.text)?.[1];
    expect(result()).toBe('[]');
    // December: the demo line is renewed, and the demo member gets December's points.
    await qa.submit(qa.formTo(/\/console\/run/), { month: '2026-12' });
    expect(result()).toContain('&quot;paid&quot;');
    const demo = (await gw.booted.services.store.members.findByLogin('demo_docomo'))!.id;
    expect(await gw.booted.services.points.balance(demo)).toBe(600);
  });

});

describe.each(dialects())('point course, carrier billing and the points ledger (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect, { ...ALL_COMPANY }, clock);

  const s = () => gw.booted.services;
  const sandbox = () => s().sandbox!;
  type Kind = 'docomo' | 'au' | 'softbank' | 'willcom' | 'pc';

  const member = (kind: Kind) => signedInMember(gw, kind, { createdAt: clock.now() });

  /** Joins (or cancels) through /course, the carrier's confirmation page and back. */
  async function viaCarrier(m: Awaited<ReturnType<typeof member>>, op: 'join' | 'cancel', password = '1234') {
    await m.go('/course');
    const redirect = await m.h.submit(m.h.formTo(new RegExp(`/course/${op}`)), {}, false);
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location')!;
    expect(location).toMatch(/\/sandbox\/billing\/\w+\/confirm\?/);
    // Nothing of the session travels to the carrier, and no Referer follows the redirect.
    expect(location).not.toMatch(/[?&]sid=/);
    expect(redirect.headers.get('referrer-policy')).toBe('no-referrer');
    await m.h.get(location);
    expect(m.h.last.status).toBe(200);
    expect(m.h.last.text).toContain('315円');
    await m.h.submit(m.h.form('password'), { password });
    return m.h.last;
  }

  const balance = (id: number) => s().points.balance(id);
  const ledgerOk = async (id: number) => expect(await s().store.points.ledgerSum(id)).toBe(await balance(id));

  it.each(['docomo', 'au', 'softbank', 'willcom'] as const)('a %s member joins at the carrier, gets 300 points and the course', async (kind) => {
    const m = await member(kind);
    await m.go('/course');
    expect(m.h.last.text).toContain('未登録');
    const wrong = await viaCarrier(m, 'join', '9999');
    expect(wrong.status).toBe(401);
    expect(await s().course.isActive(m.id)).toBe(false);
    await m.h.submit(m.h.form('password'), { password: '1234' });
    expect(m.h.last.text).toContain('お申し込みを受け付けました');
    await m.h.follow(/\/course\/done\?order=/);
    expect(m.h.last.text).toContain('登録が完了しました');
    await m.go('/course');
    expect(m.h.last.text).toContain('ご利用中');
    expect(m.h.last.text).toContain('300pt');
    await m.go('/points');
    expect(m.h.last.text).toContain('+300pt');
    expect(m.h.last.text).toContain('ポイントコース 2026-11');
    expect(await balance(m.id)).toBe(300);
    await ledgerOk(m.id);
    // Joining again while registered: refused, nothing billed.
    await m.go('/course');
    expect(m.h.last.text).not.toContain('登録する');
  });

  it('offers no course to a PC, and the carrier pages refuse anyone off the carrier network', async () => {
    const pc = await member('pc');
    await pc.go('/course');
    expect(pc.h.last.text).toContain('お申し込みは携帯電話(docomo・au・SoftBank・WILLCOM)から');
    // A crafted POST from the PC (with a valid form token) is refused with a page.
    await pc.go('/invite');
    await pc.h.submit({ ...pc.h.formTo(/\/invite/), action: '/course/join' }, {});
    expect(pc.h.last.status).toBe(403);
    expect(pc.h.last.text).toContain('携帯電話');
    const d = await member('docomo');
    await d.go('/course');
    const confirm = (await d.h.submit(d.h.formTo(/\/course\/join/), {}, false)).headers.get('location')!;
    const outsider = new Handset(gw, UA.docomo, { ip: NOT_CARRIER_IP });
    await outsider.get(confirm);
    expect(outsider.last.status).toBe(403);
    const pcBrowser = new Handset(gw, UA.pc);
    await pcBrowser.get(confirm);
    expect(pcBrowser.last.status).toBe(403);
    // A return address that is not ours is never followed.
    const evil = confirm.replace(/return=[^&]+/, `return=${encodeURIComponent('https://evil.example/steal')}`);
    const h = new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo });
    await h.get(evil);
    expect(h.last.status).toBe(400);
  });

  it('refuses unsigned, forged, stale, malformed and oversized billing calls without a 5xx, and applies a replay once', async () => {
    const m = await member('au');
    await viaCarrier(m, 'join');
    const sub = (await s().store.course.subscription(m.id))!;
    const gwAu = companyOf(gw, 'au');
    const post = (path: string, body: string, sig?: string | null, extra: Record<string, string> = {}) =>
      gw.request('POST', path, { headers: { 'Content-Type': 'application/json', ...(sig ? { 'X-Carrier-Signature': sig } : {}), ...extra }, body });
    const renewal = JSON.stringify({ id: `r-${m.id}-${dialect}`, type: 'renewed', contract: sub.contractRef, month: '2026-12', amount: 315 });

    expect((await post('/billing/notify/au', renewal)).status).toBe(401);
    expect((await post('/billing/notify/au', renewal, gwAu.sign(renewal.replace('315', '316'), clock.now()))).status).toBe(401);
    expect((await post('/billing/notify/au', renewal, companyOf(gw, 'docomo').sign(renewal, clock.now()))).status).toBe(401);
    expect((await post('/billing/notify/au', renewal, gwAu.sign(renewal, clock.now() - 10 * 60_000))).status).toBe(401);
    expect((await post('/billing/notify/au', renewal, 't=abc,v1=zz')).status).toBe(401);
    expect((await post('/billing/notify/pc', renewal, gwAu.sign(renewal, clock.now()))).status).toBe(404);
    const junk = '{"id":"x","type":"renewed"';
    expect((await post('/billing/notify/au', junk, gwAu.sign(junk, clock.now()))).status).toBe(400);
    const wrongType = JSON.stringify({ id: 'x1', type: 'refund', contract: sub.contractRef });
    expect((await post('/billing/notify/au', wrongType, gwAu.sign(wrongType, clock.now()))).status).toBe(400);
    const big = JSON.stringify({ id: 'big', type: 'declined', order: 'a'.repeat(20), pad: 'x'.repeat(20_000) });
    expect((await post('/billing/notify/au', big, gwAu.sign(big, clock.now()))).status).toBe(413);
    const unknown = JSON.stringify({ id: `u-${m.id}`, type: 'renewed', contract: 'sbx-au-nobody', month: '2026-12', amount: 315 });
    const rejected = await post('/billing/notify/au', unknown, gwAu.sign(unknown, clock.now()));
    expect(rejected.status).toBe(422);
    expect(await rejected.json()).toMatchObject({ error: 'rejected', reason: 'unknown contract' });
    expect(await balance(m.id)).toBe(300);

    // The same signed notice sent three times (a carrier retrying): applied once.
    const sig = gwAu.sign(renewal, clock.now());
    const replies = await Promise.all([1, 2, 3].map(() => post('/billing/notify/au', renewal, sig)));
    const results = await Promise.all(replies.map(async (r) => [r.status, ((await r.json()) as { result: string }).result]));
    expect(results.map((r) => r[0])).toEqual([200, 200, 200]);
    expect(results.map((r) => r[1]).sort()).toEqual(['applied', 'duplicate', 'duplicate']);
    // A second notice id for the same month (the carrier double-sending): no second grant.
    const again = renewal.replace(`r-${m.id}-${dialect}`, `r2-${m.id}-${dialect}`);
    expect(await (await post('/billing/notify/au', again, gwAu.sign(again, clock.now()))).json()).toEqual({ result: 'applied' });
    expect(await balance(m.id)).toBe(600);
    // Many different notices for one month at once (racing transactions): one grant. (In
    // December, so that January is within the months a notice may name.)
    clock.t = Date.parse('2026-12-15T03:00:00Z');
    try {
      const burst = [1, 2, 3, 4, 5, 6].map((i) => JSON.stringify({ id: `b${i}-${m.id}-${dialect}`, type: 'renewed', contract: sub.contractRef, month: '2027-01', amount: 315 }));
      const statuses = await Promise.all(burst.map((b) => post('/billing/notify/au', b, gwAu.sign(b, clock.now())).then((r) => r.status)));
      expect(statuses.every((x) => x === 200 || x === 503)).toBe(true);
    } finally {
      clock.t = Date.parse('2026-11-15T03:00:00Z');
    }
    expect(await balance(m.id)).toBe(900);
    await ledgerOk(m.id);
  });

  it('refuses signed notices that make no sense (wrong amount, months far from now) with 422 and grants nothing', async () => {
    const m = await member('au');
    await viaCarrier(m, 'join');
    const sub = (await s().store.course.subscription(m.id))!;
    const gwAu = companyOf(gw, 'au');
    const post = (path: string, body: string) => gw.request('POST', path, { headers: { 'Content-Type': 'application/json', 'X-Carrier-Signature': gwAu.sign(body, clock.now()) }, body });
    const n = (i: number, fields: Record<string, unknown>) => JSON.stringify({ id: `p${i}-${m.id}-${dialect}`, contract: sub.contractRef, ...fields });
    const refused = [
      [n(1, { type: 'renewed', month: '2026-12', amount: 0 }), 'amount is not the course price'],
      [n(2, { type: 'renewed', month: '2026-12', amount: 316 }), 'amount is not the course price'],
      [n(3, { type: 'renewed', month: '7777-08', amount: 315 }), 'month outside the billing window'],
      [n(4, { type: 'renewed', month: '7777-08', amount: 0 }), 'month outside the billing window'],
      [n(5, { type: 'renewed', month: '2001-01', amount: 315 }), 'month outside the billing window'],
      [n(6, { type: 'renewed', month: '2027-01', amount: 315 }), 'month outside the billing window'],
      // The previous month is within the window, but this contract began in November.
      [n(7, { type: 'renewed', month: '2026-10', amount: 315 }), 'month before the contract began'],
      [n(8, { type: 'payment_failed', month: '1999-12' }), 'month outside the billing window'],
    ] as const;
    for (const [body, reason] of refused) {
      const r = await post('/billing/notify/au', body);
      expect(r.status).toBe(422);
      expect(await r.json()).toEqual({ error: 'rejected', reason });
    }
    // A registration claiming nothing to pay, for a month not paid for: refused too.
    const other = await member('softbank');
    await other.go('/course');
    const confirm = new URL((await other.h.submit(other.h.formTo(/\/course\/join/), {}, false)).headers.get('location')!, gw.origin);
    const order = confirm.searchParams.get('order')!;
    const gwSb = companyOf(gw, 'softbank');
    const free = JSON.stringify({ id: `free-${other.id}-${dialect}`, type: 'registered', order, contract: `sbx-free-${other.id}`, month: '2026-11', amount: 0 });
    const r = await gw.request('POST', '/billing/notify/softbank', { headers: { 'Content-Type': 'application/json', 'X-Carrier-Signature': gwSb.sign(free, clock.now()) }, body: free });
    expect(r.status).toBe(422);
    expect(await r.json()).toEqual({ error: 'rejected', reason: 'amount is not the course price' });
    expect(await s().course.isActive(other.id)).toBe(false);
    // A settlement for a month long past (or to come) is refused whole; a record that was not
    // the course price is reported, not granted.
    for (const month of ['7777-08', '2026-07', '2026-12']) {
      const body = JSON.stringify({ id: `st-${month}-${m.id}-${dialect}`, month, records: [{ contract: sub.contractRef, amount: 315, status: 'paid' }] });
      const st = await post('/billing/settlement/au', body);
      expect(st.status).toBe(422);
      expect(await st.json()).toEqual({ error: 'rejected', reason: 'month outside the settlement window' });
    }
    // Only what was paid for shows on the member's points page.
    await m.go('/points');
    expect(m.h.last.text).toContain('ポイントコース 2026-11');
    expect(m.h.last.text).not.toMatch(/7777|2001-01|2026-10|2026-12|2027-01/);
    expect(await balance(m.id)).toBe(300);
    expect(await balance(other.id)).toBe(0);
    await ledgerOk(m.id);
  });

  it('reports, and does not grant, a settlement record that is not the course price', async () => {
    const m = await member('au');
    await viaCarrier(m, 'join');
    const contract = (await s().store.course.subscription(m.id))!.contractRef;
    clock.t = Date.parse('2026-12-10T03:00:00+09:00');
    try {
      // December was never billed; the settlement says it was collected, for 0 yen.
      const body = JSON.stringify({ id: `st0-${m.id}-${dialect}`, month: '2026-12', records: [{ contract, amount: 0, status: 'paid' }] });
      const r = await gw.request('POST', '/billing/settlement/au', { headers: { 'Content-Type': 'application/json', 'X-Carrier-Signature': companyOf(gw, 'au').sign(body, clock.now()) }, body });
      expect(r.status).toBe(200);
      const report = ((await r.json()) as { report: { problems: unknown[]; fixed: unknown[] } }).report;
      expect(report.problems).toContainEqual({ contract, issue: 'amount_differs' });
      expect(report.fixed).toEqual([]);
      expect(await balance(m.id)).toBe(300);
    } finally {
      clock.t = Date.parse('2026-11-15T03:00:00Z');
    }
  });

  it('renews monthly, fails a payment and takes its points back, recovers, and ends with the phone contract', async () => {
    const m = await member('softbank');
    await viaCarrier(m, 'join');
    const contract = (await s().store.course.subscription(m.id))!.contractRef;
    const mine = (rows: { contract: string }[]) => rows.filter((r) => r.contract === contract);
    try {
      clock.t = Date.parse('2026-12-01T00:10:00+09:00');
      expect(mine(await sandbox().runMonthlyBilling('2026-12'))).toEqual([{ contract, result: 'paid', delivered: 200 }]);
      expect(mine(await sandbox().runMonthlyBilling('2026-12'))).toEqual([]);
      expect(await balance(m.id)).toBe(600);
      expect(await s().course.isActive(m.id)).toBe(true);

      // January's payment fails: no benefits, December's points stay, January's never came.
      sandbox().failNextPayment(contract);
      clock.t = Date.parse('2027-01-01T00:10:00+09:00');
      expect(mine(await sandbox().runMonthlyBilling('2027-01'))).toEqual([{ contract, result: 'unpaid', delivered: 200 }]);
      expect((await s().course.status(m.id)).state).toBe('payment_failed');
      expect(await s().course.isActive(m.id)).toBe(false);
      expect(await balance(m.id)).toBe(600);
      const later = await m.fresh();
      await later.follow(/\/points/);
      await later.follow(/\/course/);
      expect(later.last.text).toContain('お支払いが確認できません');
      // No second contract while one is failing: cancel it (or pay) first.
      expect(later.last.text).not.toContain('登録する');
      await expect(s().course.startOrder(m.id, 'softbank', 'join')).rejects.toMatchObject({ code: 'course_active' });

      // February is paid again: registered, +300.
      clock.t = Date.parse('2027-02-01T00:10:00+09:00');
      await sandbox().runMonthlyBilling('2027-02');
      expect((await s().course.status(m.id)).state).toBe('registered');
      expect(await balance(m.id)).toBe(900);

      // The phone contract ends: the course ends with it at once.
      expect(await sandbox().endContract(contract)).toBe(200);
      expect((await s().course.status(m.id)).state).toBe('expired');
      expect(await s().course.isActive(m.id)).toBe(false);
      await ledgerOk(m.id);
    } finally {
      clock.t = Date.parse('2026-11-15T03:00:00Z');
    }
  });

  it('cancels at the carrier (benefits to the end of the paid month), and re-joining that month is not billed twice', async () => {
    const m = await member('docomo');
    await viaCarrier(m, 'join');
    const page = await viaCarrier(m, 'cancel');
    expect(page.text).toContain('解約を受け付けました');
    const st = await s().course.status(m.id);
    expect(st.state).toBe('cancelled');
    expect(st.active).toBe(true);
    await m.go('/course');
    expect(m.h.last.text).toContain('2026年11月末までご利用いただけます');

    const again = await viaCarrier(m, 'join');
    expect(again.text).toContain('今月分はお支払い済みです');
    expect((await s().course.status(m.id)).state).toBe('registered');
    expect(await balance(m.id)).toBe(300);
    const charges = await s().store.course.chargesFor('docomo', '2026-11');
    expect(charges.filter((c) => c.memberId === m.id)).toHaveLength(1);

    // Cancelled for good: December is not billed and the benefits stop with November.
    await viaCarrier(m, 'cancel');
    const contract = (await s().store.course.subscription(m.id))!.contractRef;
    try {
      clock.t = Date.parse('2026-12-02T09:00:00+09:00');
      expect((await sandbox().runMonthlyBilling('2026-12')).filter((r) => r.contract === contract)).toEqual([]);
      expect(await s().course.isActive(m.id)).toBe(false);
    } finally {
      clock.t = Date.parse('2026-11-15T03:00:00Z');
    }
    await ledgerOk(m.id);
  });

  it('reconciles the monthly settlement: lost notices get their points once, uncollected months lose them, the rest is reported', async () => {
    const a = await member('au');
    const b = await member('au');
    await viaCarrier(a, 'join');
    await viaCarrier(b, 'join');
    const ca = (await s().store.course.subscription(a.id))!.contractRef;
    const cb = (await s().store.course.subscription(b.id))!.contractRef;
    try {
      clock.t = Date.parse('2026-12-01T00:10:00+09:00');
      // December's notices are lost on the way: no points yet.
      await sandbox().runMonthlyBilling('2026-12', { silent: true });
      expect(await balance(a.id)).toBe(300);
      // The carrier could not collect b's December after all.
      sandbox().lines.get(cb)!.charges.set('2026-12', { amountYen: 315, status: 'unpaid' });
      clock.t = Date.parse('2027-01-10T03:00:00+09:00');
      const r = await sandbox().settle('au', '2026-12');
      expect(r.status).toBe(200);
      const { report } = JSON.parse(r.text) as { report: { fixed: { contract: string; action: string }[]; problems: unknown[] } };
      expect(report.fixed).toContainEqual({ contract: ca, action: 'granted' });
      expect(report.fixed.find((f) => f.contract === cb)).toBeUndefined();
      expect(await balance(a.id)).toBe(600);
      expect(await balance(b.id)).toBe(300);
      // Sent again: nothing changes.
      const again = JSON.parse((await sandbox().settle('au', '2026-12')).text) as { report: { fixed: unknown[]; matched: number } };
      expect(again.report.fixed.filter((f) => (f as { contract: string }).contract === ca)).toEqual([]);
      expect(await balance(a.id)).toBe(600);

      // November: we granted a; the carrier says it did not collect it → reversed once.
      sandbox().lines.get(ca)!.charges.set('2026-11', { amountYen: 315, status: 'unpaid' });
      const nov = JSON.parse((await sandbox().settle('au', '2026-11')).text) as { report: { fixed: { contract: string; action: string }[] } };
      expect(nov.report.fixed).toContainEqual({ contract: ca, action: 'reversed' });
      expect(await balance(a.id)).toBe(300);
      await sandbox().settle('au', '2026-11');
      expect(await balance(a.id)).toBe(300);
      // A month we billed that the carrier never mentions is reported, not changed.
      sandbox().lines.get(cb)!.charges.delete('2026-11');
      const missing = JSON.parse((await sandbox().settle('au', '2026-11')).text) as { report: { problems: { contract: string; issue: string }[] } };
      expect(missing.report.problems).toContainEqual({ contract: cb, issue: 'not_billed_by_carrier' });
      expect(await balance(b.id)).toBe(300);
      await ledgerOk(a.id);
      await ledgerOk(b.id);
    } finally {
      clock.t = Date.parse('2026-11-15T03:00:00Z');
    }
  });

  it('lets a point-course member visit without a footprint, and only while the course is active', async () => {
    const owner = await member('pc');
    const plain = await member('au');
    const premium = await member('docomo');
    // Without the course the option is refused.
    await plain.go('/settings');
    expect(plain.h.last.text).toContain('ポイントコースをご利用中の方は');
    await plain.go('/invite');
    await plain.h.submit({ ...plain.h.formTo(/\/invite/), action: '/settings/footprints' }, { hide: '1' });
    expect(plain.h.last.status).toBe(403);
    expect(await s().footprints.hidden(plain.id)).toEqual({ chosen: false, effective: false });
    await viaCarrier(premium, 'join');
    await premium.go('/settings');
    await premium.h.submit(premium.h.formTo(/\/settings\/footprints/), {});
    expect(premium.h.last.text).toContain('足あとを残さずに訪問するようにしました');
    await premium.go(`/members/${owner.id}`);
    await owner.go('/footprints');
    expect(owner.h.last.text).not.toContain(premium.nickname);
    // The course ends with the phone contract: visits leave footprints again.
    const contract = (await s().store.course.subscription(premium.id))!.contractRef;
    await sandbox().endContract(contract);
    await premium.go(`/members/${owner.id}`);
    await owner.go('/footprints');
    expect(owner.h.last.text).toContain(premium.nickname);
    // And the option cannot be turned on again.
    await expect(s().footprints.setHidden(premium.id, true)).rejects.toMatchObject({ code: 'course_not_active' });
  });

  it('spends points once per purchase and never below zero', async () => {
    const m = await member('docomo');
    await viaCarrier(m, 'join');
    expect(await s().points.spend(m.id, 120, `game-${m.id}-1`, 'ゲーム')).toBe('spent');
    expect(await s().points.spend(m.id, 120, `game-${m.id}-1`, 'ゲーム')).toBe('already');
    expect(await balance(m.id)).toBe(180);
    await expect(s().points.spend(m.id, 181, `game-${m.id}-2`, 'ゲーム')).rejects.toMatchObject({ code: 'insufficient_points' });
    expect(await balance(m.id)).toBe(180);
    expect((await s().points.history(m.id, 10)).map((e) => e.delta)).toEqual([-120, 300]);
    await ledgerOk(m.id);
  });

  it('shows the demo docomo member on the course with a balance', async () => {
    const h = new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo, subscriber: [...DEMO_SUBSCRIBER.docomo] });
    await h.easyLogin();
    expect(h.signedIn()).toBe(true);
    await h.follow(/\/points/);
    expect(h.last.text).toContain('300pt');
    const demo = (await s().store.members.findByLogin('demo_docomo'))!;
    expect(await s().course.isActive(demo.id)).toBe(true);
    // The sandbox knows the demo contract, so its monthly run renews it.
    expect(sandbox().lineOf('docomo' as CarrierId, memberRef(s().keys.memberRef, demo.id))?.contract).toBe('sbx-docomo-demo');
  });
});


describe('sandbox carrier delivery', () => {
  it('tries a notice again while the merchant answers 5xx or cannot be reached, and stops at a 4xx', async () => {
    const { SandboxBilling } = await import('../carriers/sandbox-billing.js');
    const { companyGateway } = await import('../carriers/billing-company.js');
    const gws = new Map([['au' as const, companyGateway('au', Buffer.alloc(32, 1), 'http://x/sandbox/billing')]]);
    const replies: (number | Error)[] = [new Error('ECONNREFUSED'), 503, 200, 422, 500, 500, 500];
    const calls: string[] = [];
    const sb = new SandboxBilling(gws, 'http://x', async (url, init) => {
      calls.push(`${url} ${JSON.parse(init.body).type}`);
      const r = replies.shift()!;
      if (r instanceof Error) throw r;
      return { status: r, text: '' };
    }, { now: () => Date.now() });
    const first = await sb.confirm('au', { order: 'order-12345', kind: 'join', user: 'user-12345', password: '1234' });
    expect(first).toMatchObject({ ok: true, delivered: 200 });
    expect(calls).toHaveLength(3);
    const contract = (first as { contract: string }).contract;
    expect(await sb.endContract(contract)).toBe(422);
    expect(calls).toHaveLength(4);
    const again = await sb.confirm('au', { order: 'order-67890', kind: 'join', user: 'user-67890', password: '1234' });
    expect(again).toMatchObject({ ok: true, delivered: 500 });
    expect(calls).toHaveLength(7);
    expect(sb.deliveries.map((d) => d.status)).toEqual([200, 422, 500]);
  });
});
