import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { dialects, startGateway, type TestGateway } from './support/gateway.js';
import { Handset, parseForms, UA } from './support/handset.js';
import { createFeedFetcher } from '../media/feed-fetcher.js';
import { htmlToText, parseFeed } from '../core/blog/feed.js';
import { isPublicAddress } from '../media/ip-policy.js';

const RSS = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>
<item><title>古い記事</title><link>http://blog.example/1</link><guid>post-1</guid><pubDate>Mon, 01 Jun 2009 10:00:00 +0900</pubDate><description>&lt;p&gt;はじめての&lt;b&gt;投稿&lt;/b&gt;&lt;/p&gt;</description></item>
<item><title>新しい記事</title><link>http://blog.example/2</link><guid>post-2</guid><pubDate>Tue, 02 Jun 2009 10:00:00 +0900</pubDate><description>二つ目</description></item>
</channel></rss>`;
const ATOM = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>a</title>
<entry><title>アトムの記事</title><id>tag:blog.example,2009:1</id><link rel="alternate" href="http://blog.example/a1"/><updated>2009-06-03T10:00:00+09:00</updated><content type="html">&lt;p&gt;本文&lt;/p&gt;</content></entry></feed>`;
const SJIS_RSS = iconv.encode(`<?xml version="1.0" encoding="Shift_JIS"?><rss version="2.0"><channel><item><title>表示ソフト</title><guid>s1</guid><description>能力テスト</description></item></channel></rss>`, 'cp932');

describe('feed parsing', () => {
  it('reads RSS 2.0 and Atom, newest first, HTML turned into text', async () => {
    const rss = await parseFeed(RSS);
    expect(rss.map((i) => [i.key, i.title, i.text])).toEqual([
      ['post-2', '新しい記事', '二つ目'],
      ['post-1', '古い記事', 'はじめての投稿'],
    ]);
    const atom = await parseFeed(ATOM);
    expect(atom[0]).toMatchObject({ key: 'tag:blog.example,2009:1', title: 'アトムの記事', text: '本文', link: 'http://blog.example/a1' });
    await expect(parseFeed('<html><body>not a feed</body></html>')).rejects.toThrow();
    await expect(parseFeed('<rss><channel><item>')).rejects.toThrow();
  });

  it('converts HTML to text in one pass: megabytes of hostile input finish (quadratic code would time out)', () => {
    const mb = 1024 * 1024;
    const cases: [string, string][] = [
      [`a${' '.repeat(mb)}\nb`, 'a\nb'],
      [`<b>a</b>${' '.repeat(mb)}\nb`, 'a b'],
      [`a${' \t'.repeat(mb / 2)}b`, 'a b'],
      [`${'<ul><li>'.repeat(mb / 8)}deep`, 'deep'],
      [`x${'<'.repeat(mb)}`, `x${'<'.repeat(mb)}`],
      [`x<a href="${'y'.repeat(mb)}`, 'x'],
      [`x<a title='${'>'.repeat(mb)}`, 'x'],
      [`x${'&#'.repeat(mb / 2)}`, `x${'&#'.repeat(mb / 2)}`],
      [`x${'&#x1;'.repeat(mb / 5)}`, `x${'\u0001'.repeat(mb / 5)}`],
      [`x<!--${'-'.repeat(mb)}`, 'x'],
      [`x<script>${'<'.repeat(mb)}`, 'x'],
      [`${'<p>a</p>'.repeat(mb / 8)}`, Array(mb / 8).fill('a').join('\n\n')],
    ];
    // Compared as a boolean: a failure should not print megabytes.
    for (const [html, text] of cases) expect(htmlToText(html, Infinity) === text, html.slice(0, 30)).toBe(true);
    expect(htmlToText('<p>one &amp; <b>two</b></p><p>&#12354;&#x3042;&hellip;&unknown;</p><script>x</script>three<br>four')).toBe('one & two\n\nああ…&unknown;\nthree\nfour');
    // Per item, only the first characters are read.
    expect(htmlToText(`${'a'.repeat(300_000)}END`)).not.toContain('END');
  });
});

