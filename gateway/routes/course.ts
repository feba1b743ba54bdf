import { COURSE } from '../../core/course/service.js';
import type { CarrierId } from '../../carriers/index.js';
import type { Services } from '../services.js';
import { sendPage } from '../render.js';
import { withParams } from '../links.js';
import { coursePage, courseDonePage, pointsPage } from '../../templates/pages/course.js';
import { feature, type Feature } from './feature.js';
import { carrierReturn, memberId, queryInt, toCarrier } from './shared.js';

const HISTORY_PAGE = 20;

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
  f.post('/course/join', (c) => toCarrier(c, s, s.course, '/course', 'join'));
  f.post('/course/cancel', (c) => toCarrier(c, s, s.course, '/course', 'cancel'));

  f.get('/course/done', (c) => carrierReturn(c, s, s.course, (kind, state, problem) => courseDonePage(kind, state, COURSE.pointsPerMonth, problem)));

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
