import type { Context } from 'hono';
import { deleteCookie, requestCookie, setCookie } from '../headers.js';
import type { Services } from '../services.js';
import type { AppEnv } from '../env.js';
import { redirectTo, sendPage } from '../render.js';
import { handleForm } from '../forms.js';
import { limitClient } from '../middleware/session.js';
import { DomainError } from '../../core/errors.js';
import type { Advertiser, Placement } from '../../core/ads/ports.js';
import { toCsv } from '../../core/ads/csv.js';
import { japanWallClock } from '../../core/time.js';
import { consoleHomePage, consoleLoginPage, reportPage, signupsPage } from '../../templates/pages/ads-console.js';
import { feature, type Feature } from './feature.js';
import { idParam } from './shared.js';

/** The advertiser's own cookie: never a member session (another table, another name, this path only). */
const COOKIE = 'ashiato_adv';
const PREVIEWS = [
  { label: 'docomo(240)', width: 240 },
  { label: 'au(236)', width: 236 },
  { label: 'SoftBank(230)', width: 230 },
  { label: '小画面(120)', width: 120 },
];
const day = (ms: number) => japanWallClock(ms).toISOString().slice(0, 16).replace('T', ' ');

async function advertiser(c: Context<AppEnv>, s: Services): Promise<Advertiser> {
  const a = await s.advertisers.resume(requestCookie(c, COOKIE) ?? '');
  if (!a) throw new DomainError('forbidden');
  return a;
}

/** Every page but the login: a visitor without an advertiser session is sent to sign in. */
async function signedIn(c: Context<AppEnv>, s: Services, page: (a: Advertiser) => Promise<Response>): Promise<Response> {
  const a = await s.advertisers.resume(requestCookie(c, COOKIE) ?? '');
  if (!a) return redirectTo(c, '/advertiser/login');
  return page(a);
}

async function report(c: Context<AppEnv>, s: Services, a: Advertiser, id: number, upload?: { errors?: Record<string, string> }) {
  const r = await s.advertisers.report(a.id, id);
  const creatives = await s.advertisers.creatives(a.id, id);
  return reportPage({ id, name: r.campaign.name, days: r.days, by: r.by, booked: r.booked, delivered: r.delivered, creatives, destinations: r.campaign.destinations, previews: PREVIEWS, ...(upload ? { upload } : {}) });
}

/** The advertiser console at /advertiser (PC): its own accounts; each advertiser sees only its own campaigns. */
export function advertiserRoutes(s: Services): Feature {
  const f = feature({ auth: 'guest', uploads: [/^\/advertiser\/campaigns\/\d{1,12}\/creatives$/] });

  f.get('/advertiser/login', (c) => sendPage(c, consoleLoginPage()));
  f.post('/advertiser/login', (c) => {
    const login = (c.get('form').get('login') ?? '').trim();
    return handleForm(c, {
      act: async () => {
        const { token } = await s.advertisers.login(login, c.get('form').get('password') ?? '', limitClient(c));
        setCookie(c, COOKIE, token, { path: '/advertiser', httpOnly: true, sameSite: 'Strict', secure: s.config.secureCookies });
        return redirectTo(c, '/advertiser');
      },
      refuse: (e) => (e.code === 'invalid_credentials' ? 401 : e.code === 'rate_limited' ? 429 : null),
      rerender: (r) => consoleLoginPage({ login, error: r.code === 'rate_limited' ? '試行回数が多すぎます。しばらくしてからお試しください。' : 'ログインIDかパスワードが違います。' }),
    });
  });
  f.post('/advertiser/logout', async (c) => {
    const t = requestCookie(c, COOKIE);
    if (t) await s.advertisers.logout(t);
    deleteCookie(c, COOKIE, { path: '/advertiser' });
    return redirectTo(c, '/advertiser/login');
  });

  f.get('/advertiser', (c) =>
    signedIn(c, s, async (a) => {
      const list = await s.advertisers.campaigns(a.id);
      return sendPage(c, consoleHomePage(a.name, list.map((x) => ({ id: x.id, name: x.name, period: `${day(x.startsAt).slice(0, 10)}〜${day(x.endsAt).slice(0, 10)}` }))));
    }),
  );

  f.get('/advertiser/campaigns/:id{[0-9]+}', (c) => signedIn(c, s, async (a) => sendPage(c, await report(c, s, a, idParam(c, 'id')))));

  f.get('/advertiser/campaigns/:id{[0-9]+}/report.csv', (c) =>
    signedIn(c, s, async (a) => {
      const r = await s.advertisers.report(a.id, idParam(c, 'id'), 60);
      const csv = toCsv([['day', 'placement', 'creative', 'gender', 'age', 'carrier', 'impressions', 'clicks'], ...r.rows.map((x) => [x.day, x.placement, x.creativeId, ...x.group.split(':'), x.impressions, x.clicks])]);
      return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=UTF-8', 'Content-Disposition': `attachment; filename="campaign-${r.campaign.id}.csv"`, 'Cache-Control': 'no-store' });
    }),
  );

  f.get('/advertiser/campaigns/:id{[0-9]+}/signups', (c) =>
    signedIn(c, s, async (a) => {
      const id = idParam(c, 'id');
      const camp = await s.advertisers.own(a.id, id);
      const rows = await s.advertisers.signups(a.id, id);
      return sendPage(c, signupsPage(id, camp.name, rows.map((r) => ({ nickname: r.nickname, answer: r.answer, createdAt: day(r.createdAt) }))));
    }),
  );

  f.get('/advertiser/creatives/:id{[0-9]+}/image', async (c) => {
    const r = await s.advertisers.creativeImage((await advertiser(c, s)).id, idParam(c, 'id'));
    return c.body(r.image as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': r.creative.mime, 'Cache-Control': 'private, no-store' });
  });

  f.post('/advertiser/campaigns/:id{[0-9]+}/creatives', (c) =>
    signedIn(c, s, async (a) => {
      const id = idParam(c, 'id');
      const form = c.get('form');
      return handleForm(c, {
        act: async () => {
          await s.advertisers.own(a.id, id);
          await s.adSales.addCreative(id, { placement: (form.get('placement') ?? '') as Placement, image: c.get('uploads').get('image') ?? new Uint8Array(), alt: form.get('alt') ?? '', destination: form.get('destination') ?? '' });
          return redirectTo(c, `/advertiser/campaigns/${id}`);
        },
        rerender: (r) => report(c, s, a, id, { errors: r.fields }),
      });
    }),
  );

  return f;
}
