import type { CarrierId } from './carrier.js';
import type { CarrierRanges } from './ip-ranges.js';

/**
 * Carrier billing for the monthly point course: one `BillingGateway` per carrier, speaking that
 * carrier's own shape (billing-docomo.ts, billing-softbank.ts, billing-au.ts) or, per carrier by
 * configuration, the payment company's signed JSON (billing-company.ts). The gateway's routes
 * hand every call to the adapter and apply what it returns; they never ask which carrier it is.
 */

export const BILLING_CARRIERS: readonly CarrierId[] = ['docomo', 'au', 'softbank', 'willcom'];
/** `carrier`: the carrier's own protocol; `company`: a payment company's signed JSON in front of it. */
export type BillingProtocol = 'carrier' | 'company';
/** `first`: billed on the 1st of each month; `anniversary`: on the sign-up day (month's end when missing). */
export type BillingCalendar = 'first' | 'anniversary';
/**
 * The monthly courses billed through this machinery: the point course and mixi Premium. Each
 * protocol names the product on what it sends (absent: the point course, as before Premium):
 * the payment company's JSON and docomo's and SoftBank's form notices carry `product`, au's
 * collection service names it in the confirmed transaction, settlement files in their header
 * (one file per product); a member's return names it by the return address it comes back to.
 */
export type CourseProductId = 'points' | 'premium';
export const COURSE_PRODUCTS: readonly CourseProductId[] = ['points', 'premium'];

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
) & {
  /** When the carrier issued it (the carriers' own protocols date their notices). */
  sentAt?: number | undefined;
  /** The course it is about; absent: the point course. */
  product?: CourseProductId | undefined;
};

export interface BillingSettlement {
  id: string;
  month: string;
  /** The course it settles (one file per product); absent: the point course. */
  product?: CourseProductId | undefined;
  records: { contract: string; amountYen: number; status: 'paid' | 'unpaid' }[];
}

