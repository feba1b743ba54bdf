import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { createHmac } from 'node:crypto';
import { carrierById, type CarrierId } from '../../carriers/index.js';
import { FAULTS, SANDBOX_PASSWORD, type Fault, type SandboxBilling } from '../../carriers/sandbox-billing.js';
import type { CourseProductId } from '../../carriers/billing.js';
import { DOCOMO_UID, DOCOMO_UID_PLACEHOLDER } from '../../carriers/billing-docomo.js';
import { SOAP_MAX_BYTES } from '../../carriers/billing-soap.js';
import { withParams } from '../links.js';
import { readBoundedBody } from '../input.js';
import { fromLoopback, qaOnly } from '../middleware/qa.js';
import { setOnResponse } from '../headers.js';
import { signedOutHere } from '../middleware/session.js';
import { safeEqual } from '../../core/crypto.js';
import { monthOf, noticeMonthPlausible, POINT_COURSE, PREMIUM, settlementMonthPlausible } from '../../core/course/service.js';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { sendPage } from '../render.js';
import { carrierConfirmPage, carrierResultPage, sandboxConsolePage } from '../../templates/pages/sandbox.js';
import { feature, type Feature } from './feature.js';
import { runStatusChecks } from '../status-check.js';

const REF = /^[A-Za-z0-9_-]{8,40}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

interface Order {
  carrier: CarrierId;
  order: string;
  kind: 'join' | 'cancel';
  user: string;
  returnUrl: string;
  /** Which monthly course the confirmation is for (the point course, or Premium). */
  product: CourseProductId;
  /** docomo: the subscriber ID its gateway swapped into the link (NULLGWDOCOMO → the i-mode ID); null: asked for, none sent. */
  uid?: string | null;
}

/** The carrier's pages are not Ashiato's: no Ashiato session or member, and no Referer onward. */
const carrierSite: MiddlewareHandler<AppEnv> = async function carrierSite(c, next) {
  signedOutHere(c);
  c.set('csrfToken', '');
  await next();
  setOnResponse(c, 'Referrer-Policy', 'no-referrer');
};

const productOf = (v: string | undefined): CourseProductId | null => (v === undefined || v === 'points' ? 'points' : v === 'premium' ? 'premium' : null);

/** The confirmation request's fields, or null when they are not what Ashiato sends. */
function orderOf(c: Context<AppEnv>, s: Services, from: 'query' | 'form'): Order | null {
  const carrier = c.req.param('carrier') as CarrierId;
  const f = c.get(from);
  const order = f.get('order') ?? '';
  const kind = f.get('kind');
  const user = f.get('user') ?? '';
  const returnUrl = f.get('return') ?? '';
  // Absent: the point course (links made before Premium existed name no product).
  const product = productOf(f.get('product'));
  if (!product || !s.billing.has(carrier) || !REF.test(order) || !REF.test(user) || (kind !== 'join' && kind !== 'cancel')) return null;
  // Merchants register their return address with the carrier: nothing else is followed.
  if (!returnUrl.startsWith(`${s.config.publicOrigin}/${product === 'premium' ? 'premium' : 'course'}/done?`)) return null;
  // The sandbox plays docomo's gateway: the placeholder becomes the ID the handset sent (guid=ON),
  // on the page and on its form alike; an ID typed into the URL or the form is not the gateway's.
  const given = f.get('uid');
  if (given !== undefined && given !== DOCOMO_UID_PLACEHOLDER) return null;
  const uid = given === undefined ? undefined : (c.get('subscriberId') ?? null);
  if (typeof uid === 'string' && !DOCOMO_UID.test(uid)) return null;
  return { carrier, order, kind, user, returnUrl, product, ...(uid !== undefined ? { uid } : {}) };
}

