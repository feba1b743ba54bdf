import { describe, expect, it } from 'vitest';
import { gatewayForSuite } from './support/gateway.js';
import { inspect } from '../gateway/emulator/inspect.js';
import { profileOf, type Exchange } from '../gateway/emulator/proxy.js';
import { handsetById, loadCarrierRanges } from '../carriers/index.js';

describe('emulator availability', () => {
  const on = gatewayForSuite('sqlite', { EMULATOR: '1' });
  const off = gatewayForSuite('sqlite', { EMULATOR: '0' });

  it('answers 200 when enabled and 404 when not (it forges carrier addresses by design)', async () => {
    const res = await on.request('GET', '/emulator', { headers: { 'User-Agent': 'Mozilla/5.0' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('docomo N905i');
    expect((await off.request('GET', '/emulator')).status).toBe(404);
    expect((await off.request('GET', '/emulator/view?h=docomo-n905i&u=%2F')).status).toBe(404);
  });

  it("fetches images as the handset: a friend's friends-only diary photo shows, the PC itself gets 404", async () => {
    const { Jimp } = await import('jimp');
    const { Handset, UA } = await import('./support/handset.js');
    const svc = on.booted.services;
    const docomo = (await svc.members.authenticate('demo_docomo', 'ashiato-demo')).id;
    const entry = await svc.diary.write(docomo, { title: '友だち限定の写真', body: 'x', visibility: 'friends' });
    const png = await new Jimp({ width: 300, height: 200, color: 0x3366ccff }).getBuffer('image/png');
    const photo = await svc.photos.addToEntry(docomo, entry, png);
    const qa = new Handset(on, UA.pc, { keepsCookies: true }); // keeps the emulator's own cookie
    await qa.get('/emulator/view?h=au-w53ca&u=%2Flogin%2Feasy');
    await qa.get(`/emulator/view?h=au-w53ca&u=${encodeURIComponent(`/diary/${entry}`)}`);
    const raw = /src=&quot;(\/emulator\/raw\?[^&]*(?:&amp;amp;[^&"]*)*)&quot;/.exec(qa.last.text)?.[1]?.replace(/&amp;amp;/g, '&');
    expect(raw).toBeDefined();
    const img = await qa.get(raw!);
    expect([img.status, img.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    expect((await qa.get(`/photos/${photo}/120`)).status).toBe(404);
    expect((await qa.get('/emulator/raw?h=au-w53ca&u=%2F')).status).toBe(415);
  });

  it('never proxies outside the gateway itself', async () => {
    const res = await on.request('GET', `/emulator/view?h=au-sh3i&u=${encodeURIComponent('//evil.example/')}`);
    expect(await res.text()).toContain('<td>/</td>');
  });
});

describe('inspector', () => {
  const ranges = loadCarrierRanges();
  const docomo = profileOf(handsetById('docomo-p501i')!, ranges);
  const au = profileOf(handsetById('au-sh3i')!, ranges);
  const ex = (status: number, headers: [string, string][], size: number): Exchange => ({ method: 'GET', path: '/', requestHeaders: {}, status, responseHeaders: headers, bytes: Buffer.alloc(size) });
  const ok: [string, string][] = [['content-type', 'text/html; charset=Shift_JIS']];

  it('flags pages over the limit, relative redirects for i-mode, and wrong content types', () => {
    const f = inspect(docomo, [ex(302, [['location', '/top']], 0), ex(200, [['content-type', 'text/html']], 6000)], '<html></html>', 'http://x');
    const text = f.map((x) => `${x.level}:${x.message}`).join('\n');
    expect(text).toMatch(/error:6000 bytes of 5120 allowed/);
    expect(text).toMatch(/error:redirect to a relative Location/);
    expect(text).toMatch(/warn:Content-Type is "text\/html"/);
  });

  it('flags session IDs leaving the site, missing keypad shortcuts and markup the handset lacks', () => {
    const html = '<a href="http://other.example/?sid=abc">x</a><a href="/a">a</a><a href="/b">b</a><table></table><br>';
    const f = inspect(docomo, [ex(200, ok, 100)], html, 'http://x').map((x) => `${x.level}:${x.message}`).join('\n');
    expect(f).toMatch(/error:session ID leaves the site/);
    expect(f).toMatch(/warn:3 links and no accesskey/);
    expect(f).toMatch(/warn:tags cHTML lacks: table/);
    const x = inspect(au, [ex(200, [['content-type', 'application/xhtml+xml; charset=Shift_JIS']], 100)], '<div><br></div>', 'http://x');
    expect(x.some((i) => i.level === 'error' && /not closed for XHTML/.test(i.message))).toBe(true);
  });
});
