import { describe, expect, it } from 'vitest';
import { Jimp } from 'jimp';
import { dialects, gatewayForSuite, type TestGateway } from './support/gateway.js';
import { signedInMember } from './support/members.js';
import { CARRIER_IP, Handset, UA, parseForms } from './support/handset.js';
import { appendPoints } from '../core/course/points.js';

/** Grants points through the ledger, as the course does (one ref, once). */
async function grant(gw: TestGateway, memberId: number, points: number, ref: string) {
  await gw.booted.services.store.transaction((tx) => appendPoints(tx, { memberId, delta: points, kind: 'grant', ref, note: 'test', createdAt: Date.now() }));
}

/** Handsets of every markup and page-size class (ip: its carrier's gateway; cookies unless old i-mode). */
const HANDSETS = [
  { name: 'docomo P501i (5 KB cHTML)', ua: UA.docomo501, ip: CARRIER_IP.docomo, cookies: false, markup: 'chtml' },
  { name: 'docomo D505i (20 KB cHTML)', ua: UA.docomoMova, ip: CARRIER_IP.docomo, cookies: false, markup: 'chtml' },
  { name: 'docomo N905i (FOMA cHTML)', ua: UA.docomo, ip: CARRIER_IP.docomo, cookies: false, markup: 'chtml' },
  { name: 'au SH3I (XHTML, WAP CSS)', ua: UA.au, ip: CARRIER_IP.au, cookies: true, markup: 'xhtml-mp' },
  { name: 'SoftBank 930SH (XHTML, WAP CSS)', ua: UA.softbank, ip: CARRIER_IP.softbank, cookies: true, markup: 'xhtml-mp' },
  { name: 'J-PHONE (cHTML)', ua: UA.jphone, ip: CARRIER_IP.softbank, cookies: true, markup: 'chtml' },
  { name: 'Willcom WX320K (Opera)', ua: UA.willcom, ip: CARRIER_IP.willcom, cookies: true, markup: 'xhtml-mp' },
  { name: 'iPhone (HTML5)', ua: UA.iphone, ip: undefined, cookies: true, markup: 'html5' },
] as const;

