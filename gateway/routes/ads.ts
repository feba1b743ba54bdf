import type { Services } from '../services.js';
import { sendPage } from '../render.js';
import { handleForm } from '../forms.js';
import { signOutbound, withParams } from '../links.js';
import { BANNER_WIDTHS, counted, placementBanner, viewerOf } from '../ad-view.js';
import { chapterPage, cornerPage, type CornerView } from '../../templates/pages/ads.js';
import { feature, type Feature } from './feature.js';
import { idParam, memberId, notFound } from './shared.js';
import type { Context } from 'hono';
import type { AppEnv } from '../env.js';
import { resizeBanner } from '../../media/banner-resize.js';

async function corner(c: Context<AppEnv>, s: Services, id: number, signup: Partial<NonNullable<CornerView['signup']>> = {}) {
  const { campaign, chapters } = await s.ads.corner(id);
  return cornerPage({
    id,
    title: campaign.cornerTitle || campaign.name,
    body: campaign.cornerBody,
    banner: await placementBanner(c, s, 'top'),
    chapters: chapters.map((ch) => ({ id: ch.id, title: ch.title })),
    signup: campaign.signupQuestion ? { question: campaign.signupQuestion, done: false, ...signup } : null,
  });
}

/** Member-facing advertising: campaign corners, their chapters and sign-up forms, and clicks. */
export function adRoutes(s: Services): Feature {
  // Not the whole of /ads/*: banner images (/ads/img) are fetched without a session by handsets
  // that keep it in the URL (images carry none), so they are served by adImageRoutes to anyone.
  const f = feature({ auth: 'member', areas: ['/ads/corners/*', '/ads/click/*'], guestPaths: [] });

  f.get('/ads/corners/:id{[0-9]+}', async (c) => sendPage(c, await corner(c, s, idParam(c, 'id'))));

  f.get('/ads/corners/:id{[0-9]+}/chapters/:ch{[0-9]+}', async (c) => {
    const { campaign, chapters } = await s.ads.corner(idParam(c, 'id'));
    const ch = chapters.find((x) => x.id === idParam(c, 'ch'));
    if (!ch) notFound(); // not released yet, or another campaign's
    return sendPage(c, chapterPage(campaign.id, campaign.cornerTitle || campaign.name, ch.title, ch.body));
  });

  f.post('/ads/corners/:id{[0-9]+}/signup', (c) => {
    const id = idParam(c, 'id');
    const answer = c.get('form').get('answer') ?? '';
    return handleForm(c, {
      act: async () => {
        await s.ads.signup(id, { id: memberId(c), nickname: c.get('member')!.nickname }, { answer, consent: c.get('form').get('consent') === '1' });
        return sendPage(c, await corner(c, s, id, { done: true }));
      },
      rerender: async (r) => corner(c, s, id, { answer, errors: r.fields }),
    });
  });

  // A click is counted, then the member goes on through the outbound interstitial, whose address
  // carries no session (so the advertiser's site never sees one in a Referer). Only the creative's
  // destination, and only while it is one of its campaign's registered ones, is ever a target.
  f.get('/ads/click/:id{[0-9]+}', async (c) => {
    const hit = await s.ads.click(idParam(c, 'id'));
    if (!hit) notFound();
    const v = await viewerOf(c, s);
    if (v) await s.ads.noteClick(v, hit.creative, counted(c));
    const r = c.get('render');
    return c.body(null, 302, { Location: `${r.publicOrigin}${withParams('/r', { u: hit.url, k: signOutbound(r.linkKey, hit.url) })}`, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
  });

  return f;
}

/** Creative images: served to whoever loads the page's image (handsets send no session with images). */
export function adImageRoutes(s: Services): Feature {
  const f = feature({ auth: 'guest' });
  // Narrowed copies per creative and width (BANNER_WIDTHS only), kept in this process.
  const sized = new Map<string, Uint8Array>();
  f.get('/ads/img/:id{[0-9]+}', async (c) => {
    const r = await s.ads.image(idParam(c, 'id'));
    if (!r) notFound();
    const w = Number.parseInt(c.get('query').get('w') ?? '', 10);
    let body = r.image;
    if (c.get('query').has('w')) {
      // Only the widths pages ask for: each is resized once per creative, whatever anyone sends.
      if (!(BANNER_WIDTHS as readonly number[]).includes(w) || w >= r.creative.width) notFound();
      const key = `${r.creative.id}:${w}`;
      let sizedBody = sized.get(key);
      if (!sizedBody) {
        sizedBody = await resizeBanner(r.image, r.creative.mime, w);
        if (sized.size >= 500) sized.delete(sized.keys().next().value as string);
        sized.set(key, sizedBody);
      }
      body = sizedBody;
    }
    return c.body(body as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': r.creative.mime, 'Cache-Control': 'private, max-age=3600' });
  });
  return f;
}
