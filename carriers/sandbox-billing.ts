import { randomBytes } from 'node:crypto';
import type { CarrierId } from './carrier.js';
import { calendarOf, type BillingGateway, type BillingNotice, type CourseProductId } from './billing.js';
import { newTranId, SandboxSpeaker, type Fault, type Transport } from './sandbox-speak.js';
import { confirmResponse, parseConfirmRequest, type Confirmation } from './billing-soap.js';
import { carrierDate } from './billing-wire.js';
// Billing months and days are Japan's calendar (core/time.ts: a leaf with no imports of its own).
import { japanMonth, japanWallClock } from '../core/time.js';

export { FAULTS, type Fault, type Transport } from './sandbox-speak.js';

/**
 * A sandbox that behaves like each carrier's billing system, for development, QA and tests: its
 * confirmation page takes the carrier billing password, and it bills (docomo and au on the 1st,
 * SoftBank on the anniversary of the sign-up day), renews, fails, cancels, ends contracts and
 * settles, telling the merchant as that carrier would (sandbox-speak.ts). au's collection
 * service is here too: it hands out tran_ids and answers confirmation calls. Its state lives in
 * memory (a carrier's is not ours to keep); at start it is told the contracts the merchant
 * knows, so renewals keep working across restarts.
 */

export const SANDBOX_PASSWORD = '1234';
export const SANDBOX_MERCHANT = 'ashiato';
const MAX_PASSWORD_TRIES = 3;
const PRICE_YEN = 315;

export interface SandboxLine {
  contract: string;
  carrier: CarrierId;
  /** The merchant's opaque reference for the member (sent on the confirmation link). */
  user: string;
  /** pending: au, until the merchant confirms the sign-up's tran_id. */
  state: 'pending' | 'active' | 'cancelled' | 'ended';
  /** Day of the month (Japan) of the sign-up: SoftBank bills on it. */
  anchorDay: number;
  /** The monthly course this line pays for (the point course, or Premium): a line per course. */
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

export type ConfirmResult =
  | { ok: true; contract: string; amountYen: number; delivered: number | null; returnParams: Record<string, string> }
  | { ok: false; reason: 'password' | 'locked' | 'already' | 'no_contract' | 'no_subscriber'; returnParams: Record<string, string> };

interface Transaction {
  notice: BillingNotice;
  issuedAt: number;
  confirmed: boolean;
  /** What confirming it does at the carrier (an au sign-up becomes a contract). */
  onConfirm?: () => void;
}

/** Day of the month a carrier bills a line in `month`: the 1st, or the sign-up day (the month's last when it has none). */
export function billingDayOf(carrier: CarrierId, anchorDay: number, month: string): number {
  if (calendarOf(carrier) === 'first') return 1;
  const [y, m] = month.split('-').map(Number) as [number, number];
  return Math.min(anchorDay, new Date(Date.UTC(y, m, 0)).getUTCDate());
}

export class SandboxBilling {
  readonly lines = new Map<string, SandboxLine>();
  readonly deliveries: Delivery[] = [];
  readonly transactions = new Map<string, Transaction>();
  private readonly tries = new Map<string, number>();
  /** SoftBank: each confirmed order's registration, for its gateway's header on the way back. */
  private readonly returns = new Map<string, string>();
  private readonly speak: SandboxSpeaker;

  constructor(
    gateways: ReadonlyMap<CarrierId, BillingGateway>,
    notifyBase: string,
    transport: Transport,
    private readonly clock: { now(): number },
  ) {
    this.speak = new SandboxSpeaker(gateways, notifyBase, transport, clock, (n) => this.issue(n));
  }

  /** Lines the merchant reports as live (restores the sandbox's memory after a restart). */
  restore(lines: { carrier: CarrierId; contract: string; state: 'active' | 'cancelled'; user: string; paidMonths: string[]; joinedAt: number; product?: CourseProductId }[]): void {
    for (const l of lines) {
      if (this.lines.has(l.contract)) continue;
      const charges = new Map(l.paidMonths.map((m) => [m, { amountYen: PRICE_YEN, status: 'paid' as const }]));
      this.lines.set(l.contract, { contract: l.contract, carrier: l.carrier, user: l.user, state: l.state, anchorDay: japanWallClock(l.joinedAt).getUTCDate(), product: l.product ?? 'points', charges, failNext: false });
    }
  }

