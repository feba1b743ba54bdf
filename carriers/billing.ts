import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { CarrierId } from './carrier.js';
import { carrierById } from './index.js';

/**
 * Carrier billing for the monthly point course. The real protocols (i-mode 情報料, au かんたん決済,
 * S! ケータイ払い, Willcom) were under contract, so each carrier here speaks one modelled protocol
 * with its own key: the member confirms on the carrier's page; the carrier then posts signed
 * JSON notices, and once a month a signed settlement, to the merchant.
 *
 * Signature: header `X-Carrier-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(key, t + "." + body)>`;
 * a notice older or newer than five minutes is refused, and each notice id is applied once.
 */

export const SIGNATURE_HEADER = 'x-carrier-signature';
export const SIGNATURE_TOLERANCE_S = 300;
export const BILLING_CARRIERS: readonly CarrierId[] = ['docomo', 'au', 'softbank', 'willcom'];

const MONTH = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const REF = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/);
const AMOUNT = z.number().int().min(0).max(100_000);
/** Which monthly course a call is about; absent: the point course (the protocol before Premium). */
const PRODUCT = z.enum(['points', 'premium']).optional();
export type CourseProductId = 'points' | 'premium';

const NOTICE = z.discriminatedUnion('type', [
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

/**
 * A notice as the core applies it (amounts in yen). It mirrors core's CourseNotice on purpose:
 * carriers/ does not import core's domain types; the gateway hands one to the other, so the
 * compiler keeps the two shapes in step.
 */
export type BillingNotice = (
  | { id: string; type: 'registered'; order: string; contract: string; month: string; amountYen: number }
  | { id: string; type: 'renewed'; contract: string; month: string; amountYen: number }
  | { id: string; type: 'payment_failed'; contract: string; month: string }
  | { id: string; type: 'cancelled'; contract: string; month: string; order?: string | undefined }
  | { id: string; type: 'contract_ended'; contract: string }
  | { id: string; type: 'declined'; order: string }
) & { product?: CourseProductId | undefined };

export interface BillingSettlement {
  id: string;
  month: string;
  product?: CourseProductId | undefined;
  records: { contract: string; amountYen: number; status: 'paid' | 'unpaid' }[];
}

/** The wire form of a notice (what the carrier posts). */
export type WireNotice = z.input<typeof NOTICE>;
export type WireSettlement = z.input<typeof SETTLEMENT>;

export type Verdict = 'ok' | 'unsigned' | 'bad_signature' | 'stale';

export interface BillingGateway {
  carrier: CarrierId;
  /** How members see the payment method, e.g. 「ドコモの携帯電話料金と合わせてお支払い」. */
  paymentLabel: string;
  /**
   * The carrier's confirmation page for joining or cancelling; `user` is the merchant's opaque
   * reference for the member; the member comes back to returnUrl.
   */
  confirmUrl(o: { order: string; kind: 'join' | 'cancel'; user: string; returnUrl: string; product?: CourseProductId }): string;
  sign(body: string, nowMs: number): string;
  verify(body: string, signature: string | undefined, nowMs: number): Verdict;
  /** The header alone (present, well-formed, fresh): checked before a body is read at all. */
  checkHeader(signature: string | undefined, nowMs: number): Verdict;
  parseNotice(body: string): BillingNotice | null;
  parseSettlement(body: string): BillingSettlement | null;
}

const PAYMENT_LABELS: Record<string, string> = {
  docomo: 'ドコモの携帯電話料金と合わせてお支払い',
  au: 'auの携帯電話料金と合わせてお支払い',
  softbank: 'ソフトバンクの携帯電話料金と合わせてお支払い',
  willcom: 'ウィルコムの電話料金と合わせてお支払い',
};

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

/** One carrier's billing endpoint: its key and where its confirmation pages live. */
export function billingGateway(carrier: CarrierId, key: Buffer, confirmBase: string): BillingGateway {
  const c = carrierById(carrier);
  return {
    carrier,
    paymentLabel: PAYMENT_LABELS[carrier] ?? '携帯電話料金と合わせてお支払い',
    confirmUrl({ order, kind, user, returnUrl, product }) {
      const q = new URLSearchParams({ order, kind, user, return: returnUrl, ...(product === 'premium' ? { product } : {}), ...c.subscriberIdParams() });
      return `${confirmBase}/${carrier}/confirm?${q.toString()}`;
    },
    sign(body, nowMs) {
      const t = String(Math.floor(nowMs / 1000));
      return `t=${t},v1=${hmac(key, t, body)}`;
    },
    checkHeader(signature, nowMs) {
      if (!signature) return 'unsigned';
      const m = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(signature.trim());
      if (!m) return 'bad_signature';
      return Math.abs(nowMs / 1000 - Number(m[1])) > SIGNATURE_TOLERANCE_S ? 'stale' : 'ok';
    },
    verify(body, signature, nowMs) {
      if (!signature) return 'unsigned';
      const m = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(signature.trim());
      if (!m) return 'bad_signature';
      const expected = Buffer.from(hmac(key, m[1]!, body), 'hex');
      if (!timingSafeEqual(expected, Buffer.from(m[2]!, 'hex'))) return 'bad_signature';
      if (Math.abs(nowMs / 1000 - Number(m[1])) > SIGNATURE_TOLERANCE_S) return 'stale';
      return 'ok';
    },
    parseNotice(body) {
      const r = NOTICE.safeParse(parseJson(body));
      if (!r.success) return null;
      const n = r.data;
      if (n.type === 'registered' || n.type === 'renewed') {
        const { amount, ...rest } = n;
        return { ...rest, amountYen: amount };
      }
      return n;
    },
    parseSettlement(body) {
      const r = SETTLEMENT.safeParse(parseJson(body));
      if (!r.success) return null;
      return { id: r.data.id, month: r.data.month, product: r.data.product, records: r.data.records.map((x) => ({ contract: x.contract, amountYen: x.amount, status: x.status })) };
    },
  };
}

/**
 * BILLING_SECRETS: `carrier=key,carrier=key` (each key ≥ 32 characters), as agreed with each
 * carrier. Carriers not named get a key derived from the master secret (sandbox use).
 */
export function parseBillingSecrets(text: string | undefined): Map<CarrierId, string> {
  const out = new Map<CarrierId, string>();
  for (const part of (text ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    const id = part.slice(0, eq) as CarrierId;
    const key = part.slice(eq + 1);
    if (eq < 1 || !BILLING_CARRIERS.includes(id)) throw new Error(`'${part.slice(0, Math.max(eq, 0)) || part}' is not a carrier that bills (${BILLING_CARRIERS.join(', ')})`);
    if (key.length < 32) throw new Error(`the key for ${id} must be at least 32 characters`);
    out.set(id, key);
  }
  return out;
}
