import { describe, expect, it } from 'vitest';
import type { CompanyGateway } from '../carriers/billing-company.js';
import fc from 'fast-check';
import { gatewayForSuite } from './support/gateway.js';
import { CARRIER_IP, Handset, UA } from './support/handset.js';

const ROUTES = [
  '/', '/login', '/login/easy', '/register', '/register/verify', '/settings', '/settings/profile', '/settings/photo', '/settings/blog',
  '/diary/new', '/diary/1', '/diary/1/edit', '/diary/1/photos', '/diary/1/comments', '/diary/1/delete', '/members/1', '/members/1/diary',
  '/members/1/friends', '/members/1/friend-request', '/members/1/block', '/members/1/bookmark', '/members/1/endorse', '/footprints',
  '/friends/requests', '/messages', '/messages/new', '/messages/1', '/messages/1/discard', '/search', '/bookmarks', '/report', '/invite',
  '/photos/1/120', '/r', '/qa/device', '/healthz', '/logout', '/course', '/course/join', '/course/cancel', '/course/done', '/points',
  '/settings/footprints', '/sandbox/billing/docomo/confirm', '/sandbox/billing/au/confirm', '/sandbox/billing/console', '/sandbox/billing/console/run',
  '/billing/notify/docomo', '/billing/settlement/au', '/games', '/games/mash', '/games/1', '/games/1/play', '/games/mash/play', '/games/number/play',
  '/games/mash/play.swf', '/games/mash/score', '/games/mash/result', '/games/mash/ranking', '/games/1/ranking',
];
const NASTY_SEGMENTS = ['abc', '-1', '0', '99999999999999999999', '1e3', '%00', '%ff%fe', '..%2f..', '☀️', '%82', "1'or'1", '<script>'];
const NASTY_QUERIES = ['t=' + 'x'.repeat(30) + '&s=5', 's=-1&t=', 'p=all&f=1', 'p=%ff', 'page=-5', 'page=abc', 'month=2009-13', 'month=%82%a0', 'to=abc', 'to=99999999999', 'reply=x', 'kind=member&id=abc', 'u=javascript:alert(1)&k=x', 'q=%25', 'sid=' + 'A'.repeat(500), 'a=%E3%81', 'guid=ON&guid=ON', '&&&==&', 'ageFrom=999999&ageTo=-3'];

describe('no malformed request gets a 5xx', () => {
  const gw = gatewayForSuite('sqlite');

  const handsets = () => [
    new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo, subscriber: ['X-DCMGUID', 'DEMO001'] }),
    new Handset(gw, UA.au, { ip: CARRIER_IP.au, keepsCookies: true }),
    new Handset(gw, UA.softbank, { ip: CARRIER_IP.softbank, keepsCookies: true }),
    new Handset(gw, UA.pc, { keepsCookies: true }),
  ];

  it('odd path segments and queries on every route, signed in and not', async () => {
    for (const signedIn of [false, true]) {
      for (const h of handsets()) {
        if (signedIn) await h.passwordLogin('demo', 'ashiato-demo');
        for (const route of ROUTES) {
          const variants = [route, ...NASTY_SEGMENTS.map((seg) => route.replace(/\/1(?=\/|$)/, `/${seg}`)), ...NASTY_QUERIES.map((q) => `${route}?${q}`)];
          for (const path of variants) {
            const res = await h.open('GET', path, undefined, undefined, false);
            expect(res.status, `${h.ua.slice(0, 12)} GET ${path}`).toBeLessThan(500);
          }
        }
      }
    }
  }, 120_000);

  it('random bodies and content types on every POST route', async () => {
    const h = new Handset(gw, UA.au, { ip: CARRIER_IP.au, keepsCookies: true });
    await h.passwordLogin('demo', 'ashiato-demo');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom('application/x-www-form-urlencoded', 'multipart/form-data; boundary=xyz', 'text/plain', 'application/json', ''),
        async (route, body, type) => {
          const res = await h.open('POST', route, body, type || undefined, false);
          expect(res.status, `POST ${route} (${type})`).toBeLessThan(500);
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);

  it('billing calls: any JSON, signed or not, gets a 4xx or a 200, never a 5xx, and moves no points by itself', async () => {
    const s = gw.booted.services;
    const field = fc.oneof(fc.string({ maxLength: 70 }), fc.integer(), fc.constant(null), fc.constantFrom('2026-11', '2026-13', 'sbx-docomo-demo', '0'.repeat(64)));
    const notice = fc.record(
      { id: field, type: fc.constantFrom('registered', 'renewed', 'payment_failed', 'cancelled', 'contract_ended', 'declined', 'refund', ''), order: field, contract: field, month: field, amount: fc.oneof(fc.integer(), fc.double(), fc.string()) },
      { requiredKeys: [] },
    );
    const settlement = fc.record({ id: field, month: field, records: fc.array(fc.record({ contract: field, amount: fc.oneof(fc.integer(), fc.string()), status: fc.constantFrom('paid', 'unpaid', 'x') }, { requiredKeys: [] }), { maxLength: 5 }) }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(notice.map((n) => ['notify', JSON.stringify(n)] as const), settlement.map((x) => ['settlement', JSON.stringify(x)] as const), fc.string({ maxLength: 200 }).map((x) => ['notify', x] as const)),
        fc.constantFrom('docomo', 'au', 'softbank', 'willcom', 'pc', 'x'),
        fc.constantFrom('good', 'none', 'garbage'),
        async ([kind, body], carrier, sig) => {
          const gwc = s.billing.get(carrier as 'docomo');
          const headers: Record<string, string> = { 'Content-Type': 'application/json' };
          if (sig === 'good' && gwc?.protocol === 'company') headers['X-Carrier-Signature'] = (gwc as CompanyGateway).sign(body, Date.now());
          if (sig === 'garbage') headers['X-Carrier-Signature'] = 't=1,v1=' + 'ab'.repeat(32);
          const res = await gw.request('POST', `/billing/${kind}/${carrier}`, { headers, body });
          expect(res.status, `${kind} ${carrier} ${sig} ${body.slice(0, 80)}`).toBeLessThan(500);
        },
      ),
      { numRuns: 400 },
    );
    // Signed notices may name the demo contract (and renew or fail a month of it); whatever they
    // did, the demo member's balance is still exactly its ledger.
    const demo = (await s.store.members.findByLogin('demo_docomo'))!.id;
    expect(await s.store.points.ledgerSum(demo)).toBe(await s.points.balance(demo));
  }, 120_000);

  it('headers from nowhere: odd User-Agents, addresses and subscriber IDs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 120 }), fc.constantFrom('1.2.3.4', 'garbage', '::1', '', '210.153.84.1, 10.0.0.1'), fc.string({ maxLength: 40 }), async (ua, xff, id) => {
        const headers: Record<string, string> = { 'User-Agent': ua.replace(/[\r\n]/g, ''), 'X-Forwarded-For': xff, 'X-DCMGUID': id.replace(/[\r\n\0]/g, ''), 'X-UP-SUBNO': id.replace(/[\r\n\0]/g, '') };
        for (const path of ['/', '/login/easy?guid=ON', '/qa/device']) {
          const res = await gw.request('GET', path, { headers, peer: '210.153.84.1' });
          expect(res.status).toBeLessThan(500);
        }
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
