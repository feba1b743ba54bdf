import type { Context } from 'hono';
import { DomainError } from '../../core/errors.js';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';

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
