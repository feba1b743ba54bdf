import type { Context, MiddlewareHandler } from 'hono';
import { createHmac } from 'node:crypto';
import { digest, randomToken, safeEqual } from '../../core/crypto.js';
import type { PasswordClient } from '../../core/members/service.js';
import type { Client } from '../../core/limits.js';
import type { AppEnv } from '../env.js';
import { crossSiteForm } from './request.js';
import { deleteCookie, requestCookie, requestHeader, setCookie } from '../headers.js';
import type { Services } from '../services.js';
import { errorPage } from '../errors.js';
import { redirectTo } from '../render.js';
import { CSRF_PARAM, DEVICE_COOKIE, ONCE_PARAM, PRE_SESSION_COOKIE, PRE_SESSION_PARAM, SESSION_COOKIE, SESSION_PARAM } from '../params.js';

const HOUR = 3600_000;
/** A pre-session (and so a guest form) is good for a day. */
const PRE_SESSION_HOURS = 24;
const PRE_SESSION = /^[A-Za-z0-9_-]{22}\.([0-9a-z]{1,8})$/;

/**
 * Tokens already computed, per key: a signed-in member's token is asked on every page they open.
 * Bounded (emptied when full); it holds what the sessions in use hold already.
 */
const macs = new WeakMap<Buffer, Map<string, string>>();
const MACS_KEPT = 20_000;
function mac(key: Buffer, subject: string): string {
  let kept = macs.get(key);
  if (!kept) macs.set(key, (kept = new Map()));
  let t = kept.get(subject);
  if (t === undefined) {
    t = createHmac('sha256', key).update(subject).digest('base64url').slice(0, 22);
    if (kept.size >= MACS_KEPT) kept.clear();
    kept.set(subject, t);
  }
  return t;
}

/**
 * CSRF token: an HMAC of the session token, so it needs no storage and dies with the session.
 * A guest's token is an HMAC of its pre-session id, which is the client's own: a cookie where the
 * handset keeps cookies, else a URL parameter (cookie-less i-mode) whose token is also bound to
 * the User-Agent. A token fetched by someone else is worthless in another browser.
 */
export function csrfToken(key: Buffer, sessionToken: string | null, pre: { id: string; ua: string | null } | null = null): string {
  if (sessionToken) return mac(key, `s:${sessionToken}`);
  if (!pre) return '';
  return mac(key, pre.ua === null ? `p:${pre.id}` : `p:${pre.id}:${pre.ua}`);
}

function freshPreSession(id: string | undefined, now: number): id is string {
  const m = id ? PRE_SESSION.exec(id) : null;
  if (!m) return false;
  const hour = Number.parseInt(m[1]!, 36);
  const current = Math.floor(now / HOUR);
  return hour <= current && current - hour < PRE_SESSION_HOURS;
}

const newPreSession = (now: number) => `${randomToken(16)}.${Math.floor(now / HOUR).toString(36)}`;

/** The session token the handset presents: cookie where it keeps cookies, else the URL/form. */
function presentedToken(c: Context<AppEnv>): string | null {
  if (c.get('device').cookies) return requestCookie(c, SESSION_COOKIE) ?? null;
  return c.get('form').get(SESSION_PARAM) ?? c.get('query').get(SESSION_PARAM) ?? null;
}

/**
 * The pre-session the handset presents: its cookie, or for cookie-less handsets the hidden field
 * of the form it posts. Never taken from a URL, so a link cannot plant a pre-session someone
 * else knows; every page that shows a form starts a new one.
 */
function presentedPreSession(c: Context<AppEnv>): string | undefined {
  if (c.get('device').cookies) return requestCookie(c, PRE_SESSION_COOKIE);
  return c.req.method === 'POST' ? c.get('form').get(PRE_SESSION_PARAM) : undefined;
}

function guestCsrf(c: Context<AppEnv>, key: Buffer, pre: string | null): string {
  return csrfToken(key, null, pre ? { id: pre, ua: c.get('device').cookies ? null : (requestHeader(c, 'user-agent') ?? '') } : null);
}

/**
 * Resumes the session and its member; a dead token is simply ignored (and its cookie cleared).
 * A session begun on a carrier's gateway network is honoured only from that network (as easy
 * login is): elsewhere the request is a guest's, and the owner's session stays alive. Guests get
 * a pre-session for their forms.
 */
