import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { signedInMember, postDiary } from './support/members.js';
import { campaignWith, gif } from './support/ads.js';
import { adDay, adWeek, ageAt } from '../core/ads/rules.js';
import { WEEKLY_SLOTS } from '../core/ads/rules.js';
import { Handset, UA } from './support/handset.js';

const clock = { t: Date.parse('2026-11-18T03:00:00Z'), now() { return this.t; } };

describe.each(dialects())('advertising placements (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect, { SEED_DEMO: '0' }, clock);
  const s = () => gw.booted.services;
  const member = async (kind: 'docomo' | 'au' | 'softbank' | 'pc', gender: 'male' | 'female' | 'none' = 'none', birthDate = '1990-01-01') => {
    const m = await signedInMember(gw, kind, { createdAt: clock.now(), birthDate });
    const p = await s().profiles.get(m.id);
    await s().profiles.update(m.id, { ...p, gender, topSections: [...p.topSections] });
    s().ads.refresh(); // a changed gender otherwise reaches targeting within minutes
    return m;
  };
  const adImages = (text: string) => [...text.matchAll(/\/ads\/img\/(\d+)/g)].map((x) => Number(x[1]));
  const report = async (advertiserId: number, campaignId: number) => s().advertisers.report(advertiserId, campaignId);

  it('shows the XL banner on the completion screens of a diary, a comment and a message, counted once per member per day', async () => {
    const ad = await campaignWith(gw, { placements: ['xl'], carriers: ['docomo'] });
    const m = await member('docomo', 'male');
    const id = await postDiary(m, { title: '今日', body: 'はれ', visibility: 'members' });
    expect(m.h.last.text).toContain('日記を書きました');
    expect(adImages(m.h.last.text)).toContain(ad.creatives[0]);
    expect(m.h.last.text).toMatch(/width="192" height="106"/);
    await m.h.submit(m.h.form('body'), { body: 'こめんと' });
    expect(m.h.last.text).toContain('コメントを書きました');
    expect(adImages(m.h.last.text)).toContain(ad.creatives[0]);
    const friend = await member('au');
    await m.go(`/messages/new?to=${friend.id}`);
    await m.h.submit(m.h.form('subject'), { subject: 'やあ', body: 'げんき?' });
    expect(m.h.last.text).toContain('メッセージを送信しました');
    expect(adImages(m.h.last.text)).toContain(ad.creatives[0]);
    await m.go(`/diary/${id}?done=diary`); // a reload
    const r = await report(ad.advertiserId, ad.campaignId);
    const today = r.days.find((d) => d.day === adDay(clock.now()))!;
    expect(today).toMatchObject({ impressions: 1, uniques: 1, clicks: 0 });
    expect(r.by.gender).toEqual([{ key: 'male', impressions: 1, clicks: 0 }]);
    expect(r.by.carrier[0]!.key).toBe('docomo');
  });

  it('targets by gender, age band and carrier', async () => {
    const ad = await campaignWith(gw, { placements: ['top'], target: 'female', gender: 'female', ageMin: 20, ageMax: 29, carriers: ['au'] });
    const fit = await member('au', 'female', '2000-05-05');
    const man = await member('au', 'male', '2000-05-05');
    const old = await member('au', 'female', '1960-05-05');
    const docomo = await member('docomo', 'female', '2000-05-05');
    await fit.go('/');
    expect(adImages(fit.h.last.text)).toContain(ad.creatives[0]);
    // The banner (120 px wide) fits every screen; a narrower handset gets a narrowed image.
    const img = await fit.h.get(`/ads/img/${ad.creatives[0]}?w=96`);
    expect(img.headers.get('content-type')).toBe('image/gif');
    expect(img.bytes[6]! | (img.bytes[7]! << 8)).toBe(96); // the GIF screen width
    // Handsets that keep the session in the URL fetch images without it: the banner still loads.
    const bare = await gw.request('GET', `/ads/img/${ad.creatives[0]}`, { headers: { 'User-Agent': 'DoCoMo/2.0 N905i(c100;TB;W24H16)' } });
    expect([bare.status, bare.headers.get('content-type')]).toEqual([200, 'image/gif']);
    // Only the widths pages ask for are made: any other is refused, not resized on demand.
    for (const w of [60, 97, 119]) expect((await fit.h.get(`/ads/img/${ad.creatives[0]}?w=${w}`)).status).toBe(404);
    for (const other of [man, old, docomo]) {
      await other.go('/');
      expect(adImages(other.h.last.text)).not.toContain(ad.creatives[0]);
    }
  });

  it('refuses to sell beyond the week’s slots, also to two sales racing for the last one', async () => {
    const { campaignId } = await campaignWith(gw, { placements: [] });
    const week = adWeek(clock.now() + 7 * 86_400_000);
    const cap = WEEKLY_SLOTS.xl.male;
    for (let i = 0; i < cap - 1; i++) await s().adSales.book(campaignId, 'xl', 'male', week, 1000);
    const race = await Promise.allSettled([s().adSales.book(campaignId, 'xl', 'male', week, 1000), s().adSales.book(campaignId, 'xl', 'male', week, 1000)]);
    expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    await expect(s().adSales.book(campaignId, 'xl', 'male', week, 1000)).rejects.toMatchObject({ code: 'invalid_input' });
    // Weeks are named by their Monday, and past weeks are not for sale.
    await expect(s().adSales.book(campaignId, 'xl', 'all', '2026-11-31', 1000)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(s().adSales.book(campaignId, 'xl', 'all', '2026-11-24', 1000)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(s().adSales.book(campaignId, 'xl', 'all', adWeek(clock.now() - 7 * 86_400_000), 1000)).rejects.toMatchObject({ code: 'invalid_input' });
    const cal = await s().ads.calendar([week]);
    expect(cal[0]!.cells.find((x) => x.placement === 'xl' && x.target === 'male')).toMatchObject({ sold: cap, cap });
    // Other targets of the same week are still for sale.
    await expect(s().adSales.book(campaignId, 'xl', 'female', week, 1000)).resolves.toBeGreaterThan(0);
  });

  it('rotates several campaigns in a slot fairly', async () => {
    const a = await campaignWith(gw, { placements: ['top'], carriers: ['softbank'] });
    const b = await campaignWith(gw, { placements: ['top'], carriers: ['softbank'] });
    const m = await member('softbank');
    const shown: number[] = [];
    for (let i = 0; i < 10; i++) {
      await m.go('/');
      shown.push(...adImages(m.h.last.text));
    }
    const na = shown.filter((x) => x === a.creatives[0]).length;
    const nb = shown.filter((x) => x === b.creatives[0]).length;
    expect(na + nb).toBe(10);
    expect(Math.abs(na - nb)).toBeLessThanOrEqual(1);
  });

  it('greets a member with the login jack once per campaign, with the top page right there', async () => {
    const m = await member('pc');
    const ad = await campaignWith(gw, { placements: ['jack'], carriers: ['pc'], corner: 'ジャックの部屋' });
    await m.go('/');
    expect(m.h.last.text).toContain('おしらせ');
    expect(adImages(m.h.last.text)).toContain(ad.creatives[0]);
    expect(m.h.signedIn()).toBe(true); // the way on: the top page's menu is on the same page
    const again = await m.fresh();
    await again.get('/');
    expect(adImages(again.last.text)).not.toContain(ad.creatives[0]);
  });

  it('counts a click and sends it only to the campaign’s registered destination, through the session-free interstitial', async () => {
    const ad = await campaignWith(gw, { placements: ['top'], carriers: ['au'] });
    const m = await member('au', 'female');
    await m.go('/');
    const click = m.h.links().find((l) => l.includes(`/ads/click/${ad.creatives[0]}`))!;
    expect(click).toBeDefined();
    const first = await m.h.get(click, false);
    expect(first.status).toBe(302);
    const loc = new URL(first.headers.get('location')!);
    expect(loc.pathname).toBe('/r');
    expect(loc.search).not.toMatch(/sid=/);
    expect(loc.searchParams.get('u')).toBe(ad.destination);
    const page = await m.h.get(loc.pathname + loc.search);
    expect(page.text).toContain(ad.destination);
    await m.h.get(click, false); // a second click the same day counts once
    // No way to point a click elsewhere: unknown creatives, extra parameters, other hosts.
    expect((await m.h.get('/ads/click/999999', false)).status).toBe(404);
    const tampered = await m.h.get(`${click}${click.includes('?') ? '&' : '?'}u=https://evil.example/`, false);
    expect(new URL(tampered.headers.get('location')!).searchParams.get('u')).toBe(ad.destination);
    await expect(s().adSales.addCreative(ad.campaignId, { placement: 'top', image: await gif(120, 30), alt: 'x', destination: 'https://evil.example/' })).rejects.toMatchObject({ code: 'invalid_input' });
    // A member never shown the banner (another carrier: not targeted) clicks it by its address: not counted.
    const outsider = await member('docomo', 'male');
    expect((await outsider.h.get(`/ads/click/${ad.creatives[0]}`, false)).status).toBe(302);
    const r = await report(ad.advertiserId, ad.campaignId);
    expect(r.days.at(-1)).toMatchObject({ impressions: 1, clicks: 1 });
  });

  it('releases a corner’s chapters on schedule, and takes sign-ups only with consent', async () => {
    const ad = await campaignWith(gw, { placements: [], corner: 'レモン物語', signup: '好きな味は?', carriers: ['willcom'] });
    await s().adSales.addChapter(ad.campaignId, '出会い', '第一話の本文😊', clock.now() - 1000);
    const later = await s().adSales.addChapter(ad.campaignId, '別れ', '第二話の本文', clock.now() + 86_400_000);
    const m = await member('pc');
    await m.go(`/ads/corners/${ad.campaignId}`);
    expect(m.h.last.text).toContain('出会い');
    expect(m.h.last.text).not.toContain('別れ');
    await m.go(`/ads/corners/${ad.campaignId}/chapters/${later}`);
    expect(m.h.last.status).toBe(404);
    await m.go(`/ads/corners/${ad.campaignId}`);
    await m.h.submit(m.h.form('answer'), { answer: 'はちみつ' }); // consent box left unticked
    expect(m.h.last.status).toBe(400);
    expect(m.h.last.text).toContain('同意が必要です');
    expect(await s().advertisers.signups(ad.advertiserId, ad.campaignId)).toEqual([]);
    await m.h.submit(m.h.form('answer'), { answer: 'はちみつ', consent: '1' });
    expect(m.h.last.text).toContain('ご応募ありがとうございました');
    const got = await s().advertisers.signups(ad.advertiserId, ad.campaignId);
    expect(got).toMatchObject([{ memberId: m.id, answer: 'はちみつ' }]);
    expect(JSON.stringify(got)).not.toMatch(/guid|DEMO|subscriber/i);
    clock.t += 86_400_000;
    s().ads.refresh();
    const next = await m.fresh();
    await next.get(`/ads/corners/${ad.campaignId}`);
    await next.follow(new RegExp(`/chapters/${later}`));
    expect(next.last.text).toContain('第二話の本文');
    clock.t -= 86_400_000;
    s().ads.refresh();
  });

  it('does not count crawlers or the emulator', async () => {
    // Only this member fits this campaign (born 1950), so the one view shown is the one counted.
    const ad = await campaignWith(gw, { placements: ['xl'], carriers: ['softbank'], gender: 'female', ageMin: 70 });
    const m = await member('softbank', 'female', '1950-01-01');
    const id = await postDiary(m, { title: 'e', body: 'e', visibility: 'members' });
    // The same member's page through the emulator (c.env.qa) is not counted.
    const sid = new URL(m.home, gw.origin).searchParams.get('sid');
    const url = `/diary/${id}?done=diary${sid ? `&sid=${sid}` : ''}`;
    await gw.app.request(`${gw.origin}${url}`, { headers: { Host: new URL(gw.origin).host, 'User-Agent': m.h.ua } }, { peerAddress: '123.108.237.1', qa: true });
    const crawler = new Handset(gw, UA.docomo.replace('DoCoMo', 'DoCoMo') + ' (compatible; Googlebot-Mobile/2.1)');
    await crawler.get(`/diary/${id}?done=diary`);
    const r = await report(ad.advertiserId, ad.campaignId);
    expect(r.days.at(-1)!.impressions).toBe(1); // the member's own view only
  });
});

describe('sales weeks and days (core/ads/rules.ts)', () => {
  it('names the Monday of the week and the day in Japan, whatever order the moments come in', () => {
    const DAY = 86_400_000;
    const JST = 9 * 3600_000;
    // 2026-11-30 was a Monday: the week runs to Sunday 2026-12-06, 23:59:59.999 in Japan.
    const mondayJst = Date.UTC(2026, 10, 30) - JST;
    expect(adWeek(mondayJst)).toBe('2026-11-30');
    expect(adWeek(mondayJst - 1)).toBe('2026-11-23');
    expect(adWeek(mondayJst + 7 * DAY - 1)).toBe('2026-11-30');
    expect(adWeek(mondayJst + 7 * DAY)).toBe('2026-12-07');
    expect(adDay(mondayJst - 1)).toBe('2026-11-29');
    expect(adDay(mondayJst)).toBe('2026-11-30');
    // Moments back and forth across days (each name is kept for the last day asked).
    let seed = 7;
    for (let i = 0; i < 500; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const t = mondayJst + (seed % (40 * DAY)) - 20 * DAY;
      const day = Math.floor((t + JST) / DAY);
      expect(adDay(t)).toBe(new Date(day * DAY).toISOString().slice(0, 10));
      expect(adWeek(t)).toBe(new Date((day - ((day + 3) % 7)) * DAY).toISOString().slice(0, 10));
    }
  });

  it('counts an age by the date in Japan, the birthday itself included', () => {
    const JST = 9 * 3600_000;
    const at = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h) - JST;
    expect(ageAt('2006-12-01', at(2026, 11, 30, 23))).toBe(19);
    expect(ageAt('2006-12-01', at(2026, 12, 1))).toBe(20);
    expect(ageAt('2006-11-30', at(2026, 11, 30))).toBe(20);
    expect(ageAt('2006-11-30', at(2026, 11, 29, 23))).toBe(19);
    expect(ageAt('1990-02-28', at(2027, 2, 27))).toBe(36);
    expect(ageAt('2006-12-01', at(2026, 12, 1))).toBe(20); // asked again the same day
    expect(ageAt('2006-12-01', at(2026, 11, 30, 23))).toBe(19); // and the day before again
  });
});
