import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { gatewayForSuite } from './support/gateway.js';
import { CARRIER_IP, Handset, UA } from './support/handset.js';
import { postDiary, signedInMember } from './support/members.js';
import { detectDevice, loadCarrierRanges } from '../carriers/index.js';
import { paginate } from '../templates/paginate.js';
import { transcoderFor } from '../emoji/index.js';
import { textBlock } from '../templates/components.js';
import type { RenderContext } from '../templates/html.js';
import { inspect } from '../gateway/emulator/inspect.js';

const HANDSETS: [string, string, string | undefined][] = [
  ['docomo 501i (5 KB)', UA.docomo501, CARRIER_IP.docomo],
  ['docomo 505i (20 KB)', UA.docomoMova, CARRIER_IP.docomo],
  ['docomo FOMA (30 KB)', UA.docomo, CARRIER_IP.docomo],
  ['docomo browser 2.0', UA.docomo2, CARRIER_IP.docomo],
  ['au HDML', 'UP.Browser/3.04-KCTA UP.Link/3.4.5.9', CARRIER_IP.au],
  ['au 1X', 'KDDI-TS21 UP.Browser/6.0.2.276 (GUI) MMP/1.1', CARRIER_IP.au],
  ['au WIN', UA.au, CARRIER_IP.au],
  ['J-PHONE C-type (6 KB)', UA.jphone, CARRIER_IP.softbank],
  ['SoftBank 3G', UA.softbank, CARRIER_IP.softbank],
  ['Willcom', UA.willcom, CARRIER_IP.willcom],
  ['iPhone', UA.iphone, undefined],
  ['PC', UA.pc, undefined],
];

const ranges = loadCarrierRanges();
const limitOf = (ua: string) => detectDevice({ userAgent: ua, header: () => undefined, query: '' }, '0.0.0.0', ranges).profile.maxPageBytes;

describe('every page fits every handset', () => {
  const gw = gatewayForSuite('sqlite');

  it.each(HANDSETS)('%s', async (_, ua, ip) => {
    const limit = limitOf(ua);
    const h = new Handset(gw, ua, { ip, keepsCookies: true });
    const seen: string[] = [];
    const check = () => {
      seen.push(h.last.url);
      expect(h.last.bytes.length, `${h.last.url} is ${h.last.bytes.length} B, limit ${limit}`).toBeLessThanOrEqual(limit);
      expect(h.last.headers.get('content-type')).toMatch(/charset=(Shift_JIS|UTF-8)$/);
    };
    for (const path of ['/', '/login', '/register?code=DEMO-INVITE', '/login/easy', '/nowhere']) {
      await h.get(path);
      check();
    }
    await h.get('/register?code=DEMO-INVITE');
    await h.submit(h.form('nickname'), { nickname: '', birthDate: 'x', login: '!', password: '', mail: '' });
    check();
    await h.passwordLogin('demo', 'ashiato-demo');
    check();
    expect(h.signedIn()).toBe(true);
    for (const pattern of [/\/settings/, /\/invite/, /\/logout/]) {
      await h.get(h.links().find((l) => pattern.test(l))!);
      check();
      await h.get(h.links().find((l) => /^\/(\?|$)/.test(l)) ?? '/');
    }
    expect(seen.length).toBeGreaterThan(8);
  });
});

describe('splitting long pages', () => {
  const facts = (ua: string) => ({ userAgent: ua, header: () => undefined, query: '' });
  const ctx: RenderContext = { markup: 'chtml', inputModeAttributes: () => ({}), url: (u) => u, hiddenFields: () => [] };

  it.each([UA.docomo501, UA.jphone, UA.docomoMova])('cuts a long diary-sized text for %s into pages under the limit, losing nothing', (ua) => {
    const device = detectDevice(facts(ua), '0.0.0.0', ranges).profile;
    const t = transcoderFor(device.emojiForm, device.charset);
    const text = Array.from({ length: 400 }, (_, i) => `${i}行目:表示ソフト能力の<テスト>&ｶﾀｶﾅ`).join('\n');
    const page = { title: '日記', blocks: ['前書き', textBlock(text), '後書き'], footer: ['トップへ'] };
    const pages: string[] = [];
    for (let n = 1; n < 200; n++) {
      const bytes = paginate(page, { device, ctx, encode: (s) => t.encode(s), pageNo: n, pageHref: (k) => `/d?pg=${k}` });
      expect(bytes.length).toBeLessThanOrEqual(device.maxPageBytes);
      const html = device.charset === 'UTF-8' ? bytes.toString('utf8') : iconv.decode(bytes, 'cp932');
      pages.push(html);
      if (!html.includes(`pg=${n + 1}`)) break;
    }
    expect(pages.length).toBeGreaterThan(2);
    const joined = pages
      .map((p) => /<hr>([\s\S]*?)<div>(?:<a[^>]*>\[\*\][^<]*<\/a> )?\d+\/\d+/.exec(p)?.[1] ?? '')
      .join('')
      .replace(/<\/div><div>/g, '')
      .replace(/<br>/g, '\n')
      .replace(/<\/?div>/g, '');
    expect(joined).toBe(`前書き${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}後書き`);
  });
});

