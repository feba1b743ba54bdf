import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { createHmac } from 'node:crypto';
import { digest, safeEqual } from '../../core/crypto.js';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { errorPage } from '../errors.js';
import { redirectTo } from '../render.js';
import { CSRF_PARAM, ONCE_PARAM, SESSION_COOKIE, SESSION_PARAM } from '../params.js';


const DAY = 86400_000;

/**
 * CSRF token: an HMAC of the session token, so it needs no storage and dies with the session.
 * Guests (login and join forms) get a day-stamped token: it stops blind cross-site posts.
 */
export function csrfToken(key: Buffer, sessionToken: string | null, now: number): string {
  const subject = sessionToken ? `s:${sessionToken}` : `g:${Math.floor(now / DAY)}`;
  return createHmac('sha256', key).update(subject).digest('base64url').slice(0, 22);
}

function csrfValid(key: Buffer, sessionToken: string | null, presented: string, now: number): boolean {
  if (sessionToken) return safeEqual(csrfToken(key, sessionToken, now), presented);
  return safeEqual(csrfToken(key, null, now), presented) || safeEqual(csrfToken(key, null, now - DAY), presented);
}

/** The session token the handset presents: cookie where it keeps cookies, else the URL/form. */
function presentedToken(c: Context<AppEnv>): string | null {
  if (c.get('device').cookies) return getCookie(c, SESSION_COOKIE) ?? null;
  return c.get('form').get(SESSION_PARAM) ?? c.get('query').get(SESSION_PARAM) ?? null;
}

/** Resumes the session and its member; a dead token is simply ignored (and its cookie cleared). */
export function sessionLoader({ sessions, members, keys }: Pick<Services, 'sessions' | 'members' | 'keys'>): MiddlewareHandler<AppEnv> {
  return async function sessionHandler(c, next) {
    const token = c.get('device').crawler ? null : presentedToken(c);
    let live: string | null = null;
    let member = null;
    if (token) {
      const s = await sessions.resume(token, c.get('device').carrier);
      member = s ? await members.byId(s.memberId) : null;
      if (s && member && member.status === 'active') live = token;
      else {
        member = null;
        if (c.get('device').cookies) deleteCookie(c, SESSION_COOKIE, { path: '/' });
      }
    }
    c.set('sessionToken', live);
    c.set('member', member);
    c.set('csrfToken', csrfToken(keys.csrf, live, Date.now()));
    await next();
  };
}

/** Every POST must carry the CSRF token of the session (or guest token) it was served with. */
export function csrfCheck({ keys }: Pick<Services, 'keys'>): MiddlewareHandler<AppEnv> {
  return async function csrfHandler(c, next) {
    if (c.req.method === 'POST') {
      const presented = c.get('form').get(CSRF_PARAM) ?? '';
      if (!csrfValid(keys.csrf, c.get('sessionToken'), presented, Date.now())) {
        c.get('log').info('csrf token refused');
        return errorPage(c, 403, 'もう一度お試しください', 'ページの有効期限が切れたか、正しくない送信です。前のページに戻って読み込み直してから送信してください。');
      }
    }
    await next();
  };
}

/**
 * A form sent twice (a handset retrying, back-and-resubmit) is acted on once: the second copy gets
 * a page saying it was already received. Runs after the CSRF check, so only genuine forms count.
 */
export function replayGuard({ store }: Pick<Services, 'store'>): MiddlewareHandler<AppEnv> {
  return async function replayGuardHandler(c, next) {
    const once = c.req.method === 'POST' ? c.get('form').get(ONCE_PARAM) : undefined;
    if (once !== undefined) {
      if (!/^[A-Za-z0-9_-]{8,64}$/.test(once)) return errorPage(c, 400, '送信内容が正しくありません', 'ページを読み込み直してから送信してください。');
      if (!(await store.nonces.use(digest(once), Date.now()))) {
        c.get('log').info('replayed form refused');
        return errorPage(c, 409, 'すでに送信されています', 'この内容は先ほど受け付けました。同じ内容が二重に登録されることはありません。');
      }
    }
    await next();
  };
}

/** Starts a signed-in session: a fresh ID every time (session fixation defence). */
export async function signIn(c: Context<AppEnv>, s: Pick<Services, 'sessions' | 'config' | 'keys'>, memberId: number): Promise<void> {
  const started = await s.sessions.start(memberId, c.get('device').carrier, c.get('sessionToken') ?? presentedToken(c));
  if (c.get('device').cookies) {
    setCookie(c, SESSION_COOKIE, started.token, { path: '/', httpOnly: true, sameSite: 'Lax', secure: s.config.secureCookies });
  }
  c.set('sessionToken', started.token);
  c.set('csrfToken', csrfToken(s.keys.csrf, started.token, Date.now()));
}

export async function signOut(c: Context<AppEnv>, s: Pick<Services, 'sessions'>): Promise<void> {
  const token = c.get('sessionToken');
  if (token) await s.sessions.end(token);
  if (c.get('device').cookies) deleteCookie(c, SESSION_COOKIE, { path: '/' });
  c.set('sessionToken', null);
  c.set('member', null);
}

/** Member-only routes: guests are sent to the login page. */
export const requireMember: MiddlewareHandler<AppEnv> = async function requireMember(c, next) {
  if (!c.get('member')) return redirectTo(c, '/login');
  await next();
};
