import { carrierById } from './index.js';
import { calendarOf, PAYMENT_LABELS, productParams, type BillingGateway, type BillingWiring } from './billing.js';
import { carrierServerRefusal, isFresh, parseFormNotice, parseSettlementCsv, textReply } from './billing-wire.js';

/**
 * docomo's own shape (i-mode 情報料): the confirmation link carries `uid=NULLGWDOCOMO` (the
 * gateway swaps in the 12-character i-mode ID) and `guid=ON`; sign-up, cancellation and the
 * month's events arrive as a form POST from docomo's own address ranges with no User-Agent,
 * answered `text/plain` `OK` (taken, or already taken) or `NG` (docomo sends it again).
 */
export const DOCOMO_UID_PLACEHOLDER = 'NULLGWDOCOMO';
/** An i-mode ID (12 characters) or, through guid=ON, the FOMA terminal-independent ID. */
export const DOCOMO_UID = /^[0-9A-Za-z]{7,12}$/;

const NG = (status: number, reason: string) => ({ ok: false as const, reason, reply: textReply(status, 'NG') });

export function docomoGateway(w: BillingWiring): BillingGateway {
  const carrier = 'docomo' as const;
  const c = carrierById(carrier);
  return {
    carrier,
    protocol: 'carrier',
    calendar: calendarOf(carrier),
    paymentLabel: PAYMENT_LABELS[carrier]!,
    confirmUrl({ order, kind, user, returnUrl, product }) {
      const q = new URLSearchParams({ order, kind, user, return: returnUrl, ...productParams(product), uid: DOCOMO_UID_PLACEHOLDER, ...c.subscriberIdParams() });
      return `${w.confirmBase}/${carrier}/confirm?${q.toString()}`;
    },
    screen(call) {
      const why = carrierServerRefusal(w.ranges, carrier, call);
      return why ? { reason: why, reply: textReply(403, 'NG') } : null;
    },
    async notice(call, body) {
      const f = parseFormNotice(body);
      if (!f) return NG(400, 'malformed');
      if (!isFresh(f.date, call.now)) return NG(409, 'stale');
      // Sign-up and cancellation name the subscriber the gateway put in the link.
      const needsUid = f.notice.type === 'registered' || f.notice.type === 'cancelled';
      if (needsUid ? !DOCOMO_UID.test(f.uid ?? '') : f.uid !== undefined && !DOCOMO_UID.test(f.uid)) return NG(400, 'malformed uid');
      return { ok: true, value: { ...f.notice, sentAt: f.date }, answer: (o) => (o.result === 'rejected' ? textReply(422, 'NG') : textReply(200, 'OK')) };
    },
    settlement(_call, body) {
      const s = parseSettlementCsv(carrier, body);
      return s ? { ok: true, value: s } : NG(400, 'malformed');
    },
    // docomo's server has told us (or will): the return only shows how the order stands.
    memberReturn: () => Promise.resolve({ kind: 'none' }),
    memberRefusal: () => ({ status: 422, headers: {} }),
  };
}
