import type { Context } from 'hono';
import { prepareHeader, requestHeader } from '../headers.js';
import { DomainError, isDomainError } from '../../core/errors.js';
import { throughGate } from '../../core/access.js';
import { ECHO_PAGE_SIZE } from '../../core/echo/service.js';
import type { Echo } from '../../core/echo/ports.js';
import type { CourseService } from '../../core/course/service.js';
import type { CarrierId } from '../../carriers/index.js';
import type { AppEnv } from '../env.js';
import { memberRef, type Services } from '../services.js';
import { sendPage } from '../render.js';
import { withParams } from '../links.js';
import type { Page } from '../../templates/layout.js';

const scopes = new WeakMap<Context<AppEnv>, Services>();

/**
 * The services as this request's reads see them: one gate scope for the whole page (see
 * AccessGate.scoped), so the viewer's blocks, relations and take-downs are read once however many
 * services the page asks. For pages (GET): a request that writes what the gate reads (blocks,
 * friendships, hides) uses the services themselves.
 */
export function reading(c: Context<AppEnv>, s: Services): Services {
  let r = scopes.get(c);
  if (r) return r;
  const m = c.get('member');
  const versions = c.get('memberVersions');
  const gate = s.access.scoped(m && versions ? { viewerId: m.id, blocks: versions.blocks } : undefined);
  const made = new Map<object, object>();
  const views = new Map<PropertyKey, unknown>();
  r = new Proxy(s, {
    get(target, key, receiver) {
      if (key === 'access') return gate;
      if (views.has(key)) return views.get(key);
      const v = throughGate(Reflect.get(target, key, receiver), gate, made);
      views.set(key, v);
      return v;
    },
  });
  scopes.set(c, r);
  return r;
}

/**
 * Page 1 of the member's and friends' echoes (the gate's view) with their authors' names, kept per
 * (`all`, `echoes`) versions (TopService.kept; an echo bumps `echoes` of its author and friends,
 * migration 0031; blocks, friendships, names and staff hiding bump `all`). The top page's echo
 * section and the echo page share it. `r` is the request's reading scope.
 */
export async function keptFriendsEchoes(r: Services, memberId: number, kept?: Awaited<ReturnType<Services['top']['kept']>>) {
  const k = kept ?? (await r.top.kept(memberId));
  return k.friendsEchoes(async () => {
    // `rows`: how many the query read before the gate dropped any (keepOwnEcho needs it).
    const { echoes, rows } = await r.echo.friendsEchoesPage(memberId, 1);
    const names = await r.access.names(memberId, echoes.map((e) => e.memberId));
    return { value: { echoes, names, rows }, expiresAt: Number.POSITIVE_INFINITY };
  });
}

/**
 * After the member's own echo, just posted from the echo page: the first page kept for them takes
 * it in, newest first, rather than being read again on the page the post returns to (see
 * TopService.ownEcho for when it may). Only a page the gate dropped nothing from is advanced (a
 * fresh read's 20 rows would then be the new echo and the first 19 kept ones).
 */
export async function keepOwnEcho(s: Services, nickname: string, echo: Echo): Promise<void> {
  type Kept = Awaited<ReturnType<typeof keptFriendsEchoes>>;
  await s.top.ownEcho<Kept>(echo.memberId, ({ echoes, names, rows }) => {
    if (rows !== echoes.length) return null;
    const next = [echo, ...echoes.filter((x) => x.id !== echo.id)].sort((a, b) => b.createdAt - a.createdAt || b.id - a.id).slice(0, ECHO_PAGE_SIZE);
    return { echoes: next, names: new Map(names).set(echo.memberId, names.get(echo.memberId) ?? nickname), rows: next.length };
  });
}

/** Refuses as a missing page: refused and missing look the same (404). */
export function notFound(): never {
  throw new DomainError('not_found');
}

/** A numeric path parameter; anything else is a missing page. */
export function idParam(c: Context<AppEnv>, name: string): number {
  const raw = c.req.param(name) ?? '';
  if (!/^\d{1,12}$/.test(raw)) notFound();
  return Number(raw);
}

/** The signed-in member's id, on routes of a member feature (its guard let only members in). */
export function memberId(c: Context<AppEnv>): number {
  return c.get('member')!.id;
}

/** Who is looking: a member's id, or null for a guest. */
export function viewerId(c: Context<AppEnv>): number | null {
  return c.get('member')?.id ?? null;
}

/** A whole number from the query within [min, max]; missing or unreadable gives `min`. */
export function queryInt(c: Context<AppEnv>, name: string, min: number, max: number): number {
  return Math.max(min, Math.min(max, Number.parseInt(c.get('query').get(name) ?? '', 10) || min));
}

/** How a member is named in lists; someone who left shows as such rather than vanishing from threads. */
export function who(names: ReadonlyMap<number, string>, id: number): { id: number; nickname: string } {
  return { id, nickname: names.get(id) ?? '退会したメンバー' };
}