/** What the merchant answers a carrier's server, in that carrier's form. */
export interface Reply {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

/** A call from the carrier's (or payment company's) server, as the gateway received it. */
export interface CarrierCall {
  /** The client address (TRUST_PROXY rules applied). */
  clientIp: string;
  /** Lower-cased header lookup. */
  header(name: string): string | undefined;
  now: number;
}

export type Outcome = { result: 'applied' | 'duplicate' } | { result: 'rejected'; reason: string };

/** A call the adapter accepted (`answer` phrases the core's outcome for the carrier), or refused. */
export type Received<T> = { ok: true; value: T; answer(o: Outcome): Reply } | { ok: false; reason: string; reply: Reply };

/** The member's handset coming back from the carrier's billing page to `/course/done` (Premium: `/premium/done`). */
export interface HandsetReturn {
  order: { token: string; kind: 'join' | 'cancel'; product: CourseProductId };
  query(name: string): string | undefined;
  header(name: string): string | undefined;
  /** The handset's carrier as recognised, and whether it came through that carrier's gateway. */
  handsetCarrier: CarrierId;
  carrierIpVerified: boolean;
  now: number;
}

/**
 * none: a plain return (the carrier's server already told us, or will); notice: what the return
 * itself reports, to apply once; refused: not something this carrier sends (nothing applied),
 * with the status and headers the carrier's convention gives a failure.
 */
export type ReturnVerdict =
  | { kind: 'none' }
  | { kind: 'notice'; notice: BillingNotice }
  | { kind: 'refused'; reason: string; status: number; headers: Record<string, string> };

export interface BillingGateway {
  carrier: CarrierId;
  protocol: BillingProtocol;
  calendar: BillingCalendar;
  /** How members see the payment method, e.g. 「ドコモの携帯電話料金と合わせてお支払い」. */
  paymentLabel: string;
  /**
   * The carrier's confirmation page for joining or cancelling; `user` is the merchant's opaque
   * reference for the member; the member comes back to returnUrl.
   */
  confirmUrl(o: { order: string; kind: 'join' | 'cancel'; user: string; returnUrl: string; product?: CourseProductId | undefined }): string;
  /** What can be judged before the body is read (source address, User-Agent, signature header). */
  screen(call: CarrierCall): { reason: string; reply: Reply } | null;
  /** A billing notice from the carrier's server (confirmed with the carrier where it asks for that). */
  notice(call: CarrierCall, body: string): Promise<Received<BillingNotice>>;
  /** The month's settlement file (answered by the gateway with the reconciliation report). */
  settlement(call: CarrierCall, body: string): { ok: true; value: BillingSettlement } | { ok: false; reason: string; reply: Reply };
  /** The handset back from the carrier's page. */
  memberReturn(r: HandsetReturn): Promise<ReturnVerdict>;
  /** How this carrier's convention answers a return that could not be applied. */
  memberRefusal(): { status: number; headers: Record<string, string> };
}

/** Where the gateways live and whom they may call (built by the gateway's composition root). */
export interface BillingWiring {
  ranges: CarrierRanges;
  publicOrigin: string;
  /** The sandbox carrier's pages (confirmation, au's collection service). */
  confirmBase: string;
  /** au's collection service (SOAP). */
  auCollectionUrl: string;
  /** The merchant's id at au's collection service. */
  merchantId: string;
  /** The courses' price (both products cost the same): what a registration the carrier reports by the handset's return costs. */
  priceYen: number;
  /** Posts an XML request and returns the answer (au's confirmation call). */
  soap: (url: string, xml: string) => Promise<{ status: number; text: string }>;
}

export const PAYMENT_LABELS: Record<string, string> = {
  docomo: 'ドコモの携帯電話料金と合わせてお支払い',
  au: 'auの携帯電話料金と合わせてお支払い',
  softbank: 'ソフトバンクの携帯電話料金と合わせてお支払い',
  willcom: 'ウィルコムの電話料金と合わせてお支払い',
};

/** SoftBank bills on the anniversary of the sign-up day; the others on the 1st (keitai-facts §7). */
export function calendarOf(carrier: string): BillingCalendar {
  return carrier === 'softbank' ? 'anniversary' : 'first';
}

/**
 * BILLING_SECRETS: `carrier=key,carrier=key` (each key ≥ 32 characters), as agreed with each
 * carrier. Carriers not named get a key derived from the master secret (sandbox use).
 */
export function parseBillingSecrets(text: string | undefined): Map<CarrierId, string> {
  const out = new Map<CarrierId, string>();
  for (const [id, key] of pairs(text)) {
    if (key.length < 32) throw new Error(`the key for ${id} must be at least 32 characters`);
    out.set(id, key);
  }
  return out;
}

/** Carriers that have a protocol of their own here; Willcom's never survived, so it bills through a company. */
const NATIVE: readonly CarrierId[] = ['docomo', 'au', 'softbank'];

/**
 * BILLING_PROTOCOLS: `carrier=carrier|company,…`. Default: docomo, au and SoftBank speak their
 * own protocols, Willcom the payment company's.
 */
export function parseBillingProtocols(text: string | undefined): Map<CarrierId, BillingProtocol> {
  const out = new Map<CarrierId, BillingProtocol>(BILLING_CARRIERS.map((c) => [c, NATIVE.includes(c) ? 'carrier' : 'company']));
  for (const [id, p] of pairs(text)) {
    if (p !== 'carrier' && p !== 'company') throw new Error(`'${p}' for ${id} must be carrier or company`);
    if (p === 'carrier' && !NATIVE.includes(id)) throw new Error(`${id} has no protocol of its own here: use company`);
    out.set(id, p);
  }
  return out;
}

/** The query fields a confirmation link adds for the product (none for the point course, as before Premium). */
export function productParams(product: CourseProductId | undefined): Record<string, string> {
  return product === 'premium' ? { product } : {};
}

function pairs(text: string | undefined): [CarrierId, string][] {
  const out: [CarrierId, string][] = [];
  for (const part of (text ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    const id = part.slice(0, eq) as CarrierId;
    if (eq < 1 || !BILLING_CARRIERS.includes(id)) throw new Error(`'${part.slice(0, Math.max(eq, 0)) || part}' is not a carrier that bills (${BILLING_CARRIERS.join(', ')})`);
    out.push([id, part.slice(eq + 1)]);
  }
  return out;
}