  lineOf(carrier: CarrierId, user: string, product: CourseProductId = 'points'): SandboxLine | undefined {
    for (const l of this.lines.values()) if (l.carrier === carrier && l.user === user && l.product === product && l.state !== 'ended') return l;
    return undefined;
  }

  /**
   * The carrier's member-status query (what carriers offered for monthly courses): each
   * contract's state as the carrier sees it now; `unknown` for a contract it never had. An au
   * re-joining whose tran_id is not confirmed yet is not live again: still `cancelled`.
   */
  memberStatus(carrier: CarrierId, contracts: readonly string[]): Map<string, 'active' | 'cancelled' | 'ended' | 'unknown'> {
    return new Map(
      contracts.map((c) => {
        const l = this.lines.get(c);
        return [c, !l || l.carrier !== carrier ? 'unknown' : l.state === 'pending' ? 'cancelled' : l.state];
      }),
    );
  }

  /** QA: how this carrier misbehaves from now on ('none' to behave). */
  setFault(carrier: CarrierId, fault: Fault): void {
    this.speak.faults.set(carrier, fault);
  }

  faultOf(carrier: CarrierId): Fault {
    return this.speak.faults.get(carrier) ?? 'none';
  }

  /**
   * What SoftBank's gateway adds to a handset's request on its way back from the billing page
   * (`path`, with its `order` and `reg`): the registration that order made or ended, `-` when
   * the member backed out. Tests and the emulator play the gateway with it; anything else: none.
   */
  gatewayHeadersFor(carrier: CarrierId, path: string): Record<string, string> {
    if (!this.speak.native(carrier) || calendarOf(carrier) !== 'anniversary') return {};
    const q = new URLSearchParams(path.slice(path.indexOf('?') + 1));
    const registration = q.has('reg') ? this.returns.get(q.get('order') ?? '') : undefined;
    return registration ? { 'X-JPHONE-REGISTERED': registration } : {};
  }

  /** The member entered the billing password on the confirmation page (`uid`: docomo's subscriber ID). */
  async confirm(carrier: CarrierId, o: { order: string; kind: 'join' | 'cancel'; user: string; password: string; uid?: string | undefined; product?: CourseProductId | undefined }): Promise<ConfirmResult> {
    const native = this.speak.native(carrier);
    const product = o.product ?? 'points';
    // What the carrier says names the course when it is not the point course.
    const tag = product === 'premium' ? { product } : {};
    const tried = this.tries.get(o.order) ?? 0;
    if (tried >= MAX_PASSWORD_TRIES) return { ok: false, reason: 'locked', returnParams: {} };
    if (native && carrier === 'docomo' && !o.uid) return { ok: false, reason: 'no_subscriber', returnParams: {} };
    if (o.password !== SANDBOX_PASSWORD) {
      this.tries.set(o.order, tried + 1);
      if (tried + 1 < MAX_PASSWORD_TRIES) return { ok: false, reason: 'password', returnParams: {} };
      return { ok: false, reason: 'locked', returnParams: await this.backedOut(carrier, o.order, product) };
    }
    const now = this.clock.now();
    const month = japanMonth(now);
    const line = this.lineOf(carrier, o.user, product);
    const uid: Record<string, string> = o.uid ? { uid: o.uid } : {};
    if (o.kind === 'cancel') {
      if (!line || line.state !== 'active') return { ok: false, reason: 'no_contract', returnParams: {} };
      line.state = 'cancelled';
      const n: BillingNotice = { id: this.noticeId(carrier), type: 'cancelled', contract: line.contract, month, order: o.order, ...tag };
      return { ok: true, contract: line.contract, amountYen: 0, ...(await this.tell(carrier, n, uid, { reg: '0' })) };
    }
    if (line?.state === 'active') return { ok: false, reason: 'already', returnParams: {} };
    const l: SandboxLine = line ?? { contract: `sbx-${carrier}-${randomBytes(6).toString('hex')}`, carrier, user: o.user, state: 'active', anchorDay: 1, product, charges: new Map(), failNext: false };
    // A new sign-up day: SoftBank bills on it from now on.
    l.anchorDay = japanWallClock(now).getUTCDate();
    this.lines.set(l.contract, l);
    // Every billing month is charged once: re-joining in a month already paid costs nothing.
    const amountYen = l.charges.get(month)?.status === 'paid' ? 0 : PRICE_YEN;
    const activate = () => {
      l.state = 'active';
      if (amountYen) l.charges.set(month, { amountYen, status: 'paid' });
    };
    const n: BillingNotice = { id: this.noticeId(carrier), type: 'registered', order: o.order, contract: l.contract, month, amountYen, ...tag };
    // au charges nothing until the merchant confirms the sign-up's tran_id.
    if (native && carrier === 'au') {
      l.state = 'pending';
      return { ok: true, contract: l.contract, amountYen, delivered: null, returnParams: { tran_id: this.issue(n, activate) } };
    }
    activate();
    return { ok: true, contract: l.contract, amountYen, ...(await this.tell(carrier, n, uid, { reg: '1' })) };
  }

