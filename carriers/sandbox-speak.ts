import { randomBytes } from 'node:crypto';
import type { CarrierId } from './carrier.js';
import type { BillingGateway, BillingNotice, BillingSettlement } from './billing.js';
import type { CompanyGateway, WireSettlement } from './billing-company.js';
import { formNotice, settlementCsv } from './billing-wire.js';
import { REGISTERED_HEADER } from './billing-softbank.js';
import { SANDBOX_SOURCE } from './billing-gateways.js';

/**
 * How the sandbox carrier talks to the merchant's server, per carrier and protocol: the payment
 * company signs JSON; docomo and SoftBank post forms from their own addresses with no
 * User-Agent (SoftBank naming the registration in X-JPHONE-REGISTERED); au posts a tran_id the
 * merchant must confirm. Each tries again, as the carriers did, while the answer is not taken.
 */

export type Transport = (url: string, init: { method: 'POST'; headers: Record<string, string>; body: string; peer?: string }) => Promise<{ status: number; text: string }>;

export interface Sent {
  status: number;
  text: string;
}

const ATTEMPTS = 3;

/** A 28-character transaction id, as au's collection service hands out. */
export function newTranId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(28)].map((b) => alphabet[b % alphabet.length]).join('');
}

/**
 * Failures QA can inject per carrier (the console): `lose` the next notices are never delivered;
 * `duplicate` each is delivered twice; `forge` each is sent as an impostor would (docomo with a
 * User-Agent, SoftBank without its header, au with a tran_id it never issued, the company with a
 * wrong signature); `collection_down` au's collection service answers 503.
 */
export const FAULTS = ['none', 'lose', 'duplicate', 'forge', 'collection_down'] as const;
export type Fault = (typeof FAULTS)[number];

export class SandboxSpeaker {
  readonly faults = new Map<CarrierId, Fault>();

  constructor(
    private readonly gateways: ReadonlyMap<CarrierId, BillingGateway>,
    private readonly notifyBase: string,
    private readonly transport: Transport,
    private readonly clock: { now(): number },
    /** au only: registers a transaction for the collection service and returns its tran_id. */
    private readonly newTransaction: (n: BillingNotice) => string,
  ) {}

  private gw(carrier: CarrierId): BillingGateway {
    const gw = this.gateways.get(carrier);
    if (!gw) throw new Error(`no billing gateway for ${carrier}`);
    return gw;
  }

  /** Whether this carrier speaks its own protocol here (else the payment company's). */
  native(carrier: CarrierId): boolean {
    return this.gw(carrier).protocol === 'carrier';
  }

  async notify(carrier: CarrierId, n: BillingNotice, extra: Record<string, string> = {}): Promise<Sent> {
    const fault = this.faults.get(carrier) ?? 'none';
    if (fault === 'lose') return { status: 0, text: 'lost (QA fault)' };
    const first = await this.notifyOnce(carrier, n, extra, fault === 'forge');
    return fault === 'duplicate' ? this.notifyOnce(carrier, n, extra, false) : first;
  }

  private async notifyOnce(carrier: CarrierId, n: BillingNotice, extra: Record<string, string>, forge: boolean): Promise<Sent> {
    const url = `${this.notifyBase}/billing/notify/${carrier}`;
    const gw = this.gw(carrier);
    const form = 'application/x-www-form-urlencoded';
    if (gw.protocol === 'company') return this.post(gw, url, 'application/json', JSON.stringify(toWire(n)), (r) => r.status !== 0 && r.status < 500, forge ? { 'X-Carrier-Signature': `t=${Math.floor(this.clock.now() / 1000)},v1=${'0'.repeat(64)}` } : {});
    if (carrier === 'au') {
      // Forged: a tran_id au never issued (its collection service will not know it).
      const tranId = forge ? newTranId() : this.newTransaction(n);
      return this.post(gw, url, form, `tran_id=${tranId}`, (r) => r.text === 'OK');
    }
    const body = formNotice(n, this.clock.now(), extra);
    if (carrier === 'softbank') return this.post(gw, url, form, body, (r) => r.status === 200, 'contract' in n && !forge ? { [REGISTERED_HEADER]: n.contract } : {});
    // docomo: sent again on NG or no answer. Forged: a handset's request (it has a User-Agent).
    return this.post(gw, url, form, body, (r) => r.text === 'OK', forge ? { 'User-Agent': 'DoCoMo/2.0 N905i(c100;TB;W24H16)' } : {});
  }

  async settle(carrier: CarrierId, s: BillingSettlement): Promise<Sent> {
    const url = `${this.notifyBase}/billing/settlement/${carrier}`;
    const gw = this.gw(carrier);
    if (gw.protocol === 'company') {
      const wire: WireSettlement = { id: s.id, month: s.month, ...(s.product ? { product: s.product } : {}), records: s.records.map((r) => ({ contract: r.contract, amount: r.amountYen, status: r.status })) };
      return this.post(gw, url, 'application/json', JSON.stringify(wire), (r) => r.status !== 0 && r.status < 500);
    }
    return this.post(gw, url, 'text/csv', settlementCsv(carrier, s.month, s.records, s.product), (r) => r.status !== 0 && r.status < 500);
  }

  private async post(gw: BillingGateway, url: string, type: string, body: string, taken: (r: Sent) => boolean, extra: Record<string, string> = {}): Promise<Sent> {
    const company = gw.protocol === 'company';
    const headers: Record<string, string> = { 'Content-Type': type, ...(company ? { 'X-Carrier-Signature': (gw as CompanyGateway).sign(body, this.clock.now()) } : {}), ...extra };
    const peer = company ? undefined : SANDBOX_SOURCE[gw.carrier];
    let r: Sent = { status: 0, text: '' };
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        r = await this.transport(url, { method: 'POST', headers, body, ...(peer ? { peer } : {}) });
      } catch (e) {
        r = { status: 0, text: (e as Error).message };
      }
      if (taken(r)) break;
    }
    return r;
  }
}

function toWire(n: BillingNotice): Record<string, unknown> {
  if ('amountYen' in n) {
    const { amountYen, ...rest } = n;
    return { ...rest, amount: amountYen };
  }
  return n;
}