export function sessionLoader({ sessions, keys, config }: Pick<Services, 'sessions' | 'keys' | 'config'>): MiddlewareHandler<AppEnv> {
  return async function sessionHandler(c, next) {
    const d = c.get('device');
    const token = d.crawler ? null : presentedToken(c);
    let live: string | null = null;
    let member = null;
    let versions = null;
    if (token) {
      const s = await sessions.resume(token, d.carrier, c.get('carrierIpVerified'));
      if (s === 'elsewhere') c.get('log').info({ ip: c.get('clientIp'), carrier: d.carrier }, 'session presented off its carrier network');
      member = s && s !== 'elsewhere' ? s.member : null;
      if (s && s !== 'elsewhere' && member && member.status === 'active') {
        live = token;
        versions = s.versions;
      }
      else if (s && s !== 'elsewhere' && member?.status === 'suspended') {
        // Suspended by staff: the session grants nothing, and every page says why.
        c.get('log').info({ member: member.id }, 'suspended member refused');
        signedOutHere(c);
        c.set('preSession', null);
        c.set('csrfToken', '');
        return errorPage(c, 403, 'ご利用いただけません', 'このアカウントは利用停止中です。ご不明な点は、足あと事務局までお問い合わせください。');
      } else {
        member = null;
        if (d.cookies && s !== 'elsewhere') deleteCookie(c, SESSION_COOKIE, { path: '/' });
      }
    }
    let pre: string | null = null;
    if (!live && !d.crawler) {
      const now = Date.now();
      const presented = presentedPreSession(c);
      pre = freshPreSession(presented, now) ? presented : newPreSession(now);
      const id = pre;
      let issued = pre === presented;
      // Issued only with a form that posts: refused pages and images set no cookie.
      const formFields = (): [string, string][] => {
        if (!d.cookies) return [[PRE_SESSION_PARAM, id]];
        if (!issued) setCookie(c, PRE_SESSION_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'Lax', secure: config.secureCookies });
        issued = true;
        return [];
      };
      c.set('preSession', { id, formFields });
    } else c.set('preSession', null);
    c.set('sessionToken', live);
    c.set('member', member);
    c.set('memberVersions', versions);
    c.set('csrfToken', live ? csrfToken(keys.csrf, live) : guestCsrf(c, keys.csrf, pre));
    await next();
  };
}

/** Origins this request may come from: the site's own (as configured, and as this request addressed it). */
function sameOrigin(c: Context<AppEnv>, origin: string): boolean {
  if (origin === c.get('render').publicOrigin) return true;
  try {
    const u = new URL(origin);
    return /^https?:$/.test(u.protocol) && u.host.toLowerCase() === (requestHeader(c, 'host') ?? '').toLowerCase();
  } catch {
    return false;
  }
}

/**
 * Every POST must come from our own pages: browsers that say where a form came from (`Origin`,
 * `Sec-Fetch-Site`) must say it came from this site; keitai browsers send neither, and for every
 * client the form must carry the CSRF token of the session or pre-session it was served with.
 */
