import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { Handset, UA } from './support/handset.js';
import { signedInMember } from './support/members.js';
import { campaignWith, gif } from './support/ads.js';
import { Jimp } from 'jimp';
import { toCsv } from '../core/ads/csv.js';
import { adDay } from '../core/ads/rules.js';

const clock = { t: Date.parse('2026-11-18T03:00:00Z'), now() { return this.t; } };

async function multipart(fields: Record<string, string>, file?: { name: string; bytes: Uint8Array }) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (file) fd.append(file.name, new Blob([file.bytes as Uint8Array<ArrayBuffer>]), 'banner.gif');
  const req = new Request('http://x/', { method: 'POST', body: fd });
  return { body: new Uint8Array(await req.arrayBuffer()), type: req.headers.get('content-type')! };
}

describe('report CSV', () => {
  it('never hands a spreadsheet a formula', () => {
    expect(toCsv([['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)', 'ok', 3]])).toBe(`"'=HYPERLINK(""http://x"")","'+1","'-2","'@SUM(A1)","ok","3"\r\n`);
  });
});

describe.each(dialects())('advertiser console (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect, { SEED_DEMO: '0' }, clock);
  const s = () => gw.booted.services;
  const pc = () => new Handset(gw, UA.pc, { keepsCookies: true });

  async function advertiserWithCampaign(login: string) {
    const id = await s().adSales.createAdvertiser(login, `${login}株式会社`, 'advertiser-pass');
    const ad = await campaignWith(gw, { placements: ['xl'], advertiserId: id, carriers: ['au'], signup: '感想は?', corner: `${login}コーナー` });
    const h = pc();
    await h.get('/advertiser/login');
    await h.submit(h.form('password'), { login, password: 'advertiser-pass' });
    expect(h.last.text).toContain('キャンペーン一覧');
    return { ...ad, h };
  }

  it('reports the day’s impressions, uniques, clicks and CTR by group with a server-drawn chart, and a CSV safe to open', async () => {
    const a = await advertiserWithCampaign('adv-report');
    const viewers = [await signedInMember(gw, 'au', { createdAt: clock.now() }), await signedInMember(gw, 'au', { createdAt: clock.now() })];
    for (const v of viewers) {
      await v.go('/diary/new');
      await v.h.submit(v.h.form('body'), { title: 't', body: 'b', visibility: 'members' });
    }
    await viewers[0]!.h.get(viewers[0]!.h.links().find((l) => l.includes('/ads/click/'))!, false);
    await a.h.follow(new RegExp(`/advertiser/campaigns/${a.campaignId}$`));
    const page = a.h.last.text;
    expect(page).toMatch(/<svg[^>]*id="report-chart"/);
    expect(page).toMatch(new RegExp(`data-day="${adDay(clock.now())}" data-impressions="2"`));
    expect(page).toMatch(/<td>2<\/td><td>2<\/td><td>1<\/td><td>50\.00%<\/td>/);
    expect(page).toContain('予約インプレッション 100000 / 配信済み 2');
    const csv = await a.h.get(`/advertiser/campaigns/${a.campaignId}/report.csv`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.text).toMatch(/"xl",".*","none","30-39","au","2","1"/);
  });

  it('keeps every advertiser to its own campaigns, creatives, reports, CSV and sign-ups, by any id', async () => {
    const a = await advertiserWithCampaign('adv-one');
    const b = await advertiserWithCampaign('adv-two');
    for (const path of [`/advertiser/campaigns/${b.campaignId}`, `/advertiser/campaigns/${b.campaignId}/report.csv`, `/advertiser/campaigns/${b.campaignId}/signups`, `/advertiser/creatives/${b.creatives[0]}/image`]) {
      const r = await a.h.get(path);
      expect(r.status, path).toBe(404);
      expect(r.text).not.toContain('adv-two');
    }
    await a.h.get('/advertiser');
    expect(a.h.last.text).not.toContain(`/advertiser/campaigns/${b.campaignId}"`);
    // Uploading into another's campaign is refused the same way.
    await a.h.get(`/advertiser/campaigns/${a.campaignId}`);
    const fields = a.h.form('alt').fields;
    const body = await multipart({ ...fields, placement: 'xl', destination: b.destination, alt: 'x' }, { name: 'image', bytes: await gif() });
    expect((await a.h.open('POST', `/advertiser/campaigns/${b.campaignId}/creatives`, body.body, body.type)).status).toBe(404);
    expect((await s().advertisers.creatives(b.advertiserId, b.campaignId)).length).toBe(1);
  });

  it('checks uploaded creatives (format, 192×106 for the XL banner, bytes) and previews them per handset', async () => {
    const a = await advertiserWithCampaign('adv-upload');
    const send = async (bytes: Uint8Array, placement = 'xl') => {
      await a.h.get(`/advertiser/campaigns/${a.campaignId}`);
      const m = await multipart({ ...a.h.form('alt').fields, placement, destination: a.destination, alt: '新作' }, { name: 'image', bytes });
      return a.h.open('POST', `/advertiser/campaigns/${a.campaignId}/creatives`, m.body, m.type);
    };
    expect((await send(await gif(200, 100))).text).toContain('192×106');
    const png = new Uint8Array(await new Jimp({ width: 192, height: 106, color: 0xffffffff }).getBuffer('image/png'));
    expect((await send(png)).text).toContain('GIF');
    expect((await send(new Uint8Array(20_000).fill(7))).text).toContain('10KB');
    expect((await send(new TextEncoder().encode('<svg/>'))).status).toBe(400);
    // A placement named after an Object property is refused, not a 500.
    for (const placement of ['constructor', '__proto__', 'toString']) expect((await send(await gif(192, 106), placement)).status).toBe(400);
    const ok = await send(await gif(192, 106, 0x0000ffff));
    expect(ok.status).toBe(200);
    const creatives = await s().advertisers.creatives(a.advertiserId, a.campaignId);
    expect(creatives).toHaveLength(2);
    expect(ok.text).toMatch(/小画面\(120\): <img src="\/advertiser\/creatives\/\d+\/image" width="120" height="66"/);
  });

  it('has its own accounts: an advertiser session is no member session, and a member none of the console’s', async () => {
    const a = await advertiserWithCampaign('adv-separate');
    await a.h.get('/');
    expect(a.h.signedIn()).toBe(false);
    const m = await signedInMember(gw, 'pc');
    await m.h.get('/advertiser');
    expect(m.h.last.url).toBe('/advertiser/login');
    // Wrong passwords are throttled like members' logins.
    const h = pc();
    let last = 0;
    for (let i = 0; i < 12; i++) {
      await h.get('/advertiser/login');
      last = (await h.submit(h.form('password'), { login: 'adv-separate', password: `wrong-${i}` })).status;
    }
    expect(last).toBe(429);
  });
});