  /** docomo tells its server's notice; SoftBank returns the handset with `reg`; au with a tran_id. */
  private async tell(carrier: CarrierId, n: BillingNotice, extra: Record<string, string>, reg: Record<string, string>): Promise<{ delivered: number | null; returnParams: Record<string, string> }> {
    if (this.speak.native(carrier) && carrier === 'softbank') {
      this.returns.set('order' in n ? (n.order ?? '') : '', 'contract' in n ? n.contract : '-');
      return { delivered: null, returnParams: reg };
    }
    if (this.speak.native(carrier) && carrier === 'au') return { delivered: null, returnParams: { tran_id: this.issue(n) } };
    return { delivered: await this.notify(carrier, n, extra), returnParams: {} };
  }

  /** The member gave up (three wrong passwords): the merchant hears of it the carrier's way. */
  private async backedOut(carrier: CarrierId, order: string, product: CourseProductId): Promise<Record<string, string>> {
    const n: BillingNotice = { id: this.noticeId(carrier), type: 'declined', order, ...(product === 'premium' ? { product } : {}) };
    return (await this.tell(carrier, n, {}, { reg: '2' })).returnParams;
  }

  /**
   * Bills every active line (of one carrier, or all) not yet charged for `month`, whatever the
   * day (the console's "run the month"), and tells the merchant; `silent` charges without
   * telling (a lost notice, which the settlement must then catch).
   */
  async runMonthlyBilling(month: string, o: { silent?: boolean; carrier?: CarrierId } = {}): Promise<{ contract: string; result: 'paid' | 'unpaid'; delivered: number | null }[]> {
    return this.bill([...this.lines.values()].filter((l) => !o.carrier || l.carrier === o.carrier), month, o.silent ?? false);
  }

  /** The daily run: bills the lines whose billing day this month has come (SoftBank's anniversaries, the others' 1st). */
  async runDue(): Promise<{ contract: string; result: 'paid' | 'unpaid'; delivered: number | null }[]> {
    const now = this.clock.now();
    const month = japanMonth(now);
    const day = japanWallClock(now).getUTCDate();
    return this.bill([...this.lines.values()].filter((l) => day >= billingDayOf(l.carrier, l.anchorDay, month)), month, false);
  }

