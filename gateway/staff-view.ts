import type { Context } from 'hono';
import { prepareHeader, requestCookie } from './headers.js';
import type { AppEnv } from './env.js';
import type { Services } from './services.js';
import { redirectTo } from './render.js';
import type { Permission } from '../core/staff/roles.js';
import type { ContentView, Staff } from '../core/staff/ports.js';
import type { ContentLine } from '../templates/pages/staff.js';

/** The staff console's own cookie: never a member session (another table, another name, this path only). */
export const STAFF_COOKIE = 'ashiato_staff';

/**
 * Every console page but the login: a visitor without a staff session is sent to sign in (a
 * member's session counts for nothing here); a role without the permission gets 403.
 */
export async function withStaff(c: Context<AppEnv>, s: Services, need: Permission | null, page: (staff: Staff) => Promise<Response>): Promise<Response> {
  const staff = await s.staff.resume(requestCookie(c, STAFF_COOKIE) ?? '');
  if (!staff) return redirectTo(c, '/staff/login');
  if (need) await s.staff.denied(staff, need, `${c.req.method} ${c.req.path}`);
  prepareHeader(c, 'Cache-Control', 'no-store');
  return page(staff);
}

/** Content for a console page, with its author's nickname (staff see every name). */
export async function contentLines(s: Services, items: readonly (ContentView | null)[]): Promise<(ContentLine | null)[]> {
  const ids = [...new Set(items.flatMap((x) => (x ? [x.authorId] : [])))];
  const names = new Map<number, string>();
  for (const id of ids) {
    const m = await s.members.byId(id);
    names.set(id, m ? m.nickname : '(退会済み)');
  }
  return items.map((x) => (x ? { ...x, authorName: names.get(x.authorId) ?? '' } : null));
}
