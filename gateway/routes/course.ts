import { Hono, type Context } from 'hono';
import { COURSE } from '../../core/course/service.js';
import { DomainError } from '../../core/errors.js';
import type { OrderKind } from '../../core/course/ports.js';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { sendPage } from '../render.js';
import { requireMember } from '../middleware/session.js';
import { withParams } from '../links.js';
import { memberRef } from '../bootstrap.js';
import { coursePage, courseDonePage, pointsPage } from '../../templates/pages/course.js';

const HISTORY_PAGE = 20;

/** The point course (join and cancel at the carrier), the points balance and its history. */
export function courseRoutes(s: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const p of ['/course', '/course/join', '/course/cancel', '/points']) app.use(p, requireMember);
  const me = (c: Context<AppEnv>) => c.get('member')!.id;

  async function show(c: Context<AppEnv>, extra: { notice?: string; error?: string } = {}, status = 200) {
    const [st, balance] = await Promise.all([s.course.status(me(c)), s.points.balance(me(c))]);
    const gw = s.billing.get(c.get('carrier').id);
    return sendPage(
      c,
      coursePage({ ...st, priceYen: COURSE.priceYen, pointsPerMonth: COURSE.pointsPerMonth, balance, paymentLabel: gw ? gw.paymentLabel : null, open: s.sandbox !== null, ...extra }),
      status,
    );
  }

  app.get('/course', (c) => show(c));

  /**
   * Sends the member to the carrier's confirmation page. A plain 302 to the carrier: no session
   * parameter goes with it (the carrier is another site), and the member comes back to
   * /course/done with only the order token.
   */
  async function toCarrier(c: Context<AppEnv>, kind: OrderKind) {
    const here = c.get('carrier').id;
    if (kind === 'join' && (!s.billing.has(here) || !s.sandbox)) throw new DomainError('course_unavailable');
    const order = await s.course.startOrder(me(c), here, kind);
    const gw = s.billing.get(order.carrier as typeof here);
    if (!gw) throw new DomainError('course_unavailable');
    const url = gw.confirmUrl({
      order: order.token,
      kind,
      user: memberRef(s.keys.memberRef, me(c)),
      returnUrl: `${s.config.publicOrigin}${withParams('/course/done', { order: order.token })}`,
    });
    c.get('log').info({ order: order.token, kind, carrier: order.carrier }, 'sent to carrier confirmation');
    return c.body(null, 302, { Location: url, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
  }
  app.post('/course/join', (c) => toCarrier(c, 'join'));
  app.post('/course/cancel', (c) => toCarrier(c, 'cancel'));

  // Back from the carrier: the order token is all the URL carries (a handset without cookies
  // has no session here), and it shows only how that order ended.
  app.get('/course/done', async (c) => {
    const order = await s.course.order(c.get('query').get('order') ?? '');
    if (!order) throw new DomainError('not_found');
    return sendPage(c, courseDonePage(order.kind, order.state));
  });

  app.get('/points', async (c) => {
    const offset = Math.max(0, Math.min(100_000, Number.parseInt(c.get('query').get('o') ?? '0', 10) || 0));
    const [balance, entries] = await Promise.all([s.points.balance(me(c)), s.points.history(me(c), HISTORY_PAGE + 1, offset)]);
    return sendPage(
      c,
      pointsPage({
        balance,
        entries: entries.slice(0, HISTORY_PAGE).map((e) => ({ delta: e.delta, note: e.note, at: e.createdAt })),
        next: entries.length > HISTORY_PAGE ? withParams('/points', { o: String(offset + HISTORY_PAGE) }) : null,
      }),
    );
  });

  return app;
}