/** Easy login is offered to handsets whose carrier has it, never to crawlers. */
export function offersEasyLogin(c: Context<AppEnv>): boolean {
  return c.get('carrier').easyLogin && !c.get('device').crawler;
}

/** Sets or clears this member's mark on the member in the path (a bookmark, a block), as the form's `op` says. */
export async function markMember(c: Context<AppEnv>, clearOp: string, mark: (me: number, other: number) => Promise<unknown>, clear: (me: number, other: number) => Promise<unknown>): Promise<number> {
  const other = idParam(c, 'id');
  await (c.get('form').get('op') === clearOp ? clear : mark)(memberId(c), other);
  return other;
}

/** The reader's own diary entry, for its author's pages (anyone else's looks missing). */
export async function ownEntry(c: Context<AppEnv>, s: Services, entryId: number) {
  const e = await s.diary.read(viewerId(c), entryId);
  if (e.memberId !== viewerId(c)) notFound();
  return e;
}

/**
 * Sends the member to the carrier's confirmation page for one monthly course (the point course
 * at /course, Premium at /premium). A plain 302 to the carrier: no session parameter goes with it
 * (the carrier is another site), and the member comes back to `<base>/done` with only the order
 * token; the link names the course (the carrier registered each as its own service).
 */
export async function toCarrier(c: Context<AppEnv>, s: Services, course: CourseService, base: '/course' | '/premium', kind: 'join' | 'cancel'): Promise<Response> {
  const here = c.get('carrier').id;
  if (kind === 'join' && (!s.billing.has(here) || !s.sandbox)) throw new DomainError('course_unavailable');
  const order = await course.startOrder(memberId(c), here, kind);
  const gw = s.billing.get(order.carrier as typeof here);
  if (!gw) throw new DomainError('course_unavailable');
  const url = gw.confirmUrl({
    order: order.token,
    kind,
    user: memberRef(s.keys.memberRef, memberId(c)),
    returnUrl: `${s.config.publicOrigin}${withParams(`${base}/done`, { order: order.token })}`,
    product: course.product.id,
  });
  c.get('log').info({ order: order.token, kind, carrier: order.carrier, product: course.product.id }, 'sent to carrier confirmation');
  return c.body(null, 302, { Location: url, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
}

/**
 * The member back from the carrier's page for one course. Where the carrier reports by the
 * handset's return (SoftBank's `reg` and header, au's tran_id confirmed with au), its adapter
 * turns the return into a notice for this course's order, applied once like any other; a return
 * the carrier would never send is refused with its status (SoftBank: 500 and ERR800) and
 * changes nothing.
 */
export async function carrierReturn(
  c: Context<AppEnv>,
  s: Services,
  course: CourseService,
  page: (kind: 'join' | 'cancel', state: 'requested' | 'authorising' | 'completed' | 'declined', problem: string | null) => Page,
): Promise<Response> {
  const query = c.get('query');
  const order = await course.order(query.get('order') ?? '');
  if (!order) notFound();
  const gw = s.billing.get(order.carrier as CarrierId);
  const verdict = gw
    ? await gw.memberReturn({
        order: { token: order.token, kind: order.kind, product: course.product.id },
        query: (n) => query.get(n) ?? undefined,
        header: (n) => requestHeader(c, n),
        handsetCarrier: c.get('carrier').id,
        carrierIpVerified: c.get('carrierIpVerified'),
        now: s.clock.now(),
      })
    : ({ kind: 'none' } as const);
  let problem: string | null = null;
  let status = 200;
  if (verdict.kind === 'refused') {
    c.get('log').warn({ order: order.token, carrier: order.carrier, reason: verdict.reason }, 'carrier return refused');
    for (const [k, v] of Object.entries(verdict.headers)) prepareHeader(c, k, v);
    [problem, status] = ['携帯電話会社からの戻り先として正しくないため、処理しませんでした。', verdict.status];
  } else if (verdict.kind === 'notice') {
    try {
      const result = await course.apply(order.carrier, verdict.notice);
      c.get('log').info({ order: order.token, carrier: order.carrier, type: verdict.notice.type, product: course.product.id, result }, 'carrier return');
    } catch (e) {
      if (!isDomainError(e, 'billing_rejected')) throw e;
      c.get('log').warn({ order: order.token, carrier: order.carrier, reason: e.fields.reason }, 'carrier return rejected');
      const refusal = gw!.memberRefusal();
      for (const [k, v] of Object.entries(refusal.headers)) prepareHeader(c, k, v);
      [problem, status] = ['お申し込みの内容を確認できなかったため、処理しませんでした。', refusal.status];
    }
  }
  const now = (await course.order(order.token)) ?? order;
  return sendPage(c, page(now.kind, now.state, problem), status);
}