describe.each(dialects())('mixi Collection (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect);
  const s = () => gw.booted.services;
  const demoAu = async () => (await s().store.members.findByLogin('demo_au'))!.id;

  /** A member of a handset kind, signed in by password as `signedInMember` does. */
  const visitorOn = async (ua: string, ip: string | undefined, cookies: boolean) => {
    const m = await signedInMember(gw, 'pc');
    const h = new Handset(gw, ua, { ...(ip ? { ip } : {}), keepsCookies: cookies });
    await h.passwordLogin(m.login, 'member-pass');
    const sid = new URL(h.last.url, gw.origin).searchParams.get('sid');
    return { h, go: (p: string) => h.get(sid ? `${p}${p.includes('?') ? '&' : '?'}sid=${sid}` : p) };
  };

  it('seeds three designs (free, points, campaign-branded) with one worn on auの花子 pages', async () => {
    const m = await signedInMember(gw, 'au');
    await m.go('/collection');
    expect(m.h.last.status).toBe(200);
    for (const name of ['さくら', '星空', 'レモンソーダ']) expect(m.h.last.text).toContain(name);
    expect(m.h.last.text).toContain('100pt');
    expect(m.h.last.text).toContain('提供: デモ飲料株式会社');
    const au = await demoAu();
    await m.go(`/members/${au}`);
    expect(m.h.last.text).toContain('background-color:#fff0f5');
  });

  it.each(HANDSETS)('dresses the owner\'s profile, diary and album pages for visitors on $name, within its page and image budget', async (hs) => {
    const au = await demoAu();
    const v = await visitorOn(hs.ua, hs.ip, hs.cookies);
    const device = (await (await gw.request('GET', '/qa/device', { headers: { 'User-Agent': hs.ua }, peer: hs.ip ?? '127.0.0.1' })).json()) as { maxPageBytes: number; screenWidth: number };
    const album = (await s().store.albums.byMember(au, ['members'], 1, 0))[0]!;
    for (const path of [`/members/${au}`, `/members/${au}/diary`, `/members/${au}/albums`, `/albums/${album.id}`]) {
      const page = await v.go(path);
      expect(page.status, path).toBe(200);
      expect(page.bytes.length, path).toBeLessThanOrEqual(device.maxPageBytes);
      if (hs.markup === 'chtml') {
        expect(page.text).toContain('<body bgcolor="#fff0f5" text="#663344" link="#cc3366" vlink="#cc3366">');
        expect(page.text).not.toContain('<style');
      } else {
        expect(page.text).toMatch(/<style( type="text\/css")?>body\{background-color:#fff0f5;color:#663344;background-image:url\(\/skins\/\d+\/background\/96\)\}a:link,a:visited\{color:#cc3366\}<\/style>/);
        expect(page.text).not.toContain('bgcolor=');
      }
      const header = /<img src="(\/skins\/\d+\/header\/\d+)"/.exec(page.text)?.[1];
      if (device.maxPageBytes < 12 * 1024) {
        expect(header, 'no images on the smallest pages').toBeUndefined();
        continue;
      }
      expect(header).toBeDefined();
      const img = await v.h.get(header!);
      expect(img.status).toBe(200);
      expect(img.bytes.length).toBeLessThanOrEqual(device.maxPageBytes / 8);
      expect(img.bytes.length + page.bytes.length).toBeLessThanOrEqual(device.maxPageBytes);
      expect((await Jimp.fromBuffer(Buffer.from(img.bytes))).width).toBeLessThanOrEqual(device.screenWidth);
    }
  });

  it('buys a points design once through the ledger, wears it where chosen, and takes it off', async () => {
    const m = await signedInMember(gw, 'au');
    await grant(gw, m.id, 150, `test-grant-${m.id}`);
    const visitor = await signedInMember(gw, 'softbank');
    await m.go('/collection');
    const star = (await s().collection.catalogue(m.id)).find((e) => e.skin.name === '星空')!.skin;

    // Two copies of the purchase form (a second tab, a resubmission): paid once.
    await m.go(`/collection/${star.id}`);
    const first = m.h.formTo(/acquire/);
    await m.go(`/collection/${star.id}`);
    const second = m.h.formTo(/acquire/);
    await m.h.submit(first, {});
    expect(m.h.last.status).toBe(200);
    expect(m.h.last.text).toContain('手に入れました');
    await m.h.submit(second, {});
    expect(m.h.last.text).toContain('もう持っています');
    expect(await s().points.balance(m.id)).toBe(50);
    expect((await s().points.history(m.id, 10, 0)).filter((e) => e.ref === `skin:${m.id}:${star.id}`)).toHaveLength(1);
    expect(await s().store.points.ledgerSum(m.id)).toBe(50);

    // Worn on the profile only: the visitor sees it there, the diary stays plain.
    await m.h.submit(m.h.formTo(/apply/), { area: 'profile' });
    expect(m.h.last.text).toContain('デザインを変更しました');
    await visitor.go(`/members/${m.id}`);
    expect(visitor.h.last.text).toContain('background-color:#101840');
    await visitor.go(`/members/${m.id}/diary`);
    expect(visitor.h.last.text).not.toContain('#101840');

    // A bad area is refused with a page; taking it off leaves the profile plain.
    await m.go(`/collection/${star.id}`);
    await m.h.submit(m.h.formTo(/apply/), { area: 'everywhere' });
    expect(m.h.last.status).toBe(400);
    expect(m.h.last.text).toContain('使う場所を選んでください');
    await m.go('/collection');
    await m.h.submit(m.h.formTo(/remove/), { area: 'profile' });
    expect(m.h.last.status).toBe(200);
    await visitor.go(`/members/${m.id}`);
    expect(visitor.h.last.text).not.toContain('#101840');
    // Still owned: wearing it again costs nothing.
    await m.go(`/collection/${star.id}`);
    expect(m.h.last.text).toContain('このデザインにする');
    expect(await s().points.balance(m.id)).toBe(50);
  });

  it('refuses a purchase the balance does not cover with a clear page, and designs not on offer or not owned', async () => {
    const m = await signedInMember(gw, 'docomo');
    await grant(gw, m.id, 40, `test-grant-${m.id}`);
    const star = (await s().collection.catalogue(m.id)).find((e) => e.skin.name === '星空')!.skin;
    await m.go(`/collection/${star.id}`);
    await m.h.submit(m.h.formTo(/acquire/), {});
    expect(m.h.last.status).toBe(409);
    expect(m.h.last.text).toContain('ポイントが足りません');
    expect(m.h.last.text).toContain('所持ポイントは40pt');
    expect(await s().points.balance(m.id)).toBe(40);
    expect(await s().store.skinOwners.owns(m.id, star.id)).toBe(false);

    // Not owned: cannot be worn. Ended campaign design: missing for those who never took it.
    const apply = await m.h.open('POST', `/collection/${star.id}/apply`, 'area=profile', 'application/x-www-form-urlencoded');
    expect([403, 404]).toContain(apply.status);
    const ended = await s().collection.addDesign({ name: '終わった夏', description: '', kind: 'campaign', pricePoints: 0, campaignId: null, sponsor: '昔の会社', bgColor: '#ffffff', textColor: '#000000', linkColor: '#0000ff', accent: '', availableFrom: null, availableUntil: Date.now() - 1000 });
    await m.go(`/collection/${ended}`);
    expect(m.h.last.status).toBe(404);
    await m.go('/collection');
    expect(m.h.last.text).not.toContain('終わった夏');
    // A free design is taken without touching the ledger.
    const sakura = (await s().collection.catalogue(m.id)).find((e) => e.skin.name === 'さくら')!.skin;
    await m.go(`/collection/${sakura.id}`);
    await m.h.submit(m.h.formTo(/acquire/), {});
    expect(m.h.last.text).toContain('手に入れました');
    expect(await s().points.balance(m.id)).toBe(40);
  });

  it('sells the last affordable design once when two purchases race, and the ledger equals the balances after a concurrent run', async () => {
    const a = await s().collection.addDesign({ name: '限定A', description: '', kind: 'points', pricePoints: 100, campaignId: null, sponsor: null, bgColor: '#000000', textColor: '#ffffff', linkColor: '#ff0000', accent: '', availableFrom: null, availableUntil: null });
    const b = await s().collection.addDesign({ name: '限定B', description: '', kind: 'points', pricePoints: 100, campaignId: null, sponsor: null, bgColor: '#000000', textColor: '#ffffff', linkColor: '#00ff00', accent: '', availableFrom: null, availableUntil: null });
    const members = await Promise.all(Array.from({ length: 4 }, () => signedInMember(gw, 'au')));
    for (const m of members) await grant(gw, m.id, 100, `race-${m.id}`);
    const formsOf = async (m: (typeof members)[number], id: number, n: number) => {
      const out = [];
      for (let i = 0; i < n; i++) {
        await m.go(`/collection/${id}`);
        out.push(parseForms(m.h.last.text).find((f) => /acquire/.test(f.action))!);
      }
      return out;
    };
    const post = (m: (typeof members)[number], form: { action: string; fields: Record<string, string> }) =>
      m.h.open('POST', form.action, new URLSearchParams(form.fields).toString(), 'application/x-www-form-urlencoded', false);

    // Each member: the two designs at once (only one affordable), and the same design twice at once.
    const runs = await Promise.all(
      members.map(async (m) => {
        const [fa1, fa2] = await formsOf(m, a, 2);
        const [fb] = await formsOf(m, b, 1);
        return Promise.all([post(m, fa1!), post(m, fb!), post(m, fa2!)]);
      }),
    );
    for (const [i, m] of members.entries()) {
      const statuses = runs[i]!.map((r) => r.status);
      const bought = statuses.filter((x) => x === 200).length;
      expect(statuses.every((x) => x === 200 || x === 409), String(statuses)).toBe(true);
      const owned = (await s().store.skinOwners.owned(m.id)).map((o) => o.skinId).filter((id) => id === a || id === b);
      expect(owned).toHaveLength(1);
      expect(bought).toBeGreaterThanOrEqual(1);
      expect(await s().points.balance(m.id)).toBe(0);
      expect(await s().store.points.ledgerSum(m.id)).toBe(0);
      expect((await s().points.history(m.id, 10, 0)).filter((e) => e.kind === 'spend')).toHaveLength(1);
    }
  });
});
