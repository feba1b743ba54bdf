import { randomBytes } from 'node:crypto';
import type { CarrierId } from './carrier.js';
import type { BillingGateway, CourseProductId, WireNotice, WireSettlement } from './billing.js';
// Billing months are Japanese calendar months (core/time.ts: a leaf with no imports of its own).
import { japanMonth } from '../core/time.js';

/**
 * A sandbox that behaves like a carrier's billing system, for development, QA and tests: its
 * confirmation page takes the carrier billing password, and it bills, renews, fails, cancels,
 * ends contracts and settles, posting signed notices to the merchant as a carrier would. Its
 * state lives in memory (a carrier's is not ours to keep); at start it is told the contracts the
 * merchant knows, so renewals keep working across restarts.
 */

export const SANDBOX_PASSWORD = '1234';
const MAX_PASSWORD_TRIES = 3;
const PRICE_YEN = 315;

export interface SandboxLine {
  contract: string;
  carrier: CarrierId;
  /** The merchant's opaque reference for the member (sent on the confirmation link). */
  user: string;
  state: 'active' | 'cancelled' | 'ended';
  /** The monthly course this line pays for (the point course, or Premium). */
  product: CourseProductId;
  charges: Map<string, { amountYen: number; status: 'paid' | 'unpaid' }>;
  /** QA switch: the next monthly charge fails. */
  failNext: boolean;
}

export interface Delivery {
  at: number;
  carrier: CarrierId;
  kind: string;
  status: number;
  response: string;
}

export type Transport = (url: string, init: { method: 'POST'; headers: Record<string, string>; body: string }) => Promise<{ status: number; text: string }>;

export type ConfirmResult =
  | { ok: true; contract: string; amountYen: number; delivered: number }
  | { ok: false; reason: 'password' | 'locked' | 'already' | 'no_contract' };

export class SandboxBilling {
  readonly lines = new Map<string, SandboxLine>();
  readonly deliveries: Delivery[] = [];
  private readonly tries = new Map<string, number>();

  constructor(
    private readonly gateways: ReadonlyMap<CarrierId, BillingGateway>,
    private readonly notifyBase: string,
    private readonly transport: Transport,
    private readonly clock: { now(): number },
  ) {}

  /** Lines the merchant reports as live (restores the sandbox's memory after a restart). */
  restore(lines: { carrier: CarrierId; contract: string; state: 'active' | 'cancelled'; user: string; paidMonths: string[]; product?: CourseProductId }[]): void {
    for (const l of lines) {
      if (this.lines.has(l.contract)) continue;
      const charges = new Map(l.paidMonths.map((m) => [m, { amountYen: PRICE_YEN, status: 'paid' as const }]));
      this.lines.set(l.contract, { contract: l.contract, carrier: l.carrier, user: l.user, state: l.state, product: l.product ?? 'points', charges, failNext: false });
    }
  }

  lineOf(carrier: CarrierId, user: string, product: CourseProductId = 'points'): SandboxLine | undefined {
    for (const l of this.lines.values()) if (l.carrier === carrier && l.user === user && l.product === product && l.state !== 'ended') return l;
    return undefined;
  }

  /**
   * The carrier's member-status query (what carriers offered for monthly courses): each
   * contract's state as the carrier sees it now; `unknown` for a contract it never had.
   */
  memberStatus(carrier: CarrierId, contracts: readonly string[]): Map<string, 'active' | 'cancelled' | 'ended' | 'unknown'> {
    return new Map(contracts.map((c) => {
      const l = this.lines.get(c);
      return [c, l && l.carrier === carrier ? l.state : 'unknown'];
    }));
  }

  /** The member entered the billing password on the confirmation page. */
  async confirm(carrier: CarrierId, o: { order: string; kind: 'join' | 'cancel'; user: string; password: string; product?: CourseProductId }): Promise<ConfirmResult> {
    const product = o.product ?? 'points';
    const tag = product === 'premium' ? { product } : {};
    const tried = this.tries.get(o.order) ?? 0;
    if (tried >= MAX_PASSWORD_TRIES) return { ok: false, reason: 'locked' };
    if (o.password !== SANDBOX_PASSWORD) {
      this.tries.set(o.order, tried + 1);
      if (tried + 1 < MAX_PASSWORD_TRIES) return { ok: false, reason: 'password' };
      if (o.kind === 'join') await this.notify(carrier, { id: this.noticeId(carrier), type: 'declined', order: o.order, ...tag });
      return { ok: false, reason: 'locked' };
    }
    const month = japanMonth(this.clock.now());
    const line = this.lineOf(carrier, o.user, product);
    if (o.kind === 'cancel') {
      if (!line || line.state !== 'active') return { ok: false, reason: 'no_contract' };
      line.state = 'cancelled';
      const delivered = await this.notify(carrier, { id: this.noticeId(carrier), type: 'cancelled', contract: line.contract, month, order: o.order, ...tag });
      return { ok: true, contract: line.contract, amountYen: 0, delivered };
    }
    if (line?.state === 'active') return { ok: false, reason: 'already' };
    const l: SandboxLine = line ?? { contract: `sbx-${carrier}-${randomBytes(6).toString('hex')}`, carrier, user: o.user, state: 'active', product, charges: new Map(), failNext: false };
    l.state = 'active';
    this.lines.set(l.contract, l);
    // Every calendar month is billed once: re-joining in a month already paid costs nothing.
    const amountYen = l.charges.get(month)?.status === 'paid' ? 0 : PRICE_YEN;
    if (amountYen) l.charges.set(month, { amountYen, status: 'paid' });
    const delivered = await this.notify(carrier, { id: this.noticeId(carrier), type: 'registered', order: o.order, contract: l.contract, month, amount: amountYen, ...tag });
    return { ok: true, contract: l.contract, amountYen, delivered };
  }

