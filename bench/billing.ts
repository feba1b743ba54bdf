/**
 * Billing under load, in-process, per carrier and in its own protocol: many members on the
 * point course, a year of monthly renewals posted through the gateway's carrier endpoint 32 at a
 * time — docomo's undated-UA-less forms from its addresses, SoftBank's with its registration
 * header, au's tran_ids confirmed by SOAP with the sandbox's collection service, the payment
 * company's signed JSON (Willcom) — with a third of them sent twice (carrier retries) and 1 in 7
 * a second notice for the same month, racing. Afterwards the ledger is audited: every billed
 * month must have given exactly its points once, and every balance must equal its ledger.
 */
import pino from 'pino';
import { loadConfig } from '../gateway/config.js';
import { boot } from '../gateway/bootstrap.js';
import { createApp } from '../gateway/app.js';
import { COURSE, nextMonth } from '../core/course/service.js';
import type { CompanyGateway } from '../carriers/billing-company.js';
import type { BillingNotice } from '../carriers/billing.js';
import type { CarrierId } from '../carriers/index.js';
import { formNotice } from '../carriers/billing-wire.js';
import { SANDBOX_SOURCE } from '../carriers/billing-gateways.js';

export interface BillingFigures {
  carrier: string;
  protocol: string;
  members: number;
  notices: number;
  perSecond: number;
  /** Answered as refused: au's replayed tran_ids (its collection service confirms each once). */
  refused: number;
  grantedTwice: number;
  lost: number;
  balanceMismatches: number;
}

const CARRIERS: CarrierId[] = ['docomo', 'softbank', 'au', 'willcom'];

export async function billingFigures(dir: string, members = 500, months = 12): Promise<BillingFigures[]> {
  const config = loadConfig({ DATABASE_URL: `sqlite:${dir}/billing.db`, SEED_DEMO: '0', LOG_LEVEL: 'silent', MAIL_OUTBOX: `${dir}/outbox`, BILLING_SANDBOX: '1' });
  // Notices must name a month near now, so the bench moves a clock through the year it bills.
  const clock = { t: Date.parse('2031-01-15T12:00:00+09:00'), now() { return this.t; } };
  const booted = await boot(config, { logger: pino({ level: 'silent' }), clock });
  const out: BillingFigures[] = [];
  try {
    const s = booted.services;
    const app = createApp(s);
    const host = new URL(config.publicOrigin).host;
    for (const carrier of CARRIERS) {
      const gw = s.billing.get(carrier)!;
      clock.t = Date.parse('2031-01-15T12:00:00+09:00');
      const joined = clock.now();
      const ids: number[] = [];
      const contracts: string[] = [];
      for (let i = 0; i < members; i++) {
        const id = await s.store.members.insert({ login: `bill-${carrier}-${i}`, nickname: `課金${i}`, passwordHash: 'x', birthDate: '1990-01-01', mail: null, mailVerifiedAt: joined, status: 'active', invitedBy: null, createdAt: joined });
        const order = await s.course.startOrder(id, carrier, 'join');
        const contract = `bench-${carrier}-${i}`;
        await s.course.apply(carrier, { id: `join-${carrier}-${i}`, type: 'registered', order: order.token, contract, month: '2031-01', amountYen: COURSE.priceYen });
        ids.push(id);
        contracts.push(contract);
      }
      /** One renewal as this carrier sends it: body, headers, the address it comes from. */
      const wire = (n: BillingNotice): { body: string; headers: Record<string, string>; peer: string } => {
        if (gw.protocol === 'company') {
          const body = JSON.stringify({ id: n.id, type: n.type, contract: 'contract' in n ? n.contract : '', month: 'month' in n ? n.month : '', amount: COURSE.priceYen });
          return { body, headers: { 'Content-Type': 'application/json', 'X-Carrier-Signature': (gw as CompanyGateway).sign(body, clock.now()) }, peer: '127.0.0.1' };
        }
        const peer = SANDBOX_SOURCE[carrier]!;
        const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
        if (gw.calendar === 'anniversary') return { body: formNotice(n, clock.now()), headers: { ...form, 'X-JPHONE-REGISTERED': 'contract' in n ? n.contract : '' }, peer };
        if (carrier === 'au') return { body: `tran_id=${s.sandbox!.issue(n)}`, headers: form, peer };
        return { body: formNotice(n, clock.now()), headers: form, peer };
      };
      let sent = 0;
      let refused = 0;
      let elapsed = 0;
      let month = '2031-01';
      for (let m = 1; m <= months; m++) {
        month = nextMonth(month);
        // Each carrier's billing day: the 1st, or the sign-up anniversary (the 15th).
        clock.t = Date.parse(`${month}-${gw.calendar === 'anniversary' ? '15' : '01'}T00:10:00+09:00`);
        const calls: ReturnType<typeof wire>[] = [];
        for (const [i, contract] of contracts.entries()) {
          const call = wire({ id: `n-${m}-${i}`, type: 'renewed', contract, month, amountYen: COURSE.priceYen });
          calls.push(call);
          if (i % 3 === 0) calls.push(call); // the carrier retries: the same call again
          if (i % 7 === 0) calls.push(wire({ id: `n2-${m}-${i}`, type: 'renewed', contract, month, amountYen: COURSE.priceYen })); // a second notice for the month
        }
        let next = 0;
        const started = performance.now();
        await Promise.all(
          Array.from({ length: 32 }, async () => {
            while (next < calls.length) {
              const c = calls[next++]!;
              const r = await app.request(`${config.publicOrigin}/billing/notify/${carrier}`, { method: 'POST', body: c.body, headers: { Host: host, ...c.headers } }, { peerAddress: c.peer });
              if (r.status !== 200) refused++;
              await r.arrayBuffer();
            }
          }),
        );
        elapsed += performance.now() - started;
        sent += calls.length;
      }
      let grantedTwice = 0;
      let lost = 0;
      let balanceMismatches = 0;
      for (const id of ids) {
        const balance = await s.store.points.balance(id);
        const sum = await s.store.points.ledgerSum(id);
        if (balance !== sum) balanceMismatches++;
        // The month joined and every month renewed.
        const expected = (months + 1) * COURSE.pointsPerMonth;
        if (sum > expected) grantedTwice++;
        if (sum < expected) lost++;
      }
      out.push({ carrier, protocol: gw.protocol, members, notices: sent, perSecond: Math.round(sent / (elapsed / 1000)), refused, grantedTwice, lost, balanceMismatches });
    }
    return out;
  } finally {
    await booted.close();
  }
}