  private async bill(lines: SandboxLine[], month: string, silent: boolean) {
    const out = [];
    for (const l of lines) {
      if (l.state !== 'active' || l.charges.has(month)) continue;
      const failed = l.failNext;
      l.failNext = false;
      l.charges.set(month, { amountYen: PRICE_YEN, status: failed ? 'unpaid' : 'paid' });
      let delivered: number | null = null;
      if (!silent) {
        const id = this.noticeId(l.carrier);
        const tag = l.product === 'premium' ? { product: l.product } : {};
        delivered = await this.notify(l.carrier, failed ? { id, type: 'payment_failed', contract: l.contract, month, ...tag } : { id, type: 'renewed', contract: l.contract, month, amountYen: PRICE_YEN, ...tag });
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

  /** Sends the month's settlement for one carrier (its CSV file, or the company's signed JSON); answers the merchant's reply. */
  async settle(carrier: CarrierId, month: string, product: CourseProductId = 'points'): Promise<{ status: number; text: string }> {
    const records = [];
    for (const l of this.lines.values()) {
      const ch = l.carrier === carrier && l.product === product ? l.charges.get(month) : undefined;
      if (ch) records.push({ contract: l.contract, amountYen: ch.amountYen, status: ch.status });
    }
    // One file per course: Premium's names itself (its header, or the company's `product`).
    const r = await this.speak.settle(carrier, { id: `settle-${carrier}-${month}-${randomBytes(4).toString('hex')}`, month, ...(product === 'premium' ? { product } : {}), records });
    this.log(carrier, 'settlement', r);
    return r;
  }

  /**
   * au's collection service: confirms a tran_id once. `00` OK with the transaction; `91` the
   * service does not know it; `92` it was confirmed before; `93` not this merchant; `94` not
   * the order named; `99` the request is not a confirmation. Null: the service is down (QA fault).
   */
  async answerConfirmation(xml: string): Promise<string | null> {
    if (this.faultOf('au') === 'collection_down') return null;
    const req = await parseConfirmRequest(xml);
    const answer = (c: Confirmation) => confirmResponse(c);
    if (!req) return answer({ resultCode: '99', reasonCode: 'E099', transaction: null });
    if (req.merchantId !== SANDBOX_MERCHANT) return answer({ resultCode: '93', reasonCode: 'E093', transaction: null });
    const t = this.transactions.get(req.tranId);
    if (!t) return answer({ resultCode: '91', reasonCode: 'E091', transaction: null });
    if (t.confirmed) return answer({ resultCode: '92', reasonCode: 'E092', transaction: null });
    // Asked for one order, this tran_id is another's: refused, and left for its own order.
    if (req.orderId !== undefined && (!('order' in t.notice) || t.notice.order !== req.orderId)) return answer({ resultCode: '94', reasonCode: 'E094', transaction: null });
    t.confirmed = true;
    t.onConfirm?.();
    const n = t.notice;
    return answer({
      resultCode: '00',
      reasonCode: '0000',
      transaction: { type: n.type, issuedAt: carrierDate(t.issuedAt), ...(n.product === 'premium' ? { product: n.product } : {}), ...('order' in n && n.order ? { order: n.order } : {}), ...('contract' in n ? { contract: n.contract } : {}), ...('month' in n ? { month: n.month } : {}), ...('amountYen' in n ? { amount: n.amountYen } : {}) },
    });
  }

  /** au: a transaction its collection service will confirm once; its tran_id. */
  issue(notice: BillingNotice, onConfirm?: () => void): string {
    const tranId = newTranId();
    this.transactions.set(tranId, { notice, issuedAt: this.clock.now(), confirmed: false, ...(onConfirm ? { onConfirm } : {}) });
    return tranId;
  }

  private noticeId(carrier: CarrierId): string {
    return `${carrier}-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
  }

  private async notify(carrier: CarrierId, n: BillingNotice, extra: Record<string, string> = {}): Promise<number> {
    const r = await this.speak.notify(carrier, n, extra);
    this.log(carrier, n.type, r);
    return r.status;
  }

  private log(carrier: CarrierId, kind: string, r: { status: number; text: string }): void {
    this.deliveries.push({ at: this.clock.now(), carrier, kind, status: r.status, response: r.text.slice(0, 500) });
    if (this.deliveries.length > 200) this.deliveries.shift();
  }
}