  /**
   * The monthly run: every active line not yet charged this month is charged (or fails, where
   * QA asked) and the merchant told. `silent` charges without telling (a lost notice, which the
   * settlement must then catch).
   */
  async runMonthlyBilling(month: string, o: { silent?: boolean } = {}): Promise<{ contract: string; result: 'paid' | 'unpaid'; delivered: number | null }[]> {
    const out = [];
    for (const l of this.lines.values()) {
      if (l.state !== 'active' || l.charges.has(month)) continue;
      const failed = l.failNext;
      l.failNext = false;
      l.charges.set(month, { amountYen: PRICE_YEN, status: failed ? 'unpaid' : 'paid' });
      let delivered: number | null = null;
      const tag = l.product === 'premium' ? { product: l.product } : {};
      if (!o.silent) {
        delivered = failed
          ? await this.notify(l.carrier, { id: this.noticeId(l.carrier), type: 'payment_failed', contract: l.contract, month, ...tag })
          : await this.notify(l.carrier, { id: this.noticeId(l.carrier), type: 'renewed', contract: l.contract, month, amount: PRICE_YEN, ...tag });
      }
      out.push({ contract: l.contract, result: failed ? ('unpaid' as const) : ('paid' as const), delivered });
    }
    return out;
  }

  failNextPayment(contract: string): boolean {
    const l = this.lines.get(contract);
    if (!l || l.state !== 'active') return false;
    l.failNext = true;
    return true;
  }

  /** The phone contract ended (the member left the carrier): the course ends with it. */
  async endContract(contract: string, o: { silent?: boolean } = {}): Promise<number | null> {
    const l = this.lines.get(contract);
    if (!l || l.state === 'ended') return null;
    l.state = 'ended';
    // `silent`: the carrier ends it without telling (a lost notice); only the status query shows it.
    if (o.silent) return 0;
    return this.notify(l.carrier, { id: this.noticeId(l.carrier), type: 'contract_ended', contract, ...(l.product === 'premium' ? { product: l.product } : {}) });
  }

  /** Sends the month's settlement for one carrier; answers the merchant's reply. */
  async settle(carrier: CarrierId, month: string, product: CourseProductId = 'points'): Promise<{ status: number; text: string }> {
    const records = [];
    for (const l of this.lines.values()) {
      const ch = l.carrier === carrier && l.product === product ? l.charges.get(month) : undefined;
      if (ch) records.push({ contract: l.contract, amount: ch.amountYen, status: ch.status });
    }
    const body: WireSettlement = { id: `settle-${carrier}-${month}-${randomBytes(4).toString('hex')}`, month, ...(product === 'premium' ? { product } : {}), records };
    return this.post(carrier, 'settlement', `${this.notifyBase}/billing/settlement/${carrier}`, JSON.stringify(body));
  }

  private noticeId(carrier: CarrierId): string {
    return `${carrier}-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
  }

  private async notify(carrier: CarrierId, notice: WireNotice): Promise<number> {
    const r = await this.post(carrier, notice.type, `${this.notifyBase}/billing/notify/${carrier}`, JSON.stringify(notice));
    return r.status;
  }

  private async post(carrier: CarrierId, kind: string, url: string, body: string): Promise<{ status: number; text: string }> {
    const gw = this.gateways.get(carrier);
    if (!gw) throw new Error(`no billing gateway for ${carrier}`);
    const headers = { 'Content-Type': 'application/json', 'X-Carrier-Signature': gw.sign(body, this.clock.now()) };
    // Like a carrier, try again (up to three times) when the merchant is unreachable or busy.
    let r: { status: number; text: string } = { status: 0, text: '' };
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        r = await this.transport(url, { method: 'POST', headers, body });
      } catch (e) {
        r = { status: 0, text: (e as Error).message };
      }
      if (r.status !== 0 && r.status < 500) break;
    }
    this.deliveries.push({ at: this.clock.now(), carrier, kind, status: r.status, response: r.text.slice(0, 500) });
    if (this.deliveries.length > 200) this.deliveries.shift();
    return r;
  }
}