describe.each(dialects())('blog import (%s)', (dialect) => {
  let gw: TestGateway;
  let server: Server;
  let base: string;
  const feeds: Record<string, { type: string; body: string | Buffer }> = {
    '/rss': { type: 'application/rss+xml', body: RSS },
    '/atom': { type: 'application/atom+xml', body: ATOM },
    '/sjis': { type: 'application/rss+xml', body: SJIS_RSS },
    '/broken': { type: 'application/rss+xml', body: '<rss><channel><item><title>oops' },
  };
  beforeAll(async () => {
    server = createServer((req, res) => {
      const f = feeds[req.url ?? ''];
      if (req.url === '/moved') {
        res.writeHead(302, { Location: '/rss' }).end();
        return;
      }
      if (!f) return void res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': f.type }).end(f.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
    // The one explicit, test-only way to reach a loopback server: this exact address and port.
    gw = await startGateway(dialect, {}, undefined, createFeedFetcher({ testOnlyAllow: [`127.0.0.1:${port}`] }));
  });
  afterAll(async () => {
    await gw.close();
    server.close();
  });

  it('imports a blog into the diary once per item, from the settings page', async () => {
    const h = new Handset(gw, UA.pc, { keepsCookies: true });
    await h.passwordLogin('demo_au', 'ashiato-demo');
    await h.get('/settings/blog');
    await h.submit(h.formTo(/settings\/blog/), { url: `${base}/moved` });
    expect(h.last.text).toContain('登録しました');
    // Registered: the page now offers save, import and remove.
    expect([...h.last.text.matchAll(/<form action="\/settings\/blog"/g)].length).toBe(3);
    const submitOp = (op: string) => h.submit(parseForms(h.last.text).find((x) => x.fields.op === op)!, {});
    await submitOp('import');
    expect(h.last.text).toContain('2件の記事を取り込みました');
    await submitOp('import');
    expect(h.last.text).toContain('0件の記事を取り込みました');
    const me = (await gw.booted.services.members.authenticate('demo_au', 'ashiato-demo')).id;
    await h.get(`/members/${me}/diary`);
    expect(h.last.text).toContain('新しい記事');
    expect(h.last.text).toContain('古い記事');
    await h.get(/href="(\/diary\/\d+)">新しい記事/.exec(h.last.text)![1]!);
    expect(h.last.text).toContain('元の記事: http://blog.example/2');
  });

  it('reads Shift_JIS feeds, records a broken feed as an error the member sees, and refreshes due feeds', async () => {
    const store = gw.booted.services.store;
    const id = (await gw.booted.services.members.authenticate('demo_softbank', 'ashiato-demo')).id;
    await gw.booted.services.blog.setFeed(id, `${base}/sjis`);
    expect(await gw.booted.services.blog.importNow(id)).toBe(1);
    const entries = await store.diary.listByMember(id, ['self', 'friends', 'friends-of-friends', 'members', 'public'], 50, 0);
    expect(entries.some((e) => e.title === '表示ソフト' && e.body.startsWith('能力テスト'))).toBe(true);
    await gw.booted.services.blog.setFeed(id, `${base}/broken`);
    expect(await gw.booted.services.blog.importNow(id)).toBe(0);
    expect((await store.blogFeeds.find(id))?.lastError).toBeTruthy();
    const h = new Handset(gw, UA.pc, { keepsCookies: true });
    await h.passwordLogin('demo_softbank', 'ashiato-demo');
    await h.get('/settings/blog');
    expect(h.last.text).toContain('前回の取り込みに失敗しました');
    const demo = (await gw.booted.services.members.authenticate('demo', 'ashiato-demo')).id;
    await gw.booted.services.blog.setFeed(demo, `${base}/atom`);
    expect(await gw.booted.services.blog.refreshDue()).toBeGreaterThanOrEqual(1);
  });

  it('refuses URLs that are not http(s)', async () => {
    const h = new Handset(gw, UA.pc, { keepsCookies: true });
    await h.passwordLogin('demo', 'ashiato-demo');
    await h.get('/settings/blog');
    await h.submit(h.formTo(/settings\/blog/), { url: 'file:///etc/passwd' });
    expect(h.last.status).toBe(400);
  });
});

describe('feed fetcher', () => {
  it('never fetches loopback, private or link-local addresses (SSRF)', async () => {
    const f = createFeedFetcher();
    for (const url of ['http://127.0.0.1:1/feed', 'http://localhost:1/feed', 'http://169.254.169.254/latest/meta-data', 'http://10.0.0.1/', 'http://[::1]:1/']) {
      await expect(f.fetchText(url), url).rejects.toThrow(/refused/);
    }
    await expect(f.fetchText('ftp://example.com/feed')).rejects.toThrow(/scheme/);
  });

  it('judges an address by its bytes, whatever the spelling', () => {
    const refused = ['127.0.0.1', '0.0.0.0', '10.1.2.3', '100.64.0.1', '169.254.169.254', '172.16.0.1', '192.168.1.1', '224.0.0.1', '240.0.0.1',
      '255.255.255.255', '198.18.0.1', '192.0.2.1', '::', '::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:ffff:7f00:1',
      '0000:0000:0000:0000:0000:ffff:7f00:0001', '::127.0.0.1', '::7f00:1', '64:ff9b::7f00:1', '64:ff9b::a00:1', '64:ff9b:1::1', '2002:7f00:1::',
      '2002:c0a8:101::1', '::ffff:0:7f00:1', 'fc00::1', 'fd12::1', 'fe80::1', 'fe80::1%eth0', 'fec0::1', 'ff02::1', '2001::1', '2001:db8::1',
      '100::1', '::ffff:169.254.169.254', '', 'localhost', '127.1', '2130706433'];
    const allowed = ['8.8.8.8', '93.184.216.34', '100.128.0.1', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'];
    for (const a of refused) expect(isPublicAddress(a), a).toBe(false);
    for (const a of allowed) expect(isPublicAddress(a), a).toBe(true);
  });
});
