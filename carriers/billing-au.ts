import { carrierById } from './index.js';
import { calendarOf, PAYMENT_LABELS, productParams, type BillingGateway, type BillingNotice, type BillingWiring } from './billing.js';
import { toNotice } from './billing-company.js';
import { carrierServerRefusal, parseCarrierDate, parseSettlementCsv, textReply } from './billing-wire.js';
import { confirmRequest, parseConfirmResponse, TRAN_ID } from './billing-soap.js';

/**
 * au's own shape (かんたん決済): the member comes back with a 28-character `tran_id`, and the
 * month's events reach us as a POST of a `tran_id` from au's address ranges (no User-Agent).
 * A tran_id proves nothing by itself: the merchant confirms it with au's collection service
 * (SOAP; result code `00` = OK), which says what the transaction was. Nothing is granted before
 * that answer; a tran_id the service does not know, or already confirmed, grants nothing.
 */

type Confirmed = { ok: true; notice: BillingNotice } | { ok: false; reason: string };

export function auGateway(w: BillingWiring): BillingGateway {
  const carrier = 'au' as const;
  const c = carrierById(carrier);

  async function confirm(tranId: string, orderId?: string): Promise<Confirmed> {
    let answer: { status: number; text: string };
    try {
      answer = await w.soap(w.auCollectionUrl, confirmRequest(w.merchantId, tranId, orderId));
    } catch {
      return { ok: false, reason: 'collection service unreachable' };
    }
    const r = answer.status === 200 ? await parseConfirmResponse(answer.text) : null;
    if (!r) return { ok: false, reason: `collection service answered ${answer.status}` };
    if (r.resultCode !== '00') return { ok: false, reason: `not confirmed (${r.resultCode}/${r.reasonCode})` };
    const t = r.transaction;
    const notice = t && toNotice({ id: `au-${tranId}`, type: t.type, order: t.order, contract: t.contract, month: t.month, amount: t.amount, product: t.product });
    const sentAt = parseCarrierDate(t?.issuedAt);
    return notice ? { ok: true, notice: sentAt === null ? notice : { ...notice, sentAt } } : { ok: false, reason: 'confirmation names no transaction' };
  }

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
      return why ? { reason: why, reply: textReply(403, 'NG') } : null;
    },
    async notice(_call, body) {
      const m = /^tran_id=([0-9A-Za-z]{28})$/.exec(body.trim());
      if (!m) return { ok: false, reason: 'malformed', reply: textReply(400, 'NG') };
      const r = await confirm(m[1]!);
      // Joining and cancelling are confirmed when the member comes back with their tran_id.
      if (r.ok && (r.notice.type === 'registered' || r.notice.type === 'declined')) return { ok: false, reason: 'not sent by this carrier', reply: textReply(422, 'NG') };
      if (!r.ok) return { ok: false, reason: r.reason, reply: textReply(422, 'NG') };
      return { ok: true, value: r.notice, answer: (o) => (o.result === 'rejected' ? textReply(422, 'NG') : textReply(200, 'OK')) };
    },
    settlement(_call, body) {
      const s = parseSettlementCsv(carrier, body);
      return s ? { ok: true, value: s } : { ok: false, reason: 'malformed', reply: textReply(400, 'NG') };
    },
    async memberReturn(r) {
      const tranId = r.query('tran_id');
      if (tranId === undefined) return { kind: 'none' };
      if (!TRAN_ID.test(tranId)) return { kind: 'refused', reason: 'malformed tran_id', status: 400, headers: {} };
      if (r.handsetCarrier !== carrier || !r.carrierIpVerified) return { kind: 'refused', reason: 'not an au handset on its network', status: 403, headers: {} };
      const confirmed = await confirm(tranId, r.order.token);
      if (!confirmed.ok) return { kind: 'refused', reason: confirmed.reason, status: 422, headers: {} };
      const n = confirmed.notice;
      // The transaction must be this order's answer, for this order's course: a join's registration
      // or a cancel's cancellation (or backing out).
      const forThis = (n.product ?? 'points') !== r.order.product ? false
        : n.type === 'declined' ? n.order === r.order.token
        : n.type === 'registered' ? r.order.kind === 'join' && n.order === r.order.token
        : n.type === 'cancelled' ? r.order.kind === 'cancel' && n.order === r.order.token
        : false;
      return forThis ? { kind: 'notice', notice: n } : { kind: 'refused', reason: 'transaction is not this order', status: 422, headers: {} };
    },
    memberRefusal: () => ({ status: 422, headers: {} }),
  };
}
