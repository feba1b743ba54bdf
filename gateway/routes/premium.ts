import type { Context } from 'hono';
import { DomainError } from '../../core/errors.js';
import { PHOTO_QUOTA } from '../../core/photos/service.js';
import type { AppEnv } from '../env.js';
import { memberRef, type Services } from '../services.js';
import { sendPage } from '../render.js';
import { withParams } from '../links.js';
import { messageSearchPage, premiumDonePage, premiumOnlyPage, premiumPage } from '../../templates/pages/premium.js';
import { feature, type Feature } from './feature.js';
import { memberId, notFound, who } from './shared.js';

/** To the carrier's confirmation page for Premium, as the point course does (course.ts). */
async function toCarrier(c: Context<AppEnv>, s: Services, kind: 'join' | 'cancel'): Promise<Response> {
  const here = c.get('carrier').id;
  if (kind === 'join' && (!s.billing.has(here) || !s.sandbox)) throw new DomainError('course_unavailable');
  const order = await s.premium.startOrder(memberId(c), here, kind);
  const gw = s.billing.get(order.carrier as typeof here);
  if (!gw) throw new DomainError('course_unavailable');
  const url = gw.confirmUrl({
    order: order.token,
    kind,
    user: memberRef(s.keys.memberRef, memberId(c)),
    returnUrl: `${s.config.publicOrigin}${withParams('/premium/done', { order: order.token })}`,
    product: 'premium',
  });
  return c.body(null, 302, { Location: url, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
}

/** mixi Premium (the second monthly course) and its member benefit pages (message search). */
export function premiumRoutes(s: Services): Feature {
  const f = feature({ auth: 'member', guestPaths: ['/premium/done'] });

  f.get('/premium', async (c) => {
    const me = memberId(c);
    const [st, quota] = await Promise.all([s.premium.status(me), s.photos.quota(me)]);
    const gw = s.billing.get(c.get('carrier').id);
    return sendPage(c, premiumPage({ ...st, priceYen: s.premium.product.priceYen, quota, premiumQuota: PHOTO_QUOTA.premium, memberQuota: PHOTO_QUOTA.member, paymentLabel: gw ? gw.paymentLabel : null, open: s.sandbox !== null }));
  });
  f.post('/premium/join', (c) => toCarrier(c, s, 'join'));
  f.post('/premium/cancel', (c) => toCarrier(c, s, 'cancel'));
  f.get('/premium/done', async (c) => {
    const order = await s.premium.order(c.get('query').get('order') ?? '');
    if (!order) notFound();
    return sendPage(c, premiumDonePage(order.kind, order.state));
  });

  f.get('/messages/search', async (c) => {
    const me = memberId(c);
    if (!(await s.premium.isActive(me))) return sendPage(c, premiumOnlyPage('メッセージ検索'), 403);
    const q = c.get('query').get('q') ?? '';
    if (!q) return sendPage(c, messageSearchPage({ q, results: null }));
    // A bad search word (too long, control characters) gets the error page for invalid input.
    const found = await s.messages.search(me, q);
    const names = await s.access.names(me, found.flatMap((m) => [m.fromId, m.toId]));
    const results = found.map((m) => ({ id: m.id, subject: m.subject, other: who(names, m.fromId === me ? m.toId : m.fromId).nickname, incoming: m.toId === me, createdAt: m.createdAt }));
    return sendPage(c, messageSearchPage({ q, results }));
  });

  return f;
}