describe('crawling every page the demo member can reach', () => {
  const gw = gatewayForSuite('sqlite');

  it.each([
    ['docomo 501i (5 KB, no cookies)', UA.docomo501, CARRIER_IP.docomo, false],
    ['J-PHONE C-type (6 KB)', UA.jphone, CARRIER_IP.softbank, false],
    ['au WIN', UA.au, CARRIER_IP.au, true],
    ['SoftBank 3G', UA.softbank, CARRIER_IP.softbank, true],
    ['Willcom', UA.willcom, CARRIER_IP.willcom, true],
    ['PC', UA.pc, '127.0.0.7', true], // the demo member signs in by password from this machine only
  ] as const)('%s: no page over the limit, no 5xx, no dead link, two links deep', async (_, ua, ip, cookies) => {
    const limit = limitOf(ua);
    const device = detectDevice({ userAgent: ua, header: () => undefined, query: '' }, ip, ranges).profile;
    const h = new Handset(gw, ua, { ip, keepsCookies: cookies });
    await h.passwordLogin('demo_docomo', 'ashiato-demo');
    expect(h.signedIn()).toBe(true);
    const seen = new Set<string>();
    let frontier = [h.last.url];
    for (let depth = 0; depth < 2; depth++) {
      const next: string[] = [];
      for (const url of frontier) {
        const key = url.replace(/[?&]sid=[^&]+/, '');
        if (seen.has(key) || /logout/.test(url)) continue;
        seen.add(key);
        const page = await h.get(url, false);
        expect(page.status, url).toBeLessThan(500);
        // No link a member can follow leads nowhere (menu entries appear only for features that exist).
        expect(page.status, url).not.toBe(404);
        expect(page.bytes.length, `${url}: ${page.bytes.length} > ${limit}`).toBeLessThanOrEqual(limit);
        if (page.status < 300 && (page.headers.get('content-type') ?? '').includes('charset')) {
          // The emulator's inspector finds nothing wrong (markup, Content-Type, leaks, size).
          const exchange = { method: 'GET', path: url, requestHeaders: {}, status: page.status, responseHeaders: [...page.headers], bytes: Buffer.from(page.bytes) };
          const errors = inspect(device, [exchange], page.text, gw.origin).filter((f) => f.level === 'error');
          expect(errors, url).toEqual([]);
        }
        next.push(...h.links().filter((l) => l.startsWith('/') && !l.startsWith('/r?')));
      }
      frontier = next;
    }
    expect(seen.size).toBeGreaterThan(15);
  });
});

describe('pages a stranger tries to push over the limit', () => {
  const gw = gatewayForSuite('sqlite');

  it('keeps within the limit when anyone appends a long query, or a title is all pictogram names', async () => {
    const author = await signedInMember(gw, 'pc');
    const id = await postDiary(author, { title: '🤬'.repeat(50), body: 'あいうえお🤬'.repeat(400), visibility: 'public' });
    const cases: [string, Record<string, string>, number][] = [
      [UA.docomo501, {}, limitOf(UA.docomo501)],
      [UA.jphone, {}, limitOf(UA.jphone)],
      [UA.au, { 'X-UP-DEVCAP-MAX-PDU': '1000' }, 1000],
    ];
    for (const [ua, headers, limit] of cases) {
      for (const query of ['', `?x=${'A'.repeat(6000)}&pg=2`, `?${Array.from({ length: 300 }, (_, i) => `k${i}=v`).join('&')}&pg=3`]) {
        const res = await gw.request('GET', `/diary/${id}${query}`, { headers: { 'User-Agent': ua, ...headers } });
        const bytes = Buffer.from(await res.arrayBuffer());
        expect([ua, query.slice(0, 12), res.status]).toEqual([ua, query.slice(0, 12), 200]);
        expect([ua, query.slice(0, 12), bytes.length <= limit]).toEqual([ua, query.slice(0, 12), true]);
      }
    }
  });
});
