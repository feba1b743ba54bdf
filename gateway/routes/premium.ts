import { PHOTO_QUOTA } from '../../core/photos/service.js';
import type { Services } from '../services.js';
import { sendPage } from '../render.js';
import { messageSearchPage, premiumDonePage, premiumOnlyPage, premiumPage } from '../../templates/pages/premium.js';
import { feature, type Feature } from './feature.js';
import { carrierReturn, memberId, toCarrier, who } from './shared.js';

/** mixi Premium (the second monthly course) and its member benefit pages (message search). */
export function premiumRoutes(s: Services): Feature {
  const f = feature({ auth: 'member', guestPaths: ['/premium/done'] });

  f.get('/premium', async (c) => {
    const me = memberId(c);
    const [st, quota] = await Promise.all([s.premium.status(me), s.photos.quota(me)]);
    const gw = s.billing.get(c.get('carrier').id);
    return sendPage(c, premiumPage({ ...st, priceYen: s.premium.product.priceYen, quota, premiumQuota: PHOTO_QUOTA.premium, memberQuota: PHOTO_QUOTA.member, paymentLabel: gw ? gw.paymentLabel : null, open: s.sandbox !== null }));
  });
  f.post('/premium/join', (c) => toCarrier(c, s, s.premium, '/premium', 'join'));
  f.post('/premium/cancel', (c) => toCarrier(c, s, s.premium, '/premium', 'cancel'));
  // Back from the carrier, as from the point course's page (SoftBank's reg, au's tran_id).
  f.get('/premium/done', (c) => carrierReturn(c, s, s.premium, premiumDonePage));

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