/** The confirmation page; where the carrier's gateway sends the subscriber ID only on asking URLs (guid=ON), its form asks too. */
function confirmPage(c: Context<AppEnv>, o: Order, error?: string, status = 200) {
  const fields: [string, string][] = [
    ['order', o.order],
    ['kind', o.kind],
    ['user', o.user],
    ['return', o.returnUrl],
    ...(o.product === 'premium' ? [['product', 'premium'] as [string, string]] : []),
    ...(o.uid ? [['uid', DOCOMO_UID_PLACEHOLDER] as [string, string]] : []),
  ];
  return sendPage(
    c,
    carrierConfirmPage({
      carrierLabel: carrierById(o.carrier).label,
      kind: o.kind,
      priceYen: (o.product === 'premium' ? PREMIUM : POINT_COURSE).priceYen,
      ...(o.product === 'premium' ? { productName: PREMIUM.name } : {}),
      action: withParams(`/sandbox/billing/${o.carrier}/confirm`, o.uid ? carrierById(o.carrier).subscriberIdParams() : {}),
      fields,
      returnUrl: o.returnUrl,
      ...(error ? { error } : {}),
    }),
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
  if (o.uid === null) return sendPage(c, carrierResultPage(label, '契約者を確認できません。iモードIDを送信する設定にしてからお申し込みください。', o.returnUrl), 403);
  return null;
}

/** The member's answer at the carrier: the billing password, and what the carrier says. */
async function confirm(c: Context<AppEnv>, sandbox: SandboxBilling, o: Order): Promise<Response> {
  const r = await sandbox.confirm(o.carrier, { order: o.order, kind: o.kind, user: o.user, password: c.get('form').get('password') ?? '', uid: o.uid ?? undefined, product: o.product });
  // SoftBank sends the handset back with reg=…, au with its tran_id.
  const back = withParams(o.returnUrl, r.returnParams);
  const result = (message: string, status = 200) => sendPage(c, carrierResultPage(carrierById(o.carrier).label, message, back), status);
  if (r.ok) {
    if (o.kind === 'cancel') return result('解約を受け付けました。');
    return result(r.amountYen ? `お申し込みを受け付けました。今月分${r.amountYen}円をご請求します。` : 'お申し込みを受け付けました(今月分はお支払い済みです)。');
  }
  switch (r.reason) {
    case 'password':
      return confirmPage(c, o, `暗証番号が違います(サンドボックスの暗証番号は${SANDBOX_PASSWORD})。`, 401);
    case 'locked':
      return result('暗証番号を続けて間違えたため、お手続きできません。', 403);
    case 'already':
      return result('すでにお申し込み済みです。', 409);
    case 'no_contract':
      return result('ご契約が見つかりません。', 404);
    case 'no_subscriber':
      return result('契約者を確認できません(iモードIDを送信してください)。', 403);
  }
}

/**
 * The sandbox carrier's own pages (BILLING_SANDBOX=1): the billing confirmation a member sees at
 * the carrier, and a QA console. They are not Ashiato's pages: no Ashiato session, no member.
 * Mounted at /sandbox/billing before the session middleware.
 */
export function sandboxRoutes(s: Services, sandbox: SandboxBilling): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', carrierSite);
  // The confirmation pages first: `/:carrier/confirm` is matched before the console's paths.
  app.route('/', sandboxConfirmRoutes(s, sandbox).app);
  app.route('/', sandboxConsoleRoutes(s, sandbox).app);
  return app;
}

/**
 * au's collection service (SOAP, server to server): confirms a tran_id once. Only the merchant
 * calls it; here that is this machine (the gateway itself, in-process), never a stranger.
 */
export function sandboxServiceRoutes(sandbox: SandboxBilling): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/au/collection', async (c) => {
    if (!fromLoopback(c)) return c.text('Forbidden', 403);
    const read = await readBoundedBody(c, SOAP_MAX_BYTES);
    if (!read.ok) return c.text('Bad Request', read.status === 413 ? 413 : 400);
    const xml = new TextDecoder('utf-8').decode(read.bytes);
    const answer = await sandbox.answerConfirmation(xml);
    if (answer === null) return c.text('Service Unavailable', 503);
    return c.body(answer, 200, { 'Content-Type': 'text/xml; charset=utf-8' });
  });
  return app;
}

/**
 * The billing confirmation a member sees at the carrier: reached only through the carrier's own
 * network (its gateway addresses, its handsets), as the real confirmation pages were.
 */
export function sandboxConfirmRoutes(s: Services, sandbox: SandboxBilling): Feature {
  const f = feature({ auth: 'guest' });
  f.get('/:carrier/confirm', (c) => {
    const o = orderOf(c, s, 'query');
    return refusal(c, o) ?? confirmPage(c, o!);
  });
  f.post('/:carrier/confirm', async (c) => {
    const o = orderOf(c, s, 'form');
    return refusal(c, o) ?? confirm(c, sandbox, o!);
  });
  return f;
}

