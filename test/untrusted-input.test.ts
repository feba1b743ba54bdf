import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dialects, startGateway, type TestGateway } from './support/gateway.js';
import { Handset, parseForms, UA } from './support/handset.js';
import { createFeedFetcher } from '../media/feed-fetcher.js';

// Feeds from the network are untrusted twice: where they make the server connect (SSRF) and
// what they hold (text for the diary, work for the converter).

const NEUTRAL = 'フィードを読み込めませんでした';
const rss = (items: { title: string; body: string; guid: string; link?: string }[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>${items
    .map((i, n) => `<item><title>${i.title}</title><guid>${i.guid}</guid><link>${i.link ?? `http://blog.example/${i.guid}`}</link><pubDate>${new Date(Date.UTC(2009, 5, 1 + n)).toUTCString()}</pubDate><description>${i.body}</description></item>`)
    .join('')}</channel></rss>`;

async function listen(handler: RequestListener, host = '127.0.0.1', port = 0): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

// Spellings of loopback, private, link-local, multicast and reserved addresses (port given).
const SPELLINGS = (q: number) => [
  `http://127.0.0.1:${q}/feed`, `http://localhost:${q}/feed`, `http://2130706433:${q}/feed`, `http://0x7f.1:${q}/feed`,
  `http://017700000001:${q}/feed`, `http://0x7f000001:${q}/feed`, `http://127.1:${q}/feed`, `http://0177.0.0.1:${q}/feed`,
  `http://127.0.0.1.:${q}/feed`, `http://0.0.0.0:${q}/feed`, `http://0:${q}/feed`, `http://[::ffff:127.0.0.1]:${q}/feed`,
  `http://[::ffff:7f00:1]:${q}/feed`, `http://[0:0:0:0:0:ffff:7f00:1]:${q}/feed`, `http://[0000:0000:0000:0000:0000:ffff:7f00:0001]:${q}/feed`,
  `http://[::127.0.0.1]:${q}/feed`, `http://[::1]:${q}/feed`, `http://[::]:${q}/feed`, `http://[64:ff9b::7f00:1]:${q}/feed`,
  `http://[2002:7f00:1::]:${q}/feed`, `http://[::ffff:0:7f00:1]:${q}/feed`, `http://[fe80::1]:${q}/feed`, `http://[fd00::1]:${q}/feed`,
  `http://169.254.169.254:${q}/feed`, `http://100.64.0.1:${q}/feed`, `http://10.0.0.1:${q}/feed`, `http://192.168.0.1:${q}/feed`,
  `http://224.0.0.1:${q}/feed`, `http://240.0.0.1:${q}/feed`, `http://internal.test:${q}/feed`, `http://mixed.test:${q}/feed`,
  `https://127.0.0.1:${q}/feed`,
];

describe.each(dialects())('feeds are untrusted (%s)', (dialect) => {
  let gw: TestGateway;
  const servers: Server[] = [];
  let pub: number; // the "public" blog server (allowed to tests by exact address:port)
  let secret: number; // an internal service on loopback that must never be read
  let closed: number; // an allowed address:port where nothing listens
  const hits = { secret: 0, rebound: 0 };
  const lookups = new Map<string, number>();
  let me = 0;

  beforeAll(async () => {
    const s = await listen((req, res) => {
      hits.secret++;
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(rss([{ title: 'SECRET-ITEM', body: 'internal', guid: `s${hits.secret}` }]));
    });
    secret = s.port;
    const p = await listen((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const feed = feeds[url.pathname];
      if (url.pathname === '/to') return void res.writeHead(302, { Location: url.searchParams.get('u')! }).end();
      if (url.pathname === '/slow') return; // never answers
      if (url.pathname === '/big') {
        res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        for (let i = 0; i < 40; i++) res.write(chunk);
        return void res.end();
      }
      if (!feed) return void res.writeHead(404).end('no');
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(feed);
    });
    pub = p.port;
    // The address a rebinding DNS answer would switch to: another loopback address, same port.
    const r = await listen((req, res) => {
      hits.rebound++;
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(rss([{ title: 'REBOUND-ITEM', body: 'internal', guid: 'r1' }]));
    }, '127.0.0.2', pub);
    const c = await listen(() => undefined);
    closed = c.port;
    await new Promise((resolve) => c.server.close(resolve));
    servers.push(s.server, p.server, r.server);
    const answers: Record<string, string[]> = { localhost: ['127.0.0.1', '::1'], 'internal.test': ['10.1.2.3'], 'mixed.test': ['93.184.216.34', '127.0.0.1'], 'blog.test': ['127.0.0.1'] };
    const fetcher = createFeedFetcher({
      timeoutMs: 1500,
      // Port `secret` counts as a normal port here, so only the address rule can refuse it.
      ports: [80, 443, secret],
      testOnlyAllow: [`127.0.0.1:${pub}`, `127.0.0.1:${closed}`],
      resolve: async (host) => {
        const n = (lookups.get(host) ?? 0) + 1;
        lookups.set(host, n);
        // A rebinding name: a permitted answer first, an internal one on every later lookup.
        if (host === 'rebind.test') return n === 1 ? ['127.0.0.1'] : ['127.0.0.2'];
        const a = answers[host];
        if (!a) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
        return a;
      },
    });
    gw = await startGateway(dialect, {}, undefined, fetcher);
    me = (await gw.booted.services.members.authenticate('demo_au', 'ashiato-demo')).id;
  });
  afterAll(async () => {
    await gw.close();
    for (const s of servers) {
      s.closeAllConnections();
      s.close();
    }
  });

  const feeds: Record<string, string> = {
    '/rss': rss([{ title: 'PUBLIC-ITEM', body: '&lt;p&gt;公開&lt;/p&gt;', guid: 'p1' }]),
    '/html': '<html><body>not a feed</body></html>',
    // Work for the converter: each item would take the old regexes seconds to minutes.
    '/evil': rss([
      { title: 'SPACES', body: `<![CDATA[START-SPACES${' '.repeat(150_000)}END-SPACES]]>`, guid: 'e1' },
      { title: 'NESTED', body: `<![CDATA[${'<ul><li>'.repeat(10_000)}deep]]>`, guid: 'e2' },
      { title: 'LESS-THAN', body: `<![CDATA[${'<'.repeat(100_000)}lt-end]]>`, guid: 'e3' },
      { title: 'UNTERMINATED', body: `<![CDATA[before-tag<a href="${'x'.repeat(100_000)}]]>`, guid: 'e4' },
      { title: 'ENTITIES', body: `<![CDATA[ents${'&#'.repeat(50_000)}&amp${'&'.repeat(50_000)}]]>`, guid: 'e5' },
      { title: 'COMMENT', body: `<![CDATA[before-comment<!--${'-'.repeat(50_000)}]]>`, guid: 'e6' },
    ]),
    '/many': rss(Array.from({ length: 300 }, (_, i) => ({ title: `MANY-${i}`, body: 'x', guid: `m${i}` }))),
    // Text typed text could never hold: controls (raw, and as references inside the HTML),
    // unpaired surrogates, bidi overrides, noncharacters, a link carrying a control.
    '/controls': rss([
      {
        title: 'Ctl&amp;#0;A&amp;#x1b;B\x01C\x1bD\x7fE\u0085F&#x202E;G\uFFFEH&amp;#xD800;I',
        body: '&lt;p&gt;body&amp;#0;x&amp;#x1b;y&amp;#xD800;z\x00raw\x1b[31m&#x202E;bidi&amp;#xFDD0;nc&amp;#x9F;&lt;/p&gt;',
        guid: 'c1',
        link: 'http://blog.example/ctl\x1bx',
      },
    ]),
  };

  async function signIn(): Promise<Handset> {
    const h = new Handset(gw, UA.pc, { keepsCookies: true });
    await h.passwordLogin('demo_au', 'ashiato-demo');
    return h;
  }
  /** Registers the URL and presses "import now"; returns the member's page. */
  async function importFrom(h: Handset, url: string): Promise<string> {
    await h.get('/settings/blog');
    await h.submit(h.formTo(/settings\/blog/), { url });
    expect(h.last.status, url).toBe(200);
    await h.submit(parseForms(h.last.text).find((x) => x.fields.op === 'import')!, {});
    expect(h.last.status, url).toBe(200);
    return h.last.text;
  }
  const failure = (page: string) => /前回の取り込みに失敗しました: ([^<]*)/.exec(page)?.[1] ?? null;
  async function diaryTitles(): Promise<string> {
    const entries = await gw.booted.services.store.diary.listByMember(me, ['self', 'friends', 'friends-of-friends', 'members', 'public'], 500, 0);
    return entries.map((e) => e.title).join('\n');
  }

  it('imports from the permitted test server (the control for the refusals below)', async () => {
    const h = await signIn();
    expect(await importFrom(h, `http://127.0.0.1:${pub}/rss`)).toContain('1件の記事を取り込みました');
    expect(await diaryTitles()).toContain('PUBLIC-ITEM');
  });

  it('refuses every spelling of an internal address, directly and behind a redirect, with one neutral text', async () => {
    const h = await signIn();
    for (const url of SPELLINGS(secret)) {
      for (const via of [url, `http://127.0.0.1:${pub}/to?u=${encodeURIComponent(url)}`]) {
        const page = await importFrom(h, via);
        expect(page, via).toContain('0件の記事を取り込みました');
        expect(failure(page), via).toContain(NEUTRAL);
      }
    }
    expect(hits.secret).toBe(0);
    expect(await diaryTitles()).not.toContain('SECRET-ITEM');
  }, 60_000);

  it('gives the same text whatever went wrong, so the import is no port scanner', async () => {
    const h = await signIn();
    const cases = [
      `http://127.0.0.1:${secret}/feed`, // refused address
      `http://127.0.0.1:${closed}/feed`, // connection refused
      `http://127.0.0.1:${pub}/slow`, // timeout
      `http://127.0.0.1:${pub}/missing`, // 404
      `http://127.0.0.1:${pub}/html`, // not a feed
      `http://127.0.0.1:${pub}/big`, // over the size limit
      'http://no-such-host.test/feed', // no address
      'http://93.184.216.34:22/', // a port feeds do not use
      `http://127.0.0.1:${pub}/to?u=${encodeURIComponent(`http://127.0.0.1:${pub}/to?u=x`)}`, // redirect loop
    ];
    const texts = new Set<string>();
    for (const url of cases) {
      const page = await importFrom(h, url);
      texts.add(failure(page) ?? `no failure shown for ${url}`);
      // The form echoes the URL (its random port may read "404") and random tokens: only the text counts.
      const shown = page.replace(/value="[^"]*"/g, '');
      expect(shown).not.toMatch(/ECONN|ENOTFOUND|timed? ?out|refused|404|too large|redirect/i);
    }
    expect([...texts]).toEqual([expect.stringContaining(NEUTRAL)]);
  }, 30_000);

  it('connects only to the address it vetted (DNS rebinding): one lookup, no second answer used', async () => {
    const h = await signIn();
    lookups.delete('rebind.test');
    expect(await importFrom(h, `http://rebind.test:${pub}/rss`)).toMatch(/[01]件の記事を取り込みました/);
    expect(failure(h.last.text)).toBeNull();
    expect(lookups.get('rebind.test')).toBe(1);
    expect(hits.rebound).toBe(0);
    expect(await diaryTitles()).not.toContain('REBOUND-ITEM');
  });

  it('turns hostile HTML into text in linear time, within per-item and per-feed caps', async () => {
    // On quadratic code this import blocks the event loop for minutes (the test times out).
    const h = await signIn();
    expect(await importFrom(h, `http://127.0.0.1:${pub}/evil`)).toContain('6件の記事を取り込みました');
    const entries = await gw.booted.services.store.diary.listByMember(me, ['self', 'friends', 'friends-of-friends', 'members', 'public'], 500, 0);
    const body = (title: string) => entries.find((e) => e.title === title)!.body;
    for (const e of entries) {
      expect([...e.body].length).toBeLessThanOrEqual(10_000);
      expect(Buffer.byteLength(e.body)).toBeLessThanOrEqual(40_000);
    }
    // Only the first 128 K characters of an item are read.
    expect(body('SPACES')).toMatch(/^START-SPACES/);
    expect(body('SPACES')).not.toContain('END-SPACES');
    expect(body('NESTED')).toMatch(/^deep/);
    expect(body('LESS-THAN')).toMatch(/^<<<<.*…/s);
    expect(body('UNTERMINATED')).toMatch(/^before-tag/);
    expect(body('UNTERMINATED')).not.toContain('xxx');
    expect(body('COMMENT')).toMatch(/^before-comment/);
    await h.get(`/diary/${entries.find((e) => e.title === 'LESS-THAN')!.id}`);
    expect(h.last.status).toBe(200);
    expect(h.last.text).toContain('&lt;&lt;&lt;');
    // Items per feed: 20 a run, whatever the feed holds.
    expect(await importFrom(h, `http://127.0.0.1:${pub}/many`)).toContain('20件の記事を取り込みました');
  }, 10_000);

  it('cleans imported text as typed text is: no controls, surrogates, bidi overrides or noncharacters in the diary', async () => {
    const h = await signIn();
    expect(await importFrom(h, `http://127.0.0.1:${pub}/controls`)).toContain('1件の記事を取り込みました');
    const entries = await gw.booted.services.store.diary.listByMember(me, ['self', 'friends', 'friends-of-friends', 'members', 'public'], 500, 0);
    const e = entries.find((x) => x.title.startsWith('Ctl'))!;
    expect(e.title).toBe('Ctl\ufffdABCDEFGH\ufffdI');
    expect(e.body).toMatch(/^body\ufffdxy\ufffdzraw\[31mbidinc/);
    expect(e.body).toContain('元の記事: http://blog.example/ctlx');
    await h.get(`/diary/${e.id}`);
    expect(h.last.status).toBe(200);
    expect(h.last.text).toContain('Ctl');
    const page = Buffer.from(h.last.bytes);
    const forbidden: [string, RegExp][] = [
      ['C0 control', /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/],
      ['C1 control', /\xc2[\x80-\x9f]/],
      ['surrogate', /\xed[\xa0-\xbf]/],
      ['noncharacter', /\xef\xb7[\x90-\xaf]|\xef\xbf[\xbe\xbf]/],
      ['bidi override', /\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]/],
    ];
    for (const [what, re] of forbidden) expect(re.test(page.toString('latin1')), what).toBe(false);
  });
});
