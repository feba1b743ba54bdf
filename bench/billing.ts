/**
 * Billing under load, in-process: many members on the point course, a year of monthly notices
 * posted signed through the gateway's carrier endpoint 32 at a time, with a third of them sent
 * twice (carrier retries) and racing. Afterwards the ledger is audited: every billed month must
 * have given exactly its points once, and every balance must equal its ledger.
 */
import pino from 'pino';
import { loadConfig } from '../gateway/config.js';
import { boot } from '../gateway/bootstrap.js';
import { createApp } from '../gateway/app.js';
import { COURSE, nextMonth } from '../core/course/service.js';
import type { CompanyGateway } from '../carriers/billing-company.js';

export interface BillingFigures {
  members: number;
  notices: number;
  perSecond: number;
  grantedTwice: number;
  lost: number;
  balanceMismatches: number;
  non2xx: number;
}

export async function billingFigures(dir: string, members = 500, months = 12): Promise<BillingFigures> {
  const config = loadConfig({ DATABASE_URL: `sqlite:${dir}/billing.db`, SEED_DEMO: '0', LOG_LEVEL: 'silent', MAIL_OUTBOX: `${dir}/outbox`, BILLING_SANDBOX: '1', BILLING_PROTOCOLS: 'docomo=company' });
  // Notices must name a month near now, so the bench moves a clock through the year it bills.
  const clock = { t: Date.parse('2031-01-15T12:00:00+09:00'), now() { return this.t; } };
  const booted = await boot(config, { logger: pino({ level: 'silent' }), clock });
  try {
    const s = booted.services;
    const app = createApp(s);
    const gw = s.billing.get('docomo') as CompanyGateway;
    const now = clock.now();
    const contracts: string[] = [];
    for (let i = 0; i < members; i++) {
      const id = await s.store.members.insert({ login: `bill${i}`, nickname: `課金${i}`, passwordHash: 'x', birthDate: '1990-01-01', mail: null, mailVerifiedAt: now, status: 'active', invitedBy: null, createdAt: now });
      const order = await s.course.startOrder(id, 'docomo', 'join');
      contracts.push(`bench-${i}`);
      await s.course.apply('docomo', { id: `join-${i}`, type: 'registered', order: order.token, contract: `bench-${i}`, month: '2031-01', amountYen: COURSE.priceYen });
    }
    let sent = 0;
    let non2xx = 0;
    let elapsed = 0;
    let month = '2031-01';
    for (let m = 1; m <= months; m++) {
      month = nextMonth(month);
      clock.t = Date.parse(`${month}-01T00:10:00+09:00`);
      const bodies: string[] = [];
      for (const [i, contract] of contracts.entries()) {
        const body = JSON.stringify({ id: `n-${m}-${i}`, type: 'renewed', contract, month, amount: COURSE.priceYen });
        bodies.push(body);
        if (i % 3 === 0) bodies.push(body); // the carrier retries: the same notice again
        if (i % 7 === 0) bodies.push(JSON.stringify({ id: `n2-${m}-${i}`, type: 'renewed', contract, month, amount: COURSE.priceYen })); // a second notice for the same month
      }
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          while (next < bodies.length) {
            const body = bodies[next++]!;
            const r = await app.request(`${config.publicOrigin}/billing/notify/docomo`, { method: 'POST', body, headers: { Host: new URL(config.publicOrigin).host, 'Content-Type': 'application/json', 'X-Carrier-Signature': gw.sign(body, clock.now()) } }, { peerAddress: '127.0.0.1' });
            if (r.status !== 200) non2xx++;
            await r.arrayBuffer();
          }
        }),
      );
      elapsed += performance.now() - started;
      sent += bodies.length;
    }
    const seconds = elapsed / 1000;
    let grantedTwice = 0;
    let lost = 0;
    let balanceMismatches = 0;
    for (let id = 1; id <= members; id++) {
      const balance = await s.store.points.balance(id);
      const sum = await s.store.points.ledgerSum(id);
      if (balance !== sum) balanceMismatches++;
      // The month joined and every month renewed.
      const expected = (months + 1) * COURSE.pointsPerMonth;
      if (sum > expected) grantedTwice++;
      if (sum < expected) lost++;
    }
    return { members, notices: sent, perSecond: Math.round(sent / seconds), grantedTwice, lost, balanceMismatches, non2xx };
  } finally {
    await booted.close();
  }
}
