import { describe, expect, it } from 'vitest';
import { type TestGateway, gatewayForSuite } from './support/gateway.js';
import { CARRIER_IP, DEMO_SUBSCRIBER, expectPasswordThrottled, Handset, NOT_CARRIER_IP, UA } from './support/handset.js';
import { clientAddress } from '../gateway/middleware/request.js';
import { AddressSet } from '../carriers/index.js';

describe('client address and easy-login trust', () => {
  const gw = gatewayForSuite('sqlite');
  const proxied = gatewayForSuite('sqlite', { TRUST_PROXY: '10.0.0.0/8,127.0.0.1' });

  const device = async (g: TestGateway, headers: Record<string, string>, peer: string) =>
    (await (await g.request('GET', '/qa/device', { headers, peer })).json()) as { carrier: string; clientIp: string; carrierIpVerified: boolean };

  it('verifies a carrier address with that carrier UA', async () => {
    expect(await device(gw, { 'User-Agent': UA.docomo }, CARRIER_IP.docomo)).toMatchObject({ carrier: 'docomo', carrierIpVerified: true, clientIp: CARRIER_IP.docomo });
    expect(await device(gw, { 'User-Agent': UA.au }, CARRIER_IP.docomo)).toMatchObject({ carrier: 'au', carrierIpVerified: false });
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const d = await device(gw, { 'User-Agent': UA.docomo, 'X-Forwarded-For': CARRIER_IP.docomo }, NOT_CARRIER_IP);
    expect(d).toMatchObject({ clientIp: NOT_CARRIER_IP, carrierIpVerified: false });
  });

  it('takes the right-most untrusted X-Forwarded-For hop behind a trusted proxy', async () => {
    // A client can prepend anything; only what our own proxies appended counts.
    const d = await device(proxied, { 'User-Agent': UA.docomo, 'X-Forwarded-For': `${CARRIER_IP.docomo}, ${NOT_CARRIER_IP}, 10.1.2.3` }, '127.0.0.1');
    expect(d).toMatchObject({ clientIp: NOT_CARRIER_IP, carrierIpVerified: false });
    const ok = await device(proxied, { 'User-Agent': UA.docomo, 'X-Forwarded-For': CARRIER_IP.docomo }, '127.0.0.1');
    expect(ok).toMatchObject({ clientIp: CARRIER_IP.docomo, carrierIpVerified: true });
  });

  it('clientAddress handles mapped IPv6, garbage and all-trusted chains', () => {
    const trusted = new AddressSet(['127.0.0.1', '10.0.0.0/8']);
    expect(clientAddress('::ffff:127.0.0.1', '210.153.84.1', trusted)).toBe('210.153.84.1');
    expect(clientAddress('127.0.0.1', 'not-an-ip', trusted)).toBe('not-an-ip');
    expect(clientAddress('127.0.0.1', '10.0.0.1, 10.0.0.2', trusted)).toBe('10.0.0.1');
    expect(clientAddress('198.51.100.1', '210.153.84.1', trusted)).toBe('198.51.100.1');
  });

  it('refuses a foreign Host (DNS rebinding) before anything else', async () => {
    const res = await gw.request('GET', '/login/easy?guid=ON', { headers: { Host: 'attacker.example', 'User-Agent': UA.docomo, 'X-DCMGUID': 'DEMO001' }, peer: CARRIER_IP.docomo });
    expect(res.status).toBe(421);
    expect(res.headers.get('set-cookie')).toBeNull();
    const ok = await gw.request('GET', '/healthz', { headers: { Host: 'localhost:3000' } });
    expect(ok.status).toBe(200);
  });

  for (const carrier of ['docomo', 'au', 'softbank'] as const) {
    it(`signs the ${carrier} demo member in by easy login from the carrier gateway only`, async () => {
      const h = new Handset(gw, UA[carrier], { ip: CARRIER_IP[carrier], subscriber: [...DEMO_SUBSCRIBER[carrier]], keepsCookies: carrier !== 'docomo' });
      await h.easyLogin();
      expect(h.signedIn()).toBe(true);
      // Forged: same headers from a PC address.
      const forged = new Handset(gw, UA[carrier], { ip: NOT_CARRIER_IP, subscriber: [...DEMO_SUBSCRIBER[carrier]], keepsCookies: true });
      await forged.get(carrier === 'docomo' ? '/login/easy?guid=ON' : '/login/easy');
      expect(forged.last.status).toBe(403);
      expect(forged.last.text).toContain('携帯電話会社の回線からのアクセスではない');
      expect(forged.last.headers.get('set-cookie')).toBeNull();
      expect(forged.last.headers.get('location')).toBeNull();
    });
  }

  it('refuses easy login with a reason for each case', async () => {
    const noId = new Handset(gw, UA.au, { ip: CARRIER_IP.au });
    await noId.get('/login/easy');
    expect([noId.last.status, noId.last.text.includes('端末情報が届きません')]).toEqual([400, true]);
    const unbound = new Handset(gw, UA.au, { ip: CARRIER_IP.au, subscriber: ['X-UP-SUBNO', '99999999999999_zz.ezweb.ne.jp'] });
    await unbound.get('/login/easy');
    expect([unbound.last.status, unbound.last.text.includes('未登録')]).toEqual([401, true]);
    const willcom = new Handset(gw, UA.willcom, { ip: CARRIER_IP.willcom });
    await willcom.get('/login/easy');
    expect(willcom.last.status).toBe(403);
    const pc = new Handset(gw, UA.pc, { ip: CARRIER_IP.docomo, subscriber: ['X-DCMGUID', 'DEMO001'] });
    await pc.get('/login/easy?guid=ON');
    expect(pc.last.status).toBe(403);
    expect(pc.signedIn()).toBe(false);
  });

  it('offers easy login to docomo with guid=ON, and not to PCs', async () => {
    const d = new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo });
    await d.get('/');
    expect(d.links()).toContain('/login/easy?guid=ON');
    const pc = new Handset(gw, UA.pc);
    await pc.get('/');
    expect(pc.links().some((l) => l.includes('/login/easy'))).toBe(false);
    const bot = new Handset(gw, `${UA.docomo} (compatible; Googlebot-Mobile/2.1; +http://www.google.com/bot.html)`, { ip: CARRIER_IP.docomo });
    await bot.get('/');
    expect(bot.last.text).not.toContain('guid=ON');
  });

  it('throttles password guessing per login', async () => {
    await expectPasswordThrottled(new Handset(gw, UA.pc, { keepsCookies: true }), 'demo_au', 'ashiato-demo');
  });
});

describe('random tokens cut from a pool', () => {
  it('never hand out the same bytes twice, across many refills of the pool, at the asked length', async () => {
    const { randomToken, randomHex } = await import('../core/crypto.js');
    const seen = new Set<string>();
    // 16 bytes each: the 4 KB pool is refilled ~80 times over these, partly used each time.
    for (let i = 0; i < 20_000; i++) {
      const t = i % 3 === 0 ? randomHex(6) : randomToken(16);
      expect(t).toMatch(i % 3 === 0 ? /^[0-9a-f]{12}$/ : /^[A-Za-z0-9_-]{22}$/);
      seen.add(t);
    }
    expect(seen.size).toBe(20_000);
    // Large asks bypass the pool and are still the size asked for.
    expect(Buffer.from(randomToken(300), 'base64url')).toHaveLength(300);
    // Every byte value turns up: the output is spread, not a fixed or short-cycled pattern.
    const bytes = Buffer.from(Array.from({ length: 400 }, () => randomHex(6)).join(''), 'hex');
    expect(new Set(bytes).size).toBeGreaterThan(240);
  });
});
