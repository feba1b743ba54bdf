import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { Handset, UA } from './support/handset.js';
import { signedInMember } from './support/members.js';
import { atCarrier, backLink, testClock } from './support/billing.js';

/**
 * The sandbox's QA console runs each carrier's month and injects each carrier's failures; what
 * a failure does is what Ashiato would see from that carrier: forged calls refused and nothing
 * granted, lost ones caught by the settlement, doubled ones applied once.
 */
const clock = testClock('2026-11-15T03:00:00Z');

describe.each(dialects())('sandbox QA console, per carrier (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect, {}, clock);
  const s = () => gw.booted.services;
  const balance = (id: number) => s().points.balance(id);
  const qa = new Handset(gw, UA.pc, { keepsCookies: true });
  const act = async (action: string, values: Record<string, string>) => {
    await qa.get('/sandbox/billing/console');
    await qa.submit(qa.formTo(new RegExp(`/console/${action}$`)), values);
    expect(qa.last.status).toBe(200);
    return /<pre>([\s\S]*?)<\/pre>/.exec(qa.last.text)?.[1] ?? qa.last.text;
  };
  const joined = async (kind: 'docomo' | 'softbank' | 'au') => {
    const m = await signedInMember(gw, kind, { createdAt: clock.now() });
    if (kind === 'docomo') m.h.o.subscriber = ['X-DCMGUID', `Q${String(m.id).padStart(6, '0')}`];
    await atCarrier(m, 'join');
    if (kind === 'softbank') m.h.o.headers = s().sandbox!.gatewayHeadersFor('softbank', backLink(m));
    await m.h.get(backLink(m));
    expect(m.h.last.text).toContain('登録が完了しました');
    return m;
  };

  it('runs one carrier\'s month at a time, and a forged carrier call grants nothing until the settlement says it was paid', async () => {
    const d = await joined('docomo');
    const sb = await joined('softbank');
    try {
      clock.set('2026-12-02T10:00:00+09:00');
      await act('fault', { carrier: 'docomo', fault: 'forge' });
      expect(qa.last.text).toContain('docomo: 独自方式・1日課金・障害 forge');
      const run = await act('run', { month: '2026-12', carrier: 'docomo' });
      expect(run).toContain('&quot;paid&quot;');
      // Only docomo's lines were billed: the SoftBank member's month is untouched.
      expect(await balance(sb.id)).toBe(300);
      // docomo's "notice" came with a handset's User-Agent: NG, three times, and nothing granted.
      expect(s().sandbox!.deliveries.filter((x) => x.carrier === 'docomo').at(-1)).toMatchObject({ status: 403, response: 'NG' });
      expect(await balance(d.id)).toBe(300);
      await act('fault', { carrier: 'docomo', fault: 'none' });
      // The carrier did collect December: its settlement file gets the member their points, once.
      const report = await act('settle', { month: '2026-12', carrier: 'docomo' });
      expect(report).toContain('granted');
      expect(await balance(d.id)).toBe(600);
      // Doubled SoftBank calls are applied once; lost ones wait for the settlement.
      await act('fault', { carrier: 'softbank', fault: 'duplicate' });
      await act('run', { month: '2026-12', carrier: 'softbank' });
      expect(await balance(sb.id)).toBe(600);
      expect(s().sandbox!.deliveries.filter((x) => x.carrier === 'softbank').slice(-1)[0]).toMatchObject({ status: 200 });
    } finally {
      clock.set('2026-11-15T03:00:00Z');
    }
  });

  it('takes au\'s collection service down: the member\'s return grants nothing, and works once it is back', async () => {
    await act('fault', { carrier: 'au', fault: 'collection_down' });
    const m = await signedInMember(gw, 'au', { createdAt: clock.now() });
    await atCarrier(m, 'join');
    const back = backLink(m);
    await m.h.get(back);
    expect(m.h.last.status).toBe(422);
    expect(await balance(m.id)).toBe(0);
    await act('fault', { carrier: 'au', fault: 'none' });
    await m.h.get(back);
    expect(m.h.last.text).toContain('登録が完了しました');
    expect(await balance(m.id)).toBe(300);
    // A forged au call (a tran_id au never issued) is NG; a lost one never arrives.
    await act('fault', { carrier: 'au', fault: 'forge' });
    const contract = (await s().store.course.subscription(m.id))!.contractRef;
    await act('end', { contract });
    expect(s().sandbox!.deliveries.at(-1)).toMatchObject({ carrier: 'au', kind: 'contract_ended', status: 422, response: 'NG' });
    expect((await s().course.status(m.id)).state).toBe('registered');
    await act('fault', { carrier: 'au', fault: 'none' });
  });

  it('refuses an unknown carrier or failure on the console', async () => {
    await qa.get('/sandbox/billing/console');
    await qa.submit(qa.formTo(/\/console\/fault$/), { carrier: 'pc', fault: 'forge' });
    expect(qa.last.status).toBe(400);
    await qa.get('/sandbox/billing/console');
    await qa.submit(qa.formTo(/\/console\/fault$/), { carrier: 'docomo', fault: 'explode' });
    expect(qa.last.status).toBe(400);
    void dialect;
  });
});