export function csrfCheck({ keys }: Pick<Services, 'keys'>): MiddlewareHandler<AppEnv> {
  return async function csrfHandler(c, next) {
    if (c.req.method === 'POST') {
      if (crossSiteForm(c, (origin) => sameOrigin(c, origin))) {
        c.get('log').info({ origin: requestHeader(c, 'origin'), site: requestHeader(c, 'sec-fetch-site') }, 'cross-site form refused');
        return errorPage(c, 403, '受け付けできません', '別のサイトから送られた内容のため、受け付けませんでした。足あとのページを開いて、そこから送信してください。');
      }
      const presented = c.get('form').get(CSRF_PARAM) ?? '';
      const live = c.get('sessionToken');
      if (!live && c.get('device').cookies && !requestCookie(c, PRE_SESSION_COOKIE)) {
        c.get('log').info('guest form without its pre-session cookie');
        return errorPage(c, 403, 'もう一度お試しください', 'Cookieを受け付ける設定にしてから、ページを読み込み直して送信してください。');
      }
      const expected = c.get('csrfToken');
      if (!expected || !safeEqual(expected, presented)) {
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
export function replayGuard({ formTokens }: Pick<Services, 'formTokens'>): MiddlewareHandler<AppEnv> {
  return async function replayGuardHandler(c, next) {
    const once = c.req.method === 'POST' ? c.get('form').get(ONCE_PARAM) : undefined;
    if (once !== undefined) {
      if (!/^[A-Za-z0-9_-]{8,64}$/.test(once)) return errorPage(c, 400, '送信内容が正しくありません', 'ページを読み込み直してから送信してください。');
      if (!(await formTokens.claim(digest(once)))) {
        c.get('log').info('replayed form refused');
        return errorPage(c, 409, 'すでに送信されています', 'この内容は先ほど受け付けました。同じ内容が二重に登録されることはありません。');
      }
    }
    await next();
  };
}

/** The device cookie's key: derived from the CSRF key, so no new secret is needed. */
const deviceKey = (keys: Services['keys']) => createHmac('sha256', keys.csrf).update('device-cookie').digest();

/** The member a signed device cookie names, with the device's id (null when absent or forged). */
function deviceCookie(c: Context<AppEnv>, keys: Services['keys']): { memberId: number; device: string } | null {
  const v = c.get('device').cookies ? requestCookie(c, DEVICE_COOKIE) : undefined;
  const m = v ? /^(\d{1,12})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/.exec(v) : null;
  if (!m || !safeEqual(mac(deviceKey(keys), `${m[1]}.${m[2]}`), m[3]!)) return null;
  return { memberId: Number(m[1]), device: `d:${m[2]}` };
}

/** The client as limits see it: address, or the subscriber ID its carrier vouched for. */
export function limitClient(c: Context<AppEnv>): Client {
  const id = c.get('subscriberId');
  return { address: c.get('clientIp'), sharedAddress: c.get('carrierIpVerified'), subscriber: id ? { carrier: c.get('carrier').id, id } : null };
}

/** The client of a password check: also the members it has shown it belongs to (session, device cookie). */
export function passwordClient(c: Context<AppEnv>, keys: Services['keys']): PasswordClient {
  const owners: { memberId: number; device: string }[] = [];
  const m = c.get('member');
  const token = c.get('sessionToken');
  if (m && token) owners.push({ memberId: m.id, device: `s:${digest(token).slice(0, 22)}` });
  const dev = deviceCookie(c, keys);
  if (dev) owners.push(dev);
  return { ...limitClient(c), owners };
}

/**
 * Starts a signed-in session: a fresh ID every time (session fixation defence), ending only the
 * session this client really held (never one merely presented, which may be someone else's).
 * Browsers get a device cookie naming the member, so a stranger's failures never lock them out.
 */
export async function signIn(c: Context<AppEnv>, s: Pick<Services, 'sessions' | 'config' | 'keys'>, memberId: number): Promise<void> {
  const started = await s.sessions.start(memberId, c.get('device').carrier, c.get('sessionToken'), c.get('carrierIpVerified'));
  if (c.get('device').cookies) {
    const opts = { path: '/', httpOnly: true, sameSite: 'Lax', secure: s.config.secureCookies } as const;
    setCookie(c, SESSION_COOKIE, started.token, opts);
    if (deviceCookie(c, s.keys)?.memberId !== memberId) {
      const id = randomToken(16);
      setCookie(c, DEVICE_COOKIE, `${memberId}.${id}.${mac(deviceKey(s.keys), `${memberId}.${id}`)}`, { ...opts, maxAge: 365 * 86400 });
    }
  }
  c.set('sessionToken', started.token);
  c.set('memberVersions', null);
  c.set('preSession', null);
  c.set('csrfToken', csrfToken(s.keys.csrf, started.token));
}

export async function signOut(c: Context<AppEnv>, s: Pick<Services, 'sessions'>): Promise<void> {
  const token = c.get('sessionToken');
  if (token) await s.sessions.end(token);
  if (c.get('device').cookies) deleteCookie(c, SESSION_COOKIE, { path: '/' });
  signedOutHere(c);
}

/** This request goes on as nobody's: no session token, member or member's counters. */
export function signedOutHere(c: Context<AppEnv>): void {
  c.set('sessionToken', null);
  c.set('member', null);
  c.set('memberVersions', null);
}

/** Member-only routes: guests are sent to the login page. */
export const requireMember: MiddlewareHandler<AppEnv> = async function requireMember(c, next) {
  if (!c.get('member')) return redirectTo(c, '/login');
  await next();
};