/** One console action on the sandbox carrier: what to show, and the status. */
async function consoleAction(c: Context<AppEnv>, s: Services, sandbox: SandboxBilling): Promise<[string, number]> {
  const f = c.get('form');
  const month = f.get('month') ?? '';
  const contract = f.get('contract') ?? '';
  switch (c.req.param('action')) {
    case 'run': {
      if (!MONTH.test(month)) return ['月は YYYY-MM で入力してください。', 400];
      // A carrier bills around the turn of the month, never years ahead: Ashiato would refuse it.
      if (!noticeMonthPlausible(month, s.clock.now())) return ['月次課金できるのは前月・今月・翌月だけです。', 400];
      const only = f.get('carrier') ?? 'all';
      if (only !== 'all' && !s.billing.has(only as CarrierId)) return ['携帯電話会社を選んでください。', 400];
      return [JSON.stringify(await sandbox.runMonthlyBilling(month, { silent: f.get('silent') === '1', ...(only === 'all' ? {} : { carrier: only as CarrierId }) }), null, 1), 200];
    }
    case 'due':
      return [JSON.stringify(await sandbox.runDue(), null, 1), 200];
    case 'fault': {
      const carrier = f.get('carrier') as CarrierId;
      const fault = f.get('fault') as Fault;
      if (!s.billing.has(carrier) || !FAULTS.includes(fault)) return ['携帯電話会社と障害を選んでください。', 400];
      sandbox.setFault(carrier, fault);
      return [`${carrier}: ${fault === 'none' ? '正常に戻しました。' : `障害「${fault}」を発生させています。`}`, 200];
    }
    case 'settle': {
      const carrier = f.get('carrier') as CarrierId;
      if (!MONTH.test(month) || !s.billing.has(carrier)) return ['月と携帯電話会社を選んでください。', 400];
      if (!settlementMonthPlausible(month, s.clock.now())) return ['精算を送れるのは今月と過去3か月分だけです。', 400];
      const product = productOf(f.get('product'));
      if (!product) return ['コースを選んでください。', 400];
      return [(await sandbox.settle(carrier, month, product)).text, 200];
    }
    case 'fail':
      return [sandbox.failNextPayment(contract) ? `${contract}: 次回の課金は失敗します。` : '有効な契約ではありません。', 200];
    case 'end': {
      const silent = f.get('silent') === '1';
      const status = await sandbox.endContract(contract, { silent });
      return [status === null ? '有効な契約ではありません。' : silent ? `${contract}: 通知せずに契約を終了しました(会員状態照会で見つかります)。` : `${contract}: 契約終了を通知しました (${status})。`, 200];
    }
    case 'status':
      return [JSON.stringify(await runStatusChecks(s), null, 1), 200];
    default:
      return ['操作が分かりません。', 404];
  }
}

/**
 * The QA console: drives what a carrier does on its own schedule (monthly billing, a failed
 * payment, a contract's end, a settlement). It bills and ends other people's contracts, so it
 * sits behind the QA gate (gateway/middleware/qa.ts), with a token of its own on its forms.
 */
export function sandboxConsoleRoutes(s: Services, sandbox: SandboxBilling): Feature {
  const f = feature({ auth: 'guest', areas: ['/console/*'], guards: [qaOnly(s)] });
  const consoleToken = createHmac('sha256', s.keys.csrf).update('sandbox-console').digest('base64url').slice(0, 22);
  const consolePage = (c: Context<AppEnv>, result?: string, status = 200) => {
    const lines = [...sandbox.lines.values()].map((l) => ({ contract: l.contract, carrier: l.carrier, product: l.product, state: l.state, months: [...l.charges.entries()].map(([m, ch]) => `${m}${ch.status === 'unpaid' ? '(未収)' : ''}`), failNext: l.failNext }));
    const deliveries = [...sandbox.deliveries].reverse().slice(0, 30);
    const carriers = [...s.billing.values()].map((g) => ({ id: g.carrier, protocol: g.protocol, calendar: g.calendar, fault: sandbox.faultOf(g.carrier) }));
    return sendPage(c, sandboxConsolePage({ month: monthOf(s.clock.now()), token: consoleToken, carriers, faults: [...FAULTS], lines, deliveries, ...(result ? { result } : {}) }), status);
  };

  f.get('/console', (c) => consolePage(c));
  f.post('/console/:action', async (c) => {
    if (!safeEqual(c.get('form').get('t') ?? '', consoleToken)) return consolePage(c, 'フォームの有効期限が切れました。もう一度どうぞ。', 403);
    const [result, status] = await consoleAction(c, s, sandbox);
    return consolePage(c, result, status);
  });

  return f;
}
