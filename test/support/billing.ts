import type { CompanyGateway } from '../../carriers/billing-company.js';
import type { CarrierId } from '../../carriers/index.js';
import type { TestGateway } from './gateway.js';
import { expect } from 'vitest';
import type { signedInMember } from './members.js';
import { memberRef } from '../../gateway/bootstrap.js';

/** Every carrier through the payment company (signed JSON). */
export const ALL_COMPANY = { BILLING_PROTOCOLS: 'docomo=company,au=company,softbank=company,willcom=company' } as const;

/** The carrier's payment-company gateway (it signs); throws when that carrier speaks its own protocol. */
export function companyOf(gw: TestGateway, carrier: CarrierId | string): CompanyGateway {
  const g = gw.booted.services.billing.get(carrier as CarrierId);
  if (!g || g.protocol !== 'company') throw new Error(`${carrier} does not bill through the payment company here`);
  return g as CompanyGateway;
}

type Member = Awaited<ReturnType<typeof signedInMember>>;

/** A clock a suite moves by hand: months are Japanese calendar months. */
export function testClock(iso: string) {
  return { t: Date.parse(iso), now() { return this.t; }, set(at: string) { this.t = Date.parse(at); } };
}

/** From /course to the carrier: the member's POST and the 302 it gets (no session goes along). */
export async function toCarrier(m: Member, op: 'join' | 'cancel'): Promise<string> {
  await m.go('/course');
  const redirect = await m.h.submit(m.h.formTo(new RegExp(`/course/${op}`)), {}, false);
  expect(redirect.status).toBe(302);
  const location = redirect.headers.get('location')!;
  expect(location).not.toMatch(/[?&]sid=/);
  return location;
}

/** The whole walk at the carrier: its confirmation page, the billing password, its answer page. */
export async function atCarrier(m: Member, op: 'join' | 'cancel', password = '1234') {
  await m.h.get(await toCarrier(m, op));
  expect(m.h.last.status).toBe(200);
  await m.h.submit(m.h.form('password'), { password });
  return m.h.last;
}

/** The carrier page's link back to Ashiato (with whatever the carrier added: reg, tran_id). */
export function backLink(m: Member): string {
  const href = m.h.links().find((l) => l.includes('/course/done?'));
  if (!href) throw new Error(`no way back on ${m.h.last.url}: ${m.h.last.text.slice(0, 300)}`);
  return href;
}

/** The merchant's opaque reference for a member, as the carrier knows them. */
export function userRef(gw: TestGateway, memberId: number): string {
  return memberRef(gw.booted.services.keys.memberRef, memberId);
}

/** The member signed in again on a new handset of the same kind (sessions do not outlive long clock jumps). */
export async function signInAgain(gw: TestGateway, m: Member): Promise<Member> {
  const h = await m.fresh();
  h.o.subscriber = m.h.o.subscriber;
  h.o.headers = m.h.o.headers;
  const sid = new URL(h.last.url, gw.origin).searchParams.get('sid');
  const go = (path: string) => h.get(sid ? `${path}${path.includes('?') ? '&' : '?'}sid=${sid}` : path);
  return { ...m, h, go, home: h.last.url };
}

/**
 * One course's whole walk at the carrier and back, as each carrier does it: `/course` or
 * `/premium` → the carrier's confirmation (docomo: the gateway's subscriber ID, sent by the
 * handset's guid header) → the billing password → the way back to `<base>/done` (SoftBank: its
 * gateway adds X-JPHONE-REGISTERED; au: the tran_id on the link, confirmed with au). Returns
 * the carrier's answer page and the page Ashiato shows on return.
 */
export async function courseRoundTrip(gw: TestGateway, m: Member, base: '/course' | '/premium', op: 'join' | 'cancel', password = '1234') {
  await m.go(base);
  const redirect = await m.h.submit(m.h.formTo(new RegExp(`${base}/${op}`)), {}, false);
  expect(redirect.status).toBe(302);
  const location = redirect.headers.get('location')!;
  const carrier = /\/sandbox\/billing\/(\w+)\/confirm/.exec(location)?.[1] as CarrierId;
  // docomo's gateway sends the subscriber ID where the link asks for it (guid=ON).
  if (carrier === 'docomo' && !m.h.o.subscriber) m.h.o.subscriber = ['X-DCMGUID', `U${m.id.toString(36).toUpperCase().padStart(6, '0').slice(-6)}`];
  await m.h.get(location);
  expect(m.h.last.status).toBe(200);
  const confirmation = m.h.last;
  await m.h.submit(m.h.form('password'), { password });
  const atCarrier = m.h.last;
  const back = m.h.links().find((l) => l.includes(`${base}/done?`));
  if (!back) throw new Error(`no way back on ${m.h.last.url}: ${m.h.last.text.slice(0, 300)}`);
  const before = m.h.o.headers;
  m.h.o.headers = { ...(before ?? {}), ...gw.booted.services.sandbox!.gatewayHeadersFor(carrier, back) };
  await m.h.get(back);
  m.h.o.headers = before;
  return { location, confirmation, atCarrier, done: m.h.last };
}
