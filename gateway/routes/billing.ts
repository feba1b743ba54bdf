import { Hono, type Context } from 'hono';
import { isDomainError } from '../../core/errors.js';
import { SIGNATURE_HEADER, type BillingGateway } from '../../carriers/billing.js';
import type { CarrierId } from '../../carriers/index.js';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { clientAddress, peerAddress } from '../middleware/request.js';
import { readBoundedBody } from '../input.js';

const NOTICE_MAX_BYTES = 16 * 1024;
const SETTLEMENT_MAX_BYTES = 32 * 1024 * 1024;

type Json = Record<string, unknown>;

/**
 * Carrier → merchant calls (server to server, JSON): billing notices and monthly settlements.
 * They sit before the handset pipeline. Every call must be signed with that carrier's key and
 * fresh; a notice id already applied is answered "duplicate" and changes nothing; a malformed or
 * unsigned call gets a 4xx with a reason, never a 5xx.
 */
export function billingCallbackRoutes(s: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  async function verified(c: Context<AppEnv>, max: number): Promise<{ gw: BillingGateway; body: string } | Response> {
    const gw = s.billing.get(c.req.param('carrier') as CarrierId);
    if (!gw) return c.json({ error: 'unknown_carrier' } satisfies Json, 404);
    // Defence in depth where the carriers' server addresses are known (BILLING_SOURCES).
    const from = clientAddress(peerAddress(c.env), c.req.header('x-forwarded-for'), s.config.trustProxy);
    if (s.config.billingSources && !s.config.billingSources.has(from)) {
      c.get('log').warn({ carrier: gw.carrier, from }, 'billing call from an unknown address');
      return c.json({ error: 'forbidden_source' } satisfies Json, 403);
    }
    // A call without a well-formed, fresh signature header is refused before its body is read;
    // the body is then bounded while streaming, before the signature is computed over it.
    const header = gw.checkHeader(c.req.header(SIGNATURE_HEADER), s.clock.now());
    if (header !== 'ok') {
      c.get('log').warn({ carrier: gw.carrier, verdict: header }, 'billing call refused');
      c.header('Connection', 'close');
      return c.json({ error: header } satisfies Json, 401);
    }
    const read = await readBoundedBody(c, max);
    if (!read.ok) return read.status === 413 ? c.json({ error: 'too_large', limit: max } satisfies Json, 413) : c.json({ error: 'malformed' } satisfies Json, 400);
    let body: string;
    try {
      body = new TextDecoder('utf-8', { fatal: true }).decode(read.bytes);
    } catch {
      return c.json({ error: 'malformed' } satisfies Json, 400);
    }
    const verdict = gw.verify(body, c.req.header(SIGNATURE_HEADER), s.clock.now());
    if (verdict !== 'ok') {
      c.get('log').warn({ carrier: gw.carrier, verdict }, 'billing call refused');
      return c.json({ error: verdict } satisfies Json, 401);
    }
    return { gw, body };
  }

  app.post('/billing/notify/:carrier', async (c) => {
    const v = await verified(c, NOTICE_MAX_BYTES);
    if (v instanceof Response) return v;
    const notice = v.gw.parseNotice(v.body);
    if (!notice) return c.json({ error: 'malformed' } satisfies Json, 400);
    try {
      // A notice names its product (absent: the point course); each product has its own contracts.
      const result = await (notice.product === 'premium' ? s.premium : s.course).apply(v.gw.carrier, notice);
      c.get('log').info({ carrier: v.gw.carrier, notice: notice.id, type: notice.type, result }, 'billing notice');
      return c.json({ result } satisfies Json);
    } catch (e) {
      if (!isDomainError(e, 'billing_rejected')) throw e;
      c.get('log').warn({ carrier: v.gw.carrier, notice: notice.id, type: notice.type, reason: e.fields.reason }, 'billing notice rejected');
      return c.json({ error: 'rejected', reason: e.fields.reason ?? '' } satisfies Json, 422);
    }
  });

  app.post('/billing/settlement/:carrier', async (c) => {
    const v = await verified(c, SETTLEMENT_MAX_BYTES);
    if (v instanceof Response) return v;
    const settlement = v.gw.parseSettlement(v.body);
    if (!settlement) return c.json({ error: 'malformed' } satisfies Json, 400);
    let report;
    try {
      report = await (settlement.product === 'premium' ? s.premium : s.course).reconcile(v.gw.carrier, settlement);
    } catch (e) {
      if (!isDomainError(e, 'billing_rejected')) throw e;
      c.get('log').warn({ carrier: v.gw.carrier, settlement: settlement.id, month: settlement.month, reason: e.fields.reason }, 'settlement rejected');
      return c.json({ error: 'rejected', reason: e.fields.reason ?? '' } satisfies Json, 422);
    }
    const log = c.get('log');
    if (report.problems.length || report.fixed.length) log.warn({ report }, 'settlement differs from our charges');
    else log.info({ carrier: report.carrier, month: report.month, matched: report.matched }, 'settlement reconciled');
    return c.json({ result: report.duplicate ? 'duplicate' : 'reconciled', report } satisfies Json);
  });

  return app;
}
