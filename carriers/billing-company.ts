import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { CarrierId } from './carrier.js';
import { carrierById } from './index.js';
import { calendarOf, COURSE_PRODUCTS, PAYMENT_LABELS, productParams, type BillingGateway, type BillingNotice, type BillingSettlement, type CourseProductId, type Reply } from './billing.js';

/**
 * The payment company's protocol (the later unified flow): the member confirms on its page; it
 * then posts signed JSON notices, and once a month a signed settlement, to the merchant.
 *
 * Signature: header `X-Carrier-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(key, t + "." + body)>`;
 * a notice older or newer than five minutes is refused, and each notice id is applied once.
 */

export const SIGNATURE_HEADER = 'x-carrier-signature';
export const SIGNATURE_TOLERANCE_S = 300;

const MONTH = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const REF = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/);
const AMOUNT = z.number().int().min(0).max(100_000);
/** Which monthly course a call is about; absent: the point course (the protocol before Premium). */
const PRODUCT = z.enum(COURSE_PRODUCTS as [CourseProductId, ...CourseProductId[]]).optional();

export const NOTICE = z.discriminatedUnion('type', [
  z.object({ id: REF, type: z.literal('registered'), order: REF, contract: REF, month: MONTH, amount: AMOUNT, product: PRODUCT }),
  z.object({ id: REF, type: z.literal('renewed'), contract: REF, month: MONTH, amount: AMOUNT, product: PRODUCT }),
  z.object({ id: REF, type: z.literal('payment_failed'), contract: REF, month: MONTH, product: PRODUCT }),
  z.object({ id: REF, type: z.literal('cancelled'), contract: REF, month: MONTH, order: REF.optional(), product: PRODUCT }),
  z.object({ id: REF, type: z.literal('contract_ended'), contract: REF, product: PRODUCT }),
  z.object({ id: REF, type: z.literal('declined'), order: REF, product: PRODUCT }),
]);

const SETTLEMENT = z.object({
  id: REF,
  month: MONTH,
  product: PRODUCT,
  records: z.array(z.object({ contract: REF, amount: AMOUNT, status: z.enum(['paid', 'unpaid']) })).max(1_000_000),
});

/** The wire form of a notice (what a carrier or company sends). */
export type WireNotice = z.input<typeof NOTICE>;
export type WireSettlement = z.input<typeof SETTLEMENT>;

export type Verdict = 'ok' | 'unsigned' | 'bad_signature' | 'stale';

/** A wire notice as the core applies it (amount → amountYen); null when it is not one. */
export function toNotice(raw: unknown): BillingNotice | null {
  const r = NOTICE.safeParse(raw);
  if (!r.success) return null;
  const n = r.data;
  if (n.type === 'registered' || n.type === 'renewed') {
    const { amount, ...rest } = n;
    return { ...rest, amountYen: amount };
  }
  return n;
}

export function jsonReply(status: number, body: Record<string, unknown>): Reply {
  return { status, contentType: 'application/json', body: JSON.stringify(body) };
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function hmac(key: Buffer, t: string, body: string): string {
  return createHmac('sha256', key).update(`${t}.${body}`).digest('hex');
}

export interface CompanyGateway extends BillingGateway {
  sign(body: string, nowMs: number): string;
  verify(body: string, signature: string | undefined, nowMs: number): Verdict;
}

/** One carrier's billing through the payment company: its key and where its confirmation pages live. */
export function companyGateway(carrier: CarrierId, key: Buffer, confirmBase: string): CompanyGateway {
  const c = carrierById(carrier);
  const checkHeader = (signature: string | undefined, nowMs: number): Verdict => {
    if (!signature) return 'unsigned';
    const m = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(signature.trim());
    if (!m) return 'bad_signature';
    return Math.abs(nowMs / 1000 - Number(m[1])) > SIGNATURE_TOLERANCE_S ? 'stale' : 'ok';
  };
  const verify = (body: string, signature: string | undefined, nowMs: number): Verdict => {
    if (!signature) return 'unsigned';
    const m = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(signature.trim());
    if (!m) return 'bad_signature';
    const expected = Buffer.from(hmac(key, m[1]!, body), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(m[2]!, 'hex'))) return 'bad_signature';
    if (Math.abs(nowMs / 1000 - Number(m[1])) > SIGNATURE_TOLERANCE_S) return 'stale';
    return 'ok';
  };
  const answer = (o: { result: string; reason?: string }) => (o.result === 'rejected' ? jsonReply(422, { error: 'rejected', reason: o.reason ?? '' }) : jsonReply(200, { result: o.result }));
  return {
    carrier,
    protocol: 'company',
    calendar: calendarOf(carrier),
    paymentLabel: PAYMENT_LABELS[carrier] ?? '携帯電話料金と合わせてお支払い',
    confirmUrl({ order, kind, user, returnUrl, product }) {
      const q = new URLSearchParams({ order, kind, user, return: returnUrl, ...productParams(product), ...c.subscriberIdParams() });
      return `${confirmBase}/${carrier}/confirm?${q.toString()}`;
    },
    sign(body, nowMs) {
      const t = String(Math.floor(nowMs / 1000));
      return `t=${t},v1=${hmac(key, t, body)}`;
    },
    verify,
    // A call without a well-formed, fresh signature header is refused before its body is read.
    screen(call) {
      const v = checkHeader(call.header(SIGNATURE_HEADER), call.now);
      return v === 'ok' ? null : { reason: v, reply: { ...jsonReply(401, { error: v }), headers: { Connection: 'close' } } };
    },
    async notice(call, body) {
      const v = verify(body, call.header(SIGNATURE_HEADER), call.now);
      if (v !== 'ok') return { ok: false, reason: v, reply: jsonReply(401, { error: v }) };
      const n = toNotice(parseJson(body));
      return n ? { ok: true, value: n, answer } : { ok: false, reason: 'malformed', reply: jsonReply(400, { error: 'malformed' }) };
    },
    settlement(call, body) {
      const v = verify(body, call.header(SIGNATURE_HEADER), call.now);
      if (v !== 'ok') return { ok: false, reason: v, reply: jsonReply(401, { error: v }) };
      const r = SETTLEMENT.safeParse(parseJson(body));
      if (!r.success) return { ok: false, reason: 'malformed', reply: jsonReply(400, { error: 'malformed' }) };
      const value: BillingSettlement = { id: r.data.id, month: r.data.month, ...(r.data.product ? { product: r.data.product } : {}), records: r.data.records.map((x) => ({ contract: x.contract, amountYen: x.amount, status: x.status })) };
      return { ok: true, value };
    },
    // The company tells the merchant by its signed notice; the return itself proves nothing.
    memberReturn: () => Promise.resolve({ kind: 'none' }),
    memberRefusal: () => ({ status: 422, headers: {} }),
  };
}
