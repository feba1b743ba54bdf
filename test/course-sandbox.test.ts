import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gatewayForSuite } from './support/gateway.js';
import { loadConfig } from '../gateway/config.js';
import { SandboxBilling } from '../carriers/sandbox-billing.js';
import { billingGateways } from '../carriers/billing-gateways.js';
import { parseBillingProtocols } from '../carriers/billing.js';
import { loadCarrierRanges } from '../carriers/index.js';

/** The sandbox carrier's delivery habits, per carrier, against a merchant that answers as told. */
function sandboxWith(replies: (string | number | Error)[]) {
  const calls: { url: string; headers: Record<string, string>; body: string; peer: string | undefined }[] = [];
  const gws = billingGateways(parseBillingProtocols(undefined), () => Buffer.alloc(32, 1), {
    ranges: loadCarrierRanges(), publicOrigin: 'http://x', confirmBase: 'http://x/sandbox/billing', auCollectionUrl: 'http://x/soap', merchantId: 'ashiato', priceYen: 315,
    soap: () => Promise.reject(new Error('unused')),
  });
  const sb = new SandboxBilling(gws, 'http://x', async (url, init) => {
    calls.push({ url, headers: init.headers, body: init.body, peer: init.peer });
    const r = replies.shift() ?? 'OK';
    if (r instanceof Error) throw r;
    return typeof r === 'number' ? { status: r, text: '' } : { status: r === 'OK' ? 200 : 422, text: r };
  }, { now: () => Date.now() });
  return { sb, calls };
}

describe('sandbox carrier delivery', () => {
  it('docomo posts from its own address with no User-Agent, and sends again on NG or no answer', async () => {
    const { sb, calls } = sandboxWith([new Error('ECONNREFUSED'), 'NG', 'OK']);
    const r = await sb.confirm('docomo', { order: 'order-12345', kind: 'join', user: 'user-12345', password: '1234', uid: 'ABC1234' });
    expect(r).toMatchObject({ ok: true, delivered: 200 });
    expect(calls).toHaveLength(3);
    for (const c of calls) {
      expect(c.url).toBe('http://x/billing/notify/docomo');
      expect(c.peer).toMatch(/^210\.153\.84\./);
      expect(Object.keys(c.headers).map((h) => h.toLowerCase())).not.toContain('user-agent');
      expect(new URLSearchParams(c.body).get('uid')).toBe('ABC1234');
    }
    // Three NGs: it gives up (the settlement will tell the rest).
    const { sb: sb2, calls: calls2 } = sandboxWith(['NG', 'NG', 'NG', 'NG']);
    const r2 = await sb2.confirm('docomo', { order: 'order-67890', kind: 'join', user: 'user-67890', password: '1234', uid: 'ABC1234' });
    expect(r2).toMatchObject({ ok: true, delivered: 422 });
    expect(calls2).toHaveLength(3);
  });

  it('SoftBank sends no notice for a sign-up (the handset carries reg=1) but names the registration on its own calls', async () => {
    const { sb, calls } = sandboxWith([]);
    const r = await sb.confirm('softbank', { order: 'order-12345', kind: 'join', user: 'user-12345', password: '1234' });
    expect(r).toMatchObject({ ok: true, returnParams: { reg: '1' } });
    expect(calls).toHaveLength(0);
    const contract = (r as { contract: string }).contract;
    expect(sb.gatewayHeadersFor('softbank', '/course/done?order=order-12345&reg=1')).toEqual({ 'X-JPHONE-REGISTERED': contract });
    expect(sb.gatewayHeadersFor('softbank', '/course/done?order=order-99999&reg=1')).toEqual({});
    expect(sb.gatewayHeadersFor('softbank', '/course/done?order=order-12345')).toEqual({});
    await sb.endContract(contract);
    expect(calls[0]!.headers['x-jphone-registered']).toBe(contract);
    expect(calls[0]!.peer).toMatch(/^123\.108\.237\./);
  });

  it('au hands out a 28-character tran_id and charges nothing until it is confirmed', async () => {
    const { sb, calls } = sandboxWith([]);
    const r = await sb.confirm('au', { order: 'order-12345', kind: 'join', user: 'user-12345', password: '1234' });
    expect(r.ok && r.returnParams.tran_id).toMatch(/^[0-9A-Za-z]{28}$/);
    expect(calls).toHaveLength(0);
    const line = sb.lineOf('au', 'user-12345')!;
    expect(line.state).toBe('pending');
    expect(line.charges.size).toBe(0);
    expect(await sb.runMonthlyBilling('2031-01')).toEqual([]);
  });
});

describe('carrier billing calls, whatever they carry', () => {
  const gw = gatewayForSuite('sqlite');
  const FROM = { docomo: '210.153.84.10', softbank: '123.108.237.10', au: '210.230.128.230' } as const;

  it('answer every body a 4xx or a 200 in the carrier\'s form, never a 5xx, and move no points', async () => {
    const s = gw.booted.services;
    const demo = (await s.store.members.findByLogin('demo_docomo'))!.id;
    const before = await s.points.balance(demo);
    const field = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('sbx-docomo-demo', '2026-11', '315', '0', 'registered', 'renewed', 'cancelled', '20261115120000', 'A'.repeat(28)));
    const form = fc.dictionary(fc.constantFrom('id', 'type', 'order', 'contract', 'month', 'amount', 'uid', 'date', 'tran_id', 'x'), field, { maxKeys: 9 }).map((d) => new URLSearchParams(d).toString());
    await fc.assert(
      fc.asyncProperty(fc.oneof(form, fc.string({ maxLength: 300 })), fc.constantFrom('docomo', 'softbank', 'au'), fc.constantFrom('notify', 'settlement'), fc.boolean(), async (body, carrier, kind, registered) => {
        const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', ...(registered ? { 'X-JPHONE-REGISTERED': 'sbx-docomo-demo' } : {}) };
        const r = await gw.request('POST', `/billing/${kind}/${carrier}`, { headers, body, peer: FROM[carrier] });
        expect(r.status, `${carrier} ${kind} ${body.slice(0, 80)}`).toBeLessThan(500);
      }),
      { numRuns: 200 },
    );
    expect(await s.points.balance(demo)).toBe(before);
  }, 120_000);

  it('refuses a bad BILLING_PROTOCOLS or AU_COLLECTION_URL at start, naming the variable', () => {
    const base = { DATABASE_URL: 'sqlite::memory:' };
    expect(() => loadConfig({ ...base, BILLING_PROTOCOLS: 'willcom=carrier' })).toThrow(/^BILLING_PROTOCOLS: willcom has no protocol of its own/);
    expect(() => loadConfig({ ...base, BILLING_PROTOCOLS: 'docomo=soap' })).toThrow(/^BILLING_PROTOCOLS: 'soap' for docomo must be carrier or company/);
    expect(() => loadConfig({ ...base, BILLING_PROTOCOLS: 'pc=company' })).toThrow(/^BILLING_PROTOCOLS:/);
    expect(() => loadConfig({ ...base, AU_COLLECTION_URL: 'ftp://collection' })).toThrow(/^AU_COLLECTION_URL:/);
    const c = loadConfig({ ...base, BILLING_PROTOCOLS: 'au=company' });
    expect([...c.billingProtocols]).toEqual([['docomo', 'carrier'], ['au', 'company'], ['softbank', 'carrier'], ['willcom', 'company']]);
  });
});
