import type { Context } from 'hono';
import type { Creative, Placement } from '../core/ads/ports.js';
import type { Viewer } from '../core/ads/rules.js';
import type { Page } from '../templates/layout.js';
import { banner, type BannerView } from '../templates/pages/ads.js';
import { heading, hr, link, para } from '../templates/components.js';
import { h, type Child } from '../templates/html.js';
import type { AppEnv } from './env.js';
import type { Services } from './services.js';

/** The signed-in viewer as targeting sees it (gender from the profile, age, the carrier adapter's id). */
export async function viewerOf(c: Context<AppEnv>, s: Services): Promise<Viewer | null> {
  const m = c.get('member');
  if (!m) return null;
  const gender = await s.ads.gender(m.id, async () => (await s.profiles.get(m.id)).gender);
  return { memberId: m.id, gender, birthDate: m.birthDate, carrier: c.get('device').carrier };
}

/** Views that count: never crawlers, nor the emulator's or other QA tools' requests. */
export function counted(c: Context<AppEnv>): boolean {
  return !c.get('device').crawler && c.env?.qa !== true;
}

/**
 * Widths a banner is scaled to: the handset's screen width rounded down to one of these, so the
 * image route resizes a creative at most this many ways (any other width is refused there).
 */
export const BANNER_WIDTHS = [96, 120, 132, 144, 160, 176, 192, 200, 220, 230, 240] as const;

/** The creative scaled to the handset's screen (never wider than it, never enlarged). */
export function bannerView(c: Context<AppEnv>, cr: Creative): BannerView {
  const screen = c.get('device').screenWidth;
  const w = Math.min(cr.width, [...BANNER_WIDTHS].reverse().find((x) => x <= screen) ?? BANNER_WIDTHS[0]);
  return { href: `/ads/click/${cr.id}`, src: w < cr.width ? `/ads/img/${cr.id}?w=${w}` : `/ads/img/${cr.id}`, width: w, height: Math.max(1, Math.round((cr.height * w) / cr.width)), alt: cr.alt };
}

/** A placement's banner for this viewer, counted as one impression (or nothing when none fits). */
export async function placementBanner(c: Context<AppEnv>, s: Services, placement: Placement) {
  const view = await placementBannerView(c, s, placement);
  return view && banner(view);
}

async function placementBannerView(c: Context<AppEnv>, s: Services, placement: Placement): Promise<BannerView | null> {
  if (!c.get('member') || !(await s.ads.serving(placement))) return null;
  const v = await viewerOf(c, s);
  if (!v) return null;
  const cr = await s.ads.pick(v, placement);
  if (!cr) return null;
  s.ads.note('i', v, cr, counted(c));
  return bannerView(c, cr);
}

const DONE: Record<string, string> = { diary: '日記を書きました。', comment: 'コメントを書きました。', message: 'メッセージを送信しました。' };

/** A completion screen: after posting, the page says so and carries the XL banner on top. */
export async function withCompletion(c: Context<AppEnv>, s: Services, page: Page): Promise<Page> {
  const done = DONE[c.get('query').get('done') ?? ''];
  if (!done || !c.get('member')) return page; // a guest following such a link posted nothing
  const b = await placementBanner(c, s, 'xl');
  return { ...page, blocks: [para(done), b, ...page.blocks] };
}

/**
 * The top page's advertising: the login jack (the first top page a member opens while a jack
 * campaign runs takes it over, once per member per campaign, with the top page right below it),
 * else the top-page banner; and links to running campaigns' corners.
 */
export async function topAds(c: Context<AppEnv>, s: Services): Promise<TopAds | null> {
  const corners = await s.ads.corners();
  const v = corners.length || (await s.ads.serving('jack')) || (await s.ads.serving('top')) ? await viewerOf(c, s) : null;
  if (!v) return null;
  const jack = await s.ads.jack(v);
  if (jack) s.ads.note('i', v, jack, counted(c));
  const view = jack ? bannerView(c, jack) : await placementBannerView(c, s, 'top');
  if (!view && !corners.length) return null;
  const links = corners.map((k) => [k.id, k.cornerTitle] as const);
  return {
    part: [hr(), jack ? heading('おしらせ') : null, view && banner(view), ...links.map(([id, title]) => [link(`/ads/corners/${id}`, `★${title}`), h('br')])],
    key: JSON.stringify([jack ? 1 : 0, view, links]),
  };
}

/**
 * The top page's advertising for one view, and `key`: everything it is made from, so two views
 * with the same key render the same markup for the same handset and session (gateway/render.ts
 * keeps its encoded bytes per kept page).
 */
export interface TopAds {
  part: Child;
  key: string;
}
