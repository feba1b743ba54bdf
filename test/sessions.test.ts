import { describe, expect, it } from 'vitest';
import { gatewayForSuite } from './support/gateway.js';
import { CARRIER_IP, DEMO_SUBSCRIBER, Handset, parseForms, UA } from './support/handset.js';

describe('sessions, CSRF and links', () => {
  const gw = gatewayForSuite('sqlite');

  const docomo = () => new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo, subscriber: [...DEMO_SUBSCRIBER.docomo] });

  it('carries the session in every link, form and redirect for a cookie-less handset', async () => {
    const h = docomo();
    await h.easyLogin();
    const sid = new URL(h.last.url, gw.origin).searchParams.get('sid');
    expect(sid).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(h.last.headers.get('set-cookie')).toBeNull();
    // Every internal link on the top page carries it; none lacks it.
    const internal = h.links().filter((l) => l.startsWith('/'));
    expect(internal.length).toBeGreaterThan(10);
    for (const l of internal) expect(new URL(l, gw.origin).searchParams.get('sid'), l).toBe(sid);
    // Forms carry it as a hidden field, with a CSRF token on POST forms.
    await h.get(`/settings?sid=${sid}`);
    const forms = parseForms(h.last.text);
    expect(forms.length).toBeGreaterThan(0);
    for (const f of forms) {
      expect(f.fields.sid).toBe(sid);
      if (f.method === 'post') expect(f.fields.csrf).toMatch(/^[A-Za-z0-9_-]{22}$/);
    }
    // Redirects: absolute Location, session kept.
    await h.get(`/logout?sid=${sid}`);
    const res = await h.submit(h.form('csrf'), {}, false);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${gw.origin}/`);
  });

  it('issues a new session ID at each login and ends the old one', async () => {
    const a = docomo();
    await a.easyLogin();
    const first = new URL(a.last.url, gw.origin).searchParams.get('sid')!;
    await a.get(`/login/easy?guid=ON&sid=${first}`);
    const second = new URL(a.last.url, gw.origin).searchParams.get('sid')!;
    expect(second).not.toBe(first);
    await a.get(`/?sid=${first}`);
    expect(a.signedIn()).toBe(false);
    await a.get(`/?sid=${second}`);
    expect(a.signedIn()).toBe(true);
  });

  it('uses an HttpOnly cookie for handsets that keep cookies, never the URL', async () => {
    const h = new Handset(gw, UA.au, { ip: CARRIER_IP.au, subscriber: [...DEMO_SUBSCRIBER.au], keepsCookies: true });
    await h.easyLogin();
    expect(h.signedIn()).toBe(true);
    expect(h.links().every((l) => !l.includes('sid='))).toBe(true);
    const res = await gw.request('GET', '/login/easy', { headers: { 'User-Agent': UA.au, 'X-UP-SUBNO': DEMO_SUBSCRIBER.au[1] }, peer: CARRIER_IP.au });
    expect(res.headers.get('set-cookie')).toMatch(/ashiato_sid=.+; Path=\/; HttpOnly; SameSite=Lax/);
  });

  it('does not accept a phone session URL replayed from a PC', async () => {
    const h = docomo();
    await h.easyLogin();
    const sid = new URL(h.last.url, gw.origin).searchParams.get('sid')!;
    const pc = new Handset(gw, UA.pc);
    await pc.get(`/?sid=${sid}`);
    expect(pc.signedIn()).toBe(false);
    const sameUaOtherCarrier = new Handset(gw, UA.au, { ip: CARRIER_IP.au });
    await sameUaOtherCarrier.get(`/?sid=${sid}`);
    expect(sameUaOtherCarrier.signedIn()).toBe(false);
  });

  it('refuses a POST without the CSRF token, and changes nothing', async () => {
    const h = new Handset(gw, UA.pc, { keepsCookies: true });
    await h.passwordLogin('demo', 'ashiato-demo');
    expect(h.signedIn()).toBe(true);
    await h.get('/invite');
    const f = h.form('csrf');
    const forged = await h.submit({ ...f, fields: {} }, {});
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('正しくない送信');
    const wrong = await h.submit(f, { csrf: 'A'.repeat(22) });
    expect(wrong.status).toBe(403);
    await h.get('/invite');
    const ok = await h.submit(h.form('csrf'), {});
    expect(ok.status).toBe(200);
    expect(ok.text).toMatch(/招待コード: [A-Z0-9]{12}/);
  });

  it('acts on a form once when the handset sends it twice', async () => {
    const h = docomo();
    await h.easyLogin();
    await h.follow(/\/diary\/new/);
    const form = h.form('body');
    expect(form.fields.once).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const store = gw.booted.services.store;
    const me = (await gw.booted.services.members.authenticate('demo_docomo', 'ashiato-demo')).id;
    const before = (await store.diary.listByMember(me, ['self', 'friends', 'friends-of-friends', 'members', 'public'], 100, 0)).length;
    const first = await h.submit(form, { title: '二重送信テスト', body: '一回だけ', visibility: 'self' });
    expect(first.status).toBe(200);
    const again = await h.submit(form, { title: '二重送信テスト', body: '一回だけ', visibility: 'self' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('二重に登録されることはありません');
    const after = await store.diary.listByMember(me, ['self', 'friends', 'friends-of-friends', 'members', 'public'], 100, 0);
    expect(after.length).toBe(before + 1);
    // A reloaded form carries a fresh token and posts normally.
    const sid = new URL(first.url, gw.origin).searchParams.get('sid');
    await h.get(`/diary/new?sid=${sid}`);
    const fresh = h.form('body');
    expect(fresh.fields.once).not.toBe(form.fields.once);
    expect((await h.submit(fresh, { title: '二回目は別の日記', body: '新しいフォーム', visibility: 'self' })).status).toBe(200);
  });

  it('sends links to other sites through a signed interstitial with no session in its URL', async () => {
    const h = docomo();
    await h.easyLogin();
    const sid = new URL(h.last.url, gw.origin).searchParams.get('sid')!;
    // Render a page containing an external link: the outbound page itself (a signed URL).
    const target = 'http://example.com/campaign?x=1';
    const { signOutbound } = await import('../gateway/links.js');
    const sig = signOutbound(gw.booted.services.keys.link, target);
    await h.get(`/r?u=${encodeURIComponent(target)}&k=${sig}&sid=${sid}`);
    expect(h.last.status).toBe(200);
    expect(h.links()).toContain(target);
    await h.get(`/r?u=${encodeURIComponent('http://evil.example/')}&k=${sig}`);
    expect(h.last.status).toBe(400);
  });

  it('rewrites external hrefs in templates to the interstitial', async () => {
    const { renderContext } = await import('../gateway/render.js');
    const { render, h } = await import('../templates/html.js');
    const ctx = renderContext(
      { get: (k: string) => ({ device: { markup: 'chtml', cookies: false, crawler: false }, sessionToken: 'S'.repeat(32), carrier: { subscriberIdParams: () => ({ guid: 'ON' }), inputModeAttributes: () => ({}) }, csrfToken: 'c' })[k] } as never,
      { publicOrigin: gw.origin, linkKey: gw.booted.services.keys.link },
    );
    const html = render(h('div', null, h('a', { href: 'https://other.example/p' }, 'x'), h('a', { href: '/members/1' }, 'y'), h('a', { href: '/login/easy', subscriberId: true }, 'z')), ctx);
    expect(html).toContain('href="/r?u=https%3A%2F%2Fother.example%2Fp&amp;k=');
    expect(html).not.toMatch(/r\?u=[^"]*sid=/);
    expect(html).toContain(`href="/members/1?sid=${'S'.repeat(32)}"`);
    expect(html).toContain('guid=ON');
  });
});
