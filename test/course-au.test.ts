import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { Handset, NOT_CARRIER_IP, UA, CARRIER_IP } from './support/handset.js';
import { signedInMember } from './support/members.js';
import { atCarrier, backLink, testClock } from './support/billing.js';
import { newTranId } from '../carriers/sandbox-speak.js';
import { confirmRequest } from '../carriers/billing-soap.js';

/**
 * au's own billing shape, end to end: the member comes back with a 28-character tran_id that
 * Ashiato confirms with au's collection service (SOAP, result code 00) before granting
 * anything; the month's events come as tran_ids from au's servers, confirmed the same way.
 */
const clock = testClock('2026-11-15T03:00:00Z');
const AU_SERVER = '210.230.128.231';

describe.each(dialects())('au billing (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect, {}, clock);
  const s = () => gw.booted.services;
  const member = () => signedInMember(gw, 'au', { createdAt: clock.now() });
  const balance = (id: number) => s().points.balance(id);
  const ledgerOk = async (id: number) => expect(await s().store.points.ledgerSum(id)).toBe(await balance(id));
  const notify = (body: string, o: { peer?: string; headers?: Record<string, string> } = {}) =>
    gw.request('POST', '/billing/notify/au', { headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(o.headers ?? {}) }, body, peer: o.peer ?? AU_SERVER });

  it('joins: nothing is granted until the tran_id the member brings back is confirmed with au; a reused one grants nothing', async () => {
    const m = await member();
    await atCarrier(m, 'join');
    expect(m.h.last.text).toContain('お申し込みを受け付けました');
    const back = backLink(m);
    const tranId = /[?&]tran_id=([0-9A-Za-z]+)/.exec(back)?.[1];
    expect(tranId).toHaveLength(28);
    expect(await balance(m.id)).toBe(0);
    expect(await s().course.isActive(m.id)).toBe(false);
    // Not confirmed yet at au either: the carrier bills nothing for it.
    expect([...s().sandbox!.lines.values()].find((l) => l.state === 'pending')).toBeDefined();
    await m.h.get(back);
    expect(m.h.last.status).toBe(200);
    expect(m.h.last.text).toContain('登録が完了しました');
    expect(await balance(m.id)).toBe(300);
    // The same tran_id again (a reload, or someone who saw the URL): au says it was confirmed before.
    await m.h.get(back);
    expect(m.h.last.status).toBe(422);
    expect(m.h.last.text).toContain('処理しませんでした');
    expect(await balance(m.id)).toBe(300);
    await ledgerOk(m.id);
  });

  it('refuses tran_ids au does not know, malformed ones, another order\'s, and returns off au\'s network', async () => {
    const m = await member();
    await atCarrier(m, 'join');
    const back = backLink(m);
    const with_ = (id: string) => back.replace(/tran_id=[0-9A-Za-z]+/, `tran_id=${id}`);
    await m.h.get(with_(newTranId()));
    expect(m.h.last.status).toBe(422);
    await m.h.get(with_('short'));
    expect(m.h.last.status).toBe(400);
    const pc = new Handset(gw, UA.au, { ip: NOT_CARRIER_IP });
    await pc.get(back);
    expect(pc.last.status).toBe(403);
    const docomo = new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo });
    await docomo.get(back);
    expect(docomo.last.status).toBe(403);
    // Another member's confirmed join cannot complete this order.
    const other = await member();
    await atCarrier(other, 'join');
    const otherTran = /tran_id=([0-9A-Za-z]+)/.exec(backLink(other))![1]!;
    await m.h.get(with_(otherTran));
    expect(m.h.last.status).toBe(422);
    expect(await balance(m.id)).toBe(0);
    expect(await balance(other.id)).toBe(0);
    // …nor use it up: the other member still completes with it.
    await other.h.get(backLink(other));
    expect(other.h.last.text).toContain('登録が完了しました');
    expect(await balance(other.id)).toBe(300);
    // Its own tran_id still works (it was never confirmed by the failures above).
    await m.h.get(back);
    expect(m.h.last.text).toContain('登録が完了しました');
    expect(await balance(m.id)).toBe(300);
  });

  it('renews on the 1st by tran_ids confirmed with au; forged, unknown and replayed tran_ids are NG; cancels, fails, ends, settles', async () => {
    const m = await member();
    await atCarrier(m, 'join');
    await m.h.get(backLink(m));
    const contract = (await s().store.course.subscription(m.id))!.contractRef;
    const sandbox = s().sandbox!;
    const mine = (rows: { contract: string }[]) => rows.filter((r) => r.contract === contract);
    try {
      clock.set('2026-12-01T00:05:00+09:00');
      expect(mine(await sandbox.runDue())).toEqual([{ contract, result: 'paid', delivered: 200 }]);
      expect(await balance(m.id)).toBe(600);
      const renewalTran = [...sandbox.transactions.entries()].find(([, t]) => t.notice.type === 'renewed' && 'contract' in t.notice && t.notice.contract === contract)![0];
      const ng = async (r: Response, status: number) => {
        expect(r.status).toBe(status);
        expect(await r.text()).toBe('NG');
      };
      await ng(await notify(`tran_id=${renewalTran}`), 422);
      await ng(await notify(`tran_id=${newTranId()}`), 422);
      await ng(await notify(`tran_id=${newTranId()}`, { peer: NOT_CARRIER_IP }), 403);
      await ng(await notify(`tran_id=${newTranId()}`, { headers: { 'User-Agent': UA.au } }), 403);
      await ng(await notify('tran_id=abc'), 400);
      // A transaction au issued before the renewal, confirmed after it (reordered): refused.
      const older = newTranId();
      sandbox.transactions.set(older, { notice: { id: 'older', type: 'payment_failed', contract, month: '2026-12' }, issuedAt: clock.now() - 60_000, confirmed: false });
      await ng(await notify(`tran_id=${older}`), 422);
      expect((await s().course.status(m.id)).state).toBe('registered');
      expect(await balance(m.id)).toBe(600);

      sandbox.failNextPayment(contract);
      clock.set('2027-01-01T00:05:00+09:00');
      await sandbox.runDue();
      expect((await s().course.status(m.id)).state).toBe('payment_failed');
      clock.set('2027-01-10T03:00:00+09:00');
      const st = JSON.parse((await sandbox.settle('au', '2026-12')).text) as { result: string; report: { matched: number } };
      expect(st.result).toBe('reconciled');
      clock.set('2027-02-01T00:05:00+09:00');
      await sandbox.runDue();
      expect((await s().course.status(m.id)).state).toBe('registered');
      expect(await sandbox.endContract(contract)).toBe(200);
      expect((await s().course.status(m.id)).state).toBe('expired');
      expect(await balance(m.id)).toBe(900);
      await ledgerOk(m.id);
    } finally {
      clock.set('2026-11-15T03:00:00Z');
    }
  });

  it('cancels at au: back with the cancellation\'s tran_id, confirmed', async () => {
    const m = await member();
    await atCarrier(m, 'join');
    await m.h.get(backLink(m));
    await atCarrier(m, 'cancel');
    expect(m.h.last.text).toContain('解約を受け付けました');
    await m.h.get(backLink(m));
    expect(m.h.last.text).toContain('解約が完了しました');
    expect((await s().course.status(m.id)).state).toBe('cancelled');
    await ledgerOk(m.id);
  });

  it('answers confirmation calls only from this machine', async () => {
    const r = await gw.request('POST', '/sandbox/billing/au/collection', { headers: { 'Content-Type': 'text/xml' }, body: confirmRequest('ashiato', newTranId()), peer: NOT_CARRIER_IP });
    expect(r.status).toBe(403);
    const local = await gw.request('POST', '/sandbox/billing/au/collection', { headers: { 'Content-Type': 'text/xml' }, body: confirmRequest('ashiato', newTranId()) });
    expect(await local.text()).toContain('<resultCode>91</resultCode>');
    const junk = await gw.request('POST', '/sandbox/billing/au/collection', { headers: { 'Content-Type': 'text/xml' }, body: '<not-soap' });
    expect(await junk.text()).toContain('<resultCode>99</resultCode>');
  });
});
