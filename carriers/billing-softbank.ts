import { carrierById } from './index.js';
import { calendarOf, PAYMENT_LABELS, productParams, type BillingGateway, type BillingNotice, type BillingWiring, type ReturnVerdict } from './billing.js';
import { carrierServerRefusal, isFresh, parseFormNotice, parseSettlementCsv, textReply } from './billing-wire.js';
import { japanMonth } from '../core/time.js';

/**
 * SoftBank's own shape (S! ケータイ払い): the handset comes back from the carrier's page with
 * `reg=1` (registered), `0` (membership cancelled) or `2` (the member backed out), and SoftBank's
 * gateway adds `X-JPHONE-REGISTERED` naming the registration, a header no handset can send
 * itself (the gateway replaces it, as it does X-JPHONE-UID). The month's events (billed on the
 * anniversary of the sign-up day, a failed payment, a cancellation at a shop, the end of the
 * phone contract) come from SoftBank's servers as form POSTs with that header and no
 * User-Agent. A return that fails is answered 500 with `x-jphone-status: ERR800`; a server
 * call that fails gets ERR800 with a 4xx saying what was wrong.
 */
export const REGISTERED_HEADER = 'x-jphone-registered';
export const ERR800 = { 'x-jphone-status': 'ERR800' } as const;
const REGISTRATION = /^[A-Za-z0-9_.:-]{1,64}$/;

// Server calls get ERR800 with a 4xx (what was wrong with the call); the handset's return gets SoftBank's 500.
const failed = (reason: string, status = 400) => ({ ok: false as const, reason, reply: textReply(status, 'NG', { ...ERR800 }) });
const refused = (reason: string): ReturnVerdict => ({ kind: 'refused', reason, status: 500, headers: { ...ERR800 } });

export function softbankGateway(w: BillingWiring): BillingGateway {
  const carrier = 'softbank' as const;
  const c = carrierById(carrier);
  return {
    carrier,
    protocol: 'carrier',
    calendar: calendarOf(carrier),
    paymentLabel: PAYMENT_LABELS[carrier]!,
    confirmUrl({ order, kind, user, returnUrl, product }) {
      const q = new URLSearchParams({ order, kind, user, return: returnUrl, ...productParams(product), ...c.subscriberIdParams() });
      return `${w.confirmBase}/${carrier}/confirm?${q.toString()}`;
    },
    screen(call) {
      const why = carrierServerRefusal(w.ranges, carrier, call);
      return why ? { reason: why, reply: textReply(403, 'NG', { ...ERR800 }) } : null;
    },
    async notice(call, body) {
      const f = parseFormNotice(body);
      if (!f || f.uid !== undefined) return failed('malformed');
      if (!isFresh(f.date, call.now)) return failed('stale', 409);
      // Joining and backing out reach us only with the member's handset (reg=1/2).
      if (f.notice.type === 'registered' || f.notice.type === 'declined') return failed('not sent by this carrier', 422);
      if (call.header(REGISTERED_HEADER) !== f.notice.contract) return failed('registration header missing or not this contract', 403);
      return { ok: true, value: { ...f.notice, sentAt: f.date }, answer: (o) => (o.result === 'rejected' ? textReply(422, 'NG', { ...ERR800 }) : textReply(200, 'OK')) };
    },
    settlement(_call, body) {
      const s = parseSettlementCsv(carrier, body);
      return s ? { ok: true, value: s } : failed('malformed');
    },
    async memberReturn(r) {
      const reg = r.query('reg');
      // A plain visit to the page (a bookmark, the back key): nothing to report.
      if (reg === undefined) return { kind: 'none' };
      if (r.handsetCarrier !== carrier || !r.carrierIpVerified) return refused('not a SoftBank handset on its network');
      const registration = r.header(REGISTERED_HEADER);
      if (!registration || !REGISTRATION.test(registration)) return refused('registration header missing');
      const { token, kind } = r.order;
      const id = `ret-${token}-${reg}`;
      let notice: BillingNotice;
      if (reg === '2') notice = { id, type: 'declined', order: token };
      else if (reg === '1' && kind === 'join') notice = { id, type: 'registered', order: token, contract: registration, month: japanMonth(r.now), amountYen: w.priceYen };
      else if (reg === '0' && kind === 'cancel') notice = { id, type: 'cancelled', contract: registration, month: japanMonth(r.now), order: token };
      else return refused(`reg=${reg.slice(0, 4)} does not answer a ${kind}`);
      // The return address names the course (Premium's is its own); the notice says so for the core.
      return { kind: 'notice', notice: { ...notice, sentAt: r.now, ...(r.order.product === 'premium' ? { product: r.order.product } : {}) } };
    },
    memberRefusal: () => ({ status: 500, headers: { ...ERR800 } }),
  };
}
