import { Hono, type Context } from 'hono';
import { requestHeader } from '../headers.js';
import { isDomainError } from '../../core/errors.js';
import type { CarrierCall, Reply } from '../../carriers/billing.js';
import type { CarrierId } from '../../carriers/index.js';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { clientAddress, peerAddress } from '../middleware/request.js';
import { readBoundedBody } from '../input.js';

const NOTICE_MAX_BYTES = 16 * 1024;
const SETTLEMENT_MAX_BYTES = 32 * 1024 * 1024;

type Json = Record<string, unknown>;

function send(c: Context<AppEnv>, r: Reply): Response {
  const type = r.contentType.startsWith('text/') ? `${r.contentType}; charset=utf-8` : r.contentType;
  return c.body(r.body, r.status as 200, { 'Content-Type': type, ...(r.headers ?? {}) });
}

/**
 * Carrier → merchant calls (server to server): billing notices and monthly settlements. They sit
 * before the handset pipeline. Each carrier's adapter (carriers/billing-*.ts) judges the call in
 * that carrier's terms (its addresses and no User-Agent, its header, a signature, au's
 * confirmation call) and phrases the answer (`OK`/`NG`, ERR800, JSON); the core applies what it
 * passes once. A malformed or refused call gets a 4xx (SoftBank: its 500 ERR800) with nothing
 * applied; bad input never reaches the core.
 */
export function billingCallbackRoutes(s: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  async function received(c: Context<AppEnv>, kind: string, max: number) {
    const gw = s.billing.get(c.req.param('carrier') as CarrierId);
    if (!gw) return c.json({ error: 'unknown_carrier' } satisfies Json, 404);
    const call: CarrierCall = { clientIp: clientAddress(peerAddress(c.env), requestHeader(c, 'x-forwarded-for'), s.config.trustProxy), header: (n) => requestHeader(c, n), now: s.clock.now() };
    // Defence in depth where the carriers' server addresses are known (BILLING_SOURCES).
    if (s.config.billingSources && !s.config.billingSources.has(call.clientIp)) {
      c.get('log').warn({ carrier: gw.carrier, from: call.clientIp }, 'billing call from an unknown address');
      return c.json({ error: 'forbidden_source' } satisfies Json, 403);
    }
    // What can be judged without the body is judged first; the body is then bounded while streaming.
    const screened = gw.screen(call);
    if (screened) {
      c.get('log').warn({ carrier: gw.carrier, kind, from: call.clientIp, reason: screened.reason }, 'billing call refused');
      return send(c, screened.reply);
    }
    const read = await readBoundedBody(c, max);
    if (!read.ok) return read.status === 413 ? c.json({ error: 'too_large', limit: max } satisfies Json, 413) : c.json({ error: 'malformed' } satisfies Json, 400);
    let body: string;
    try {
      body = new TextDecoder('utf-8', { fatal: true }).decode(read.bytes);
    } catch {
      return c.json({ error: 'malformed' } satisfies Json, 400);
    }
    return { gw, call, body };
  }

  app.post('/billing/notify/:carrier', async (c) => {
    const v = await received(c, 'notice', NOTICE_MAX_BYTES);
    if (v instanceof Response) return v;
    const r = await v.gw.notice(v.call, v.body);
    if (!r.ok) {
      c.get('log').warn({ carrier: v.gw.carrier, reason: r.reason }, 'billing notice refused');
      return send(c, r.reply);
    }
    const notice = r.value;
    try {
      // A notice names its product (absent: the point course); each product has its own contracts.
      const result = await (notice.product === 'premium' ? s.premium : s.course).apply(v.gw.carrier, notice);
      c.get('log').info({ carrier: v.gw.carrier, notice: notice.id, type: notice.type, result }, 'billing notice');
      return send(c, r.answer({ result }));
    } catch (e) {
      if (!isDomainError(e, 'billing_rejected')) throw e;
      const reason = e.fields.reason ?? '';
      c.get('log').warn({ carrier: v.gw.carrier, notice: notice.id, type: notice.type, reason }, 'billing notice rejected');
      return send(c, r.answer({ result: 'rejected', reason }));
    }
  });

  app.post('/billing/settlement/:carrier', async (c) => {
    const v = await received(c, 'settlement', SETTLEMENT_MAX_BYTES);
    if (v instanceof Response) return v;
    const parsed = v.gw.settlement(v.call, v.body);
    if (!parsed.ok) {
      c.get('log').warn({ carrier: v.gw.carrier, reason: parsed.reason }, 'settlement refused');
      return send(c, parsed.reply);
    }
    const settlement = parsed.value;
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
