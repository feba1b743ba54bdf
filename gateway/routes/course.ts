import type { Context } from 'hono';
import { COURSE } from '../../core/course/service.js';
import { DomainError, isDomainError } from '../../core/errors.js';
import type { CarrierId } from '../../carriers/index.js';
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

/**
 * The member back from the carrier's page. Where the carrier reports by the handset's return
 * (SoftBank's `reg` and header, au's tran_id confirmed with au), its adapter turns the return
 * into a notice, applied once like any other; a return the carrier would never send is refused
 * with its status (SoftBank: 500 and ERR800) and changes nothing.
 */
async function memberBack(c: Context<AppEnv>, s: Services): Promise<Response> {
  const query = c.get('query');
  const order = await s.course.order(query.get('order') ?? '');
  if (!order) notFound();
  const gw = s.billing.get(order.carrier as CarrierId);
  const verdict = gw
    ? await gw.memberReturn({
        order: { token: order.token, kind: order.kind },
        query: (n) => query.get(n) ?? undefined,
        header: (n) => c.req.header(n),
        handsetCarrier: c.get('carrier').id,
        carrierIpVerified: c.get('carrierIpVerified'),
        now: s.clock.now(),
      })
    : ({ kind: 'none' } as const);
  let problem: string | null = null;
  let status = 200;
  if (verdict.kind === 'refused') {
    c.get('log').warn({ order: order.token, carrier: order.carrier, reason: verdict.reason }, 'carrier return refused');
    for (const [k, v] of Object.entries(verdict.headers)) c.header(k, v);
    [problem, status] = ['携帯電話会社からの戻り先として正しくないため、処理しませんでした。', verdict.status];
  } else if (verdict.kind === 'notice') {
    try {
      const result = await s.course.apply(order.carrier, verdict.notice);
      c.get('log').info({ order: order.token, carrier: order.carrier, type: verdict.notice.type, result }, 'carrier return');
    } catch (e) {
      if (!isDomainError(e, 'billing_rejected')) throw e;
      c.get('log').warn({ order: order.token, carrier: order.carrier, reason: e.fields.reason }, 'carrier return rejected');
      const refusal = gw!.memberRefusal();
      for (const [k, v] of Object.entries(refusal.headers)) c.header(k, v);
      [problem, status] = ['お申し込みの内容を確認できなかったため、処理しませんでした。', refusal.status];
    }
  }
  const now = (await s.course.order(order.token)) ?? order;
  return sendPage(c, courseDonePage(now.kind, now.state, COURSE.pointsPerMonth, problem), status);
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
    // The calendar is that of the carrier that bills the member (or would, from this handset).
    const billedBy = st.carrier ? s.billing.get(st.carrier as CarrierId) : gw;
    return sendPage(c, coursePage({ ...st, anniversary: billedBy?.calendar === 'anniversary', priceYen: COURSE.priceYen, pointsPerMonth: COURSE.pointsPerMonth, balance, paymentLabel: gw ? gw.paymentLabel : null, open: s.sandbox !== null }));
  });
  f.post('/course/join', (c) => toCarrier(c, s, 'join'));
  f.post('/course/cancel', (c) => toCarrier(c, s, 'cancel'));

  f.get('/course/done', (c) => memberBack(c, s));

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
