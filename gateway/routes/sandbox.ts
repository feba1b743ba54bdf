import { Hono, type Context } from 'hono';
import { createHmac } from 'node:crypto';
import { carrierById, type CarrierId } from '../../carriers/index.js';
import { SANDBOX_PASSWORD, type SandboxBilling } from '../../carriers/sandbox-billing.js';
import { safeEqual } from '../../core/crypto.js';
import { COURSE, monthOf, noticeMonthPlausible, settlementMonthPlausible } from '../../core/course/service.js';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { sendPage } from '../render.js';
import { qaOnly } from '../middleware/qa.js';
import { carrierConfirmPage, carrierResultPage, sandboxConsolePage } from '../../templates/pages/sandbox.js';

const REF = /^[A-Za-z0-9_-]{8,40}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The sandbox carrier's own pages (BILLING_SANDBOX=1): the billing confirmation a member sees at
 * the carrier, and a QA console. They are not Ashiato's pages: no Ashiato session, no member.
 * Reached only through the carrier's own network (its gateway addresses, its handsets), as the
 * real confirmation pages were.
 */
export function sandboxRoutes(s: Services, sandbox: SandboxBilling): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const consoleToken = createHmac('sha256', s.keys.csrf).update('sandbox-console').digest('base64url').slice(0, 22);

  app.use('*', async (c, next) => {
    c.set('sessionToken', null);
    c.set('member', null);
    c.set('csrfToken', '');
    await next();
    c.header('Referrer-Policy', 'no-referrer');
  });

  interface Order {
    carrier: CarrierId;
    order: string;
    kind: 'join' | 'cancel';
    user: string;
    returnUrl: string;
  }

  /** The confirmation request's fields, or null when they are not what Ashiato sends. */
  function orderOf(c: Context<AppEnv>, from: 'query' | 'form'): Order | null {
    const carrier = c.req.param('carrier') as CarrierId;
    const f = c.get(from);
    const order = f.get('order') ?? '';
    const kind = f.get('kind');
    const user = f.get('user') ?? '';
    const returnUrl = f.get('return') ?? '';
    if (!s.billing.has(carrier) || !REF.test(order) || !REF.test(user) || (kind !== 'join' && kind !== 'cancel')) return null;
    // Merchants register their return address with the carrier: nothing else is followed.
    if (!returnUrl.startsWith(`${s.config.publicOrigin}/course/done?`)) return null;
    return { carrier, order, kind, user, returnUrl };
  }

  function page(c: Context<AppEnv>, o: Order, error?: string, status = 200) {
    const fields: [string, string][] = [['order', o.order], ['kind', o.kind], ['user', o.user], ['return', o.returnUrl]];
    return sendPage(
      c,
      carrierConfirmPage({ carrierLabel: carrierById(o.carrier).label, kind: o.kind, priceYen: COURSE.priceYen, action: `/sandbox/billing/${o.carrier}/confirm`, fields, returnUrl: o.returnUrl, ...(error ? { error } : {}) }),
      status,
    );
  }

  /** Only the carrier's own handsets on its own network reach its billing pages. */
  function refusal(c: Context<AppEnv>, o: Order | null): Response | null {
    const label = o ? carrierById(o.carrier).label : '携帯電話会社';
    if (!o) return sendPage(c, carrierResultPage(label, 'お申し込みの内容が正しくありません。', '/'), 400);
    if (c.get('carrier').id !== o.carrier || !c.get('carrierIpVerified')) {
      return sendPage(c, carrierResultPage(label, `${label}の携帯電話からご利用ください。`, o.returnUrl), 403);
    }
    return null;
  }

  app.get('/:carrier/confirm', (c) => {
    const o = orderOf(c, 'query');
    return refusal(c, o) ?? page(c, o!);
  });

  app.post('/:carrier/confirm', async (c) => {
    const o = orderOf(c, 'form');
    const refused = refusal(c, o);
    if (refused) return refused;
    const r = await sandbox.confirm(o!.carrier, { order: o!.order, kind: o!.kind, user: o!.user, password: c.get('form').get('password') ?? '' });
    const label = carrierById(o!.carrier).label;
    if (r.ok) {
      const msg = o!.kind === 'join' ? (r.amountYen ? `お申し込みを受け付けました。今月分${r.amountYen}円をご請求します。` : 'お申し込みを受け付けました(今月分はお支払い済みです)。') : '解約を受け付けました。';
      return sendPage(c, carrierResultPage(label, msg, o!.returnUrl));
    }
    switch (r.reason) {
      case 'password':
        return page(c, o!, `暗証番号が違います(サンドボックスの暗証番号は${SANDBOX_PASSWORD})。`, 401);
      case 'locked':
        return sendPage(c, carrierResultPage(label, '暗証番号を続けて間違えたため、お手続きできません。', o!.returnUrl), 403);
      case 'already':
        return sendPage(c, carrierResultPage(label, 'すでにお申し込み済みです。', o!.returnUrl), 409);
      case 'no_contract':
        return sendPage(c, carrierResultPage(label, 'ご契約が見つかりません。', o!.returnUrl), 404);
    }
  });

  // QA console: drives what a carrier does on its own schedule.
  function consolePage(c: Context<AppEnv>, result?: string, status = 200) {
    const lines = [...sandbox.lines.values()].map((l) => ({ contract: l.contract, carrier: l.carrier, state: l.state, months: [...l.charges.entries()].map(([m, ch]) => `${m}${ch.status === 'unpaid' ? '(未収)' : ''}`), failNext: l.failNext }));
    const deliveries = [...sandbox.deliveries].reverse().slice(0, 30);
    return sendPage(c, sandboxConsolePage({ month: monthOf(s.clock.now()), token: consoleToken, carriers: [...s.billing.keys()], lines, deliveries, ...(result ? { result } : {}) }), status);
  }
  // The console bills and ends other people's contracts: QA only (gateway/middleware/qa.ts).
  const gate = qaOnly(s);
  app.use('/console', gate);
  app.use('/console/*', gate);
  app.get('/console', (c) => consolePage(c));
  app.post('/console/:action', async (c) => {
    const f = c.get('form');
    if (!safeEqual(f.get('t') ?? '', consoleToken)) return consolePage(c, 'フォームの有効期限が切れました。もう一度どうぞ。', 403);
    const month = f.get('month') ?? '';
    const contract = f.get('contract') ?? '';
    switch (c.req.param('action')) {
      case 'run':
        if (!MONTH.test(month)) return consolePage(c, '月は YYYY-MM で入力してください。', 400);
        // A carrier bills around the turn of the month, never years ahead: Ashiato would refuse it.
        if (!noticeMonthPlausible(month, s.clock.now())) return consolePage(c, '月次課金できるのは前月・今月・翌月だけです。', 400);
        return consolePage(c, JSON.stringify(await sandbox.runMonthlyBilling(month, { silent: f.get('silent') === '1' }), null, 1));
      case 'settle': {
        const carrier = f.get('carrier') as CarrierId;
        if (!MONTH.test(month) || !s.billing.has(carrier)) return consolePage(c, '月と携帯電話会社を選んでください。', 400);
        if (!settlementMonthPlausible(month, s.clock.now())) return consolePage(c, '精算を送れるのは今月と過去3か月分だけです。', 400);
        return consolePage(c, (await sandbox.settle(carrier, month)).text);
      }
      case 'fail':
        return consolePage(c, sandbox.failNextPayment(contract) ? `${contract}: 次回の課金は失敗します。` : '有効な契約ではありません。');
      case 'end': {
        const status = await sandbox.endContract(contract);
        return consolePage(c, status === null ? '有効な契約ではありません。' : `${contract}: 契約終了を通知しました (${status})。`);
      }
      default:
        return consolePage(c, '操作が分かりません。', 404);
    }
  });

  return app;
}
