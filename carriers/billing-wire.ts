import { createHash } from 'node:crypto';
import type { CarrierId } from './carrier.js';
import type { CarrierRanges } from './ip-ranges.js';
import { productParams, type BillingNotice, type BillingSettlement, type CarrierCall, type CourseProductId, type Reply } from './billing.js';
import { toNotice } from './billing-company.js';
// The carriers' timestamps are Japan wall-clock time (core/time.ts: a leaf with no imports of its own).
import { fromJapanWallClock, japanWallClock } from '../core/time.js';

/**
 * What the carriers' own protocols share: their servers call from the carrier's own address
 * ranges and send no User-Agent (a handset always does), with form fields dated in Japan time;
 * and monthly settlement files in CSV.
 */

/** How far a carrier notice's date may be from now: retries come within minutes, a replay later. */
export const NOTICE_FRESH_MS = 60 * 60_000;

export function textReply(status: number, body: string, headers?: Record<string, string>): Reply {
  return { status, contentType: 'text/plain', body, ...(headers ? { headers } : {}) };
}

/** Null when the call comes the way this carrier's billing server calls; else why not. */
export function carrierServerRefusal(ranges: CarrierRanges, carrier: CarrierId, call: CarrierCall): 'forbidden_source' | 'user_agent' | null {
  if (!ranges.contains(carrier, call.clientIp)) return 'forbidden_source';
  // The carrier's server sends no User-Agent: one that does is a handset or a script.
  if (call.header('user-agent') !== undefined) return 'user_agent';
  return null;
}

/** `yyyyMMddHHmmss` in Japan time. */
export function carrierDate(ms: number): string {
  return japanWallClock(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export function parseCarrierDate(text: string | undefined): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text ?? '');
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return fromJapanWallClock(wall);
}

const FIELDS = new Set(['id', 'type', 'order', 'contract', 'month', 'amount', 'uid', 'date', 'product']);

/**
 * A carrier's form-encoded notice: `id`, `type`, `order`, `contract`, `month`, `amount`, `date`
 * (and docomo's `uid`), and `product` for a course other than the point course (the carriers
 * registered each monthly content as its own service). Null when malformed: unknown or
 * repeated fields, bad values.
 */
export function parseFormNotice(body: string): { notice: BillingNotice; date: number; uid: string | undefined } | null {
  if (body.length > 4096 || !/^[A-Za-z0-9_.:%=&+-]*$/.test(body)) return null;
  const form = new URLSearchParams(body);
  const seen = new Map<string, string>();
  for (const [k, v] of form) {
    if (!FIELDS.has(k) || seen.has(k)) return null;
    seen.set(k, v);
  }
  const date = parseCarrierDate(seen.get('date'));
  if (date === null) return null;
  const amount = seen.get('amount');
  if (amount !== undefined && !/^\d{1,6}$/.test(amount)) return null;
  const raw: Record<string, unknown> = {};
  for (const k of ['id', 'type', 'order', 'contract', 'month', 'product']) if (seen.has(k)) raw[k] = seen.get(k);
  if (amount !== undefined) raw.amount = Number(amount);
  const notice = toNotice(raw);
  return notice ? { notice, date, uid: seen.get('uid') } : null;
}

/** The sandbox's side: a notice in the carriers' form encoding. */
export function formNotice(n: BillingNotice, now: number, extra: Record<string, string> = {}): string {
  const fields: Record<string, string> = { id: n.id, type: n.type };
  if ('order' in n && n.order) fields.order = n.order;
  if ('contract' in n) fields.contract = n.contract;
  if ('month' in n) fields.month = n.month;
  if ('amountYen' in n) fields.amount = String(n.amountYen);
  return new URLSearchParams({ ...fields, ...productParams(n.product), ...extra, date: carrierDate(now) }).toString();
}

export function isFresh(date: number, now: number): boolean {
  return Math.abs(now - date) <= NOTICE_FRESH_MS;
}

const MONTH = /^\d{4}-(?:0[1-9]|1[0-2])$/;
const DATA = /^D,([A-Za-z0-9_.:-]{1,64}),(\d{1,6}),(paid|unpaid)$/;

/**
 * The month's settlement file, as the carriers' files were laid out: a header record
 * `H,<carrier>,<YYYY-MM>` (`H,<carrier>,<YYYY-MM>,premium` for Premium's own file), one data record `D,<contract>,<yen>,<paid|unpaid>` per contract
 * charged, and a trailer `T,<records>,<total yen>` (a truncated or altered file does not add up
 * and is refused whole). Its id is its digest, so the same file sent twice is reconciled once.
 */
export function parseSettlementCsv(carrier: CarrierId, body: string): BillingSettlement | null {
  const lines = body.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  if (lines.length < 2 || lines.length > 1_000_002) return null;
  const head = lines[0]!.split(',');
  if (head.length < 3 || head.length > 4 || head[0] !== 'H' || head[1] !== carrier || !MONTH.test(head[2]!)) return null;
  if (head.length === 4 && head[3] !== 'premium') return null;
  const month = head[2]!;
  const product: CourseProductId | undefined = head.length === 4 ? 'premium' : undefined;
  const records: BillingSettlement['records'] = [];
  let total = 0;
  for (const line of lines.slice(1, -1)) {
    const m = DATA.exec(line);
    if (!m) return null;
    records.push({ contract: m[1]!, amountYen: Number(m[2]), status: m[3] as 'paid' | 'unpaid' });
    total += Number(m[2]);
  }
  if (lines.at(-1) !== `T,${records.length},${total}`) return null;
  return { id: `csv-${carrier}-${month}-${createHash('sha256').update(body).digest('hex').slice(0, 24)}`, month, ...(product ? { product } : {}), records };
}

export function settlementCsv(carrier: CarrierId, month: string, records: { contract: string; amountYen: number; status: 'paid' | 'unpaid' }[], product?: CourseProductId): string {
  const total = records.reduce((t, r) => t + r.amountYen, 0);
  return [`H,${carrier},${month}${product === 'premium' ? ',premium' : ''}`, ...records.map((r) => `D,${r.contract},${r.amountYen},${r.status}`), `T,${records.length},${total}`].join('\r\n') + '\r\n';
}
