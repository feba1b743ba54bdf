import type { Context } from 'hono';
import { COURSE } from '../../core/course/service.js';
import { DomainError } from '../../core/errors.js';
import type { AppEnv } from '../env.js';
import { memberRef, type Services } from '../services.js';
import { sendPage } from '../render.js';
import { withParams } from '../links.js';
import { coursePage, courseDonePage, pointsPage } from '../../templates/pages/course.js';
import { feature, type Feature } from './feature.js';
import { memberId, notFound, queryInt } from './shared.js';

const HISTORY_PAGE = 20;

type OrderKind = Parameters<Services['course']['startOrder']>[2];

/**
 * Sends the member to the carrier's confirmation page. A plain 302 to the carrier: no session
 * parameter goes with it (the carrier is another site), and the member comes back to
 * /course/done with only the order token.
 */
async function toCarrier(c: Context<AppEnv>, s: Services, kind: OrderKind): Promise<Response> {
  const here = c.get('carrier').id;
  if (kind === 'join' && (!s.billing.has(here) || !s.sandbox)) throw new DomainError('course_unavailable');
  const order = await s.course.startOrder(memberId(c), here, kind);
  const gw = s.billing.get(order.carrier as typeof here);
  if (!gw) throw new DomainError('course_unavailable');
  const url = gw.confirmUrl({
    order: order.token,
    kind,
    user: memberRef(s.keys.memberRef, memberId(c)),
    returnUrl: `${s.config.publicOrigin}${withParams('/course/done', { order: order.token })}`,
  });
  c.get('log').info({ order: order.token, kind, carrier: order.carrier }, 'sent to carrier confirmation');
  return c.body(null, 302, { Location: url, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
}

/** The point course (join and cancel at the carrier), the points balance and its history. */
export function courseRoutes(s: Services): Feature {
  const f = feature({
    auth: 'member',
    // Back from the carrier: the order token is all the URL carries (a handset without cookies
    // has no session here), and the page shows only how that order ended.
    guestPaths: ['/course/done'],
  });

  f.get('/course', async (c) => {
    const [st, balance] = await Promise.all([s.course.status(memberId(c)), s.points.balance(memberId(c))]);
    const gw = s.billing.get(c.get('carrier').id);
    return sendPage(c, coursePage({ ...st, priceYen: COURSE.priceYen, pointsPerMonth: COURSE.pointsPerMonth, balance, paymentLabel: gw ? gw.paymentLabel : null, open: s.sandbox !== null }));
  });
  f.post('/course/join', (c) => toCarrier(c, s, 'join'));
  f.post('/course/cancel', (c) => toCarrier(c, s, 'cancel'));

  f.get('/course/done', async (c) => {
    const order = await s.course.order(c.get('query').get('order') ?? '');
    if (!order) notFound();
    return sendPage(c, courseDonePage(order.kind, order.state, COURSE.pointsPerMonth));
  });

  f.get('/points', async (c) => {
    const offset = queryInt(c, 'o', 0, 100_000);
    const [balance, entries] = await Promise.all([s.points.balance(memberId(c)), s.points.history(memberId(c), HISTORY_PAGE + 1, offset)]);
    return sendPage(
      c,
      pointsPage({
        balance,
        entries: entries.slice(0, HISTORY_PAGE).map((e) => ({ delta: e.delta, note: e.note, at: e.createdAt })),
        next: entries.length > HISTORY_PAGE ? withParams('/points', { o: String(offset + HISTORY_PAGE) }) : null,
      }),
    );
  });

  return f;
}
