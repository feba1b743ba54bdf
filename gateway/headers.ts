import type { Context } from 'hono';
import { deleteCookie as honoDeleteCookie, setCookie as honoSetCookie } from 'hono/cookie';
import { tryDecodeURIComponent } from 'hono/utils/url';
import type { AppEnv } from './env.js';

/**
 * Headers in and out, the one place they are read and set.
 *
 * In: a request served by @hono/node-server is read from Node's own parsed headers, not from the
 * web `Headers` the request would build on first use (every header copied, validated and sorted:
 * a few microseconds a request). Node keeps the first of a repeated User-Agent, Content-Type or
 * Authorization where a web `Headers` joins them (two Host lines are refused: hostCheck); both
 * join any other repeated header with ", " (cookies with "; "). In-process requests (tests, the
 * emulator, the loopback) read the web Request.
 *
 * Out: a page or redirect is sent whole (`wholeResponse`): every header in one plain object,
 * written by the Node server directly, and marked complete so the middleware after the handler
 * leaves it as it is.
 * A header or cookie set before the page is built goes through `prepareHeader`, `setCookie` or
 * `deleteCookie` here, which tell `wholeResponse` to take Hono's way, which keeps them.
 */

export function requestHeader(c: Context<AppEnv>, name: string): string | undefined {
  const incoming = c.env?.incoming;
  if (!incoming?.headers) return c.req.header(name);
  const v = incoming.headers[name.toLowerCase()];
  return typeof v === 'string' ? v : v?.join(', ');
}

/** Each request's cookies, parsed once: a signed-in request reads two or three of them. */
const cookieJars = new WeakMap<Context<AppEnv>, ReadonlyMap<string, string>>();
const NO_COOKIES: ReadonlyMap<string, string> = new Map();

export function requestCookie(c: Context<AppEnv>, name: string): string | undefined {
  let jar = cookieJars.get(c);
  if (!jar) {
    const header = requestHeader(c, 'cookie');
    jar = header ? parseCookies(header) : NO_COOKIES;
    cookieJars.set(c, jar);
  }
  return jar.get(name);
}

const COOKIE_NAME = /^[!#-:<>-[\]-~]+$/;
const COOKIE_VALUE = /^[ !#-:<-[\]-~]*$/;

function trimSpaceAndTab(v: string): string {
  let start = 0;
  let end = v.length;
  while (start < end && (v.charCodeAt(start) === 32 || v.charCodeAt(start) === 9)) start++;
  while (end > start && (v.charCodeAt(end - 1) === 32 || v.charCodeAt(end - 1) === 9)) end--;
  return start === 0 && end === v.length ? v : v.slice(start, end);
}

/**
 * A Cookie header's pairs, read as Hono's `parse` reads them (the first of a repeated name wins; a
 * name or value outside the cookie grammar is skipped; one pair of quotes is taken off; %-escapes
 * are decoded where they can be), without its per-pair arrays and dictionary object: a fifth of its
 * time (test/cookies.test.ts holds the two to the same answers).
 */
export function parseCookies(header: string): Map<string, string> {
  const jar = new Map<string, string>();
  let start = 0;
  while (start <= header.length) {
    let end = header.indexOf(';', start);
    if (end < 0) end = header.length;
    const eq = header.indexOf('=', start);
    if (eq >= 0 && eq < end) {
      const name = trimSpaceAndTab(header.slice(start, eq));
      if (!jar.has(name) && COOKIE_NAME.test(name)) {
        let value = trimSpaceAndTab(header.slice(eq + 1, end));
        if (value.charCodeAt(0) === 34 && value.charCodeAt(value.length - 1) === 34) value = value.slice(1, -1);
        if (COOKIE_VALUE.test(value)) jar.set(name, tryDecodeURIComponent(value));
      }
    }
    start = end + 1;
  }
  return jar;
}

type CookieOptions = Parameters<typeof honoSetCookie>[3];

export function setCookie(c: Context<AppEnv>, name: string, value: string, options: CookieOptions): void {
  honoSetCookie(c, name, value, options);
  c.set('headersPrepared', true);
}

export function deleteCookie(c: Context<AppEnv>, name: string, options: Parameters<typeof honoDeleteCookie>[2]): void {
  honoDeleteCookie(c, name, options);
  c.set('headersPrepared', true);
}

/**
 * Sets a header on the response a handler already returned, in place. `c.header()` after the
 * handler rebuilds the response around a stream of its body, which @hono/node-server then writes
 * by its slow path (a web Response, a stream reader, a timer): measured as a tenth of a page
 * view's CPU. Headers of a fetched response cannot change: that one is rebuilt by `c.header()`.
 */
export function setOnResponse(c: Context<AppEnv>, name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch {
    c.header(name, value);
  }
}

/** A header for the response this request will send (before the handler builds it). */
export function prepareHeader(c: Context<AppEnv>, name: string, value: string): void {
  c.header(name, value);
  c.set('headersPrepared', true);
}

/**
 * What browsers should refuse on our pages: being framed (clickjacking), guessing types, and
 * anything a page did not come with (scripts, plugins from elsewhere, forms posting away).
 * Keitai browsers ignore these headers; PCs and smartphones honour them. A route that needs
 * another policy (the emulator runs scripts) sets its own first.
 */
export const PAGE_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** Marks a response sent with all its headers (a property: a WeakSet cost ~0.1 µs a page and GC work). */
const COMPLETE = Symbol('complete');

/** True for a response sent with all its headers (`wholeResponse`): nothing is added after the handler. */
export function isComplete(res: Response): boolean {
  return (res as Response & { [COMPLETE]?: true })[COMPLETE] === true;
}

/**
 * A response sent whole: the body and `headers` (lower-case names) with every header the
 * middleware adds to other responses after the handler (security headers, request id), and its
 * length. Lower-case names in a plain object and a stated length are the Node server's fastest way
 * (measured against mixed-case names and a web `Headers`). When a cookie or header was prepared
 * for this request, Hono builds the response instead, keeping them.
 */
export function wholeResponse(c: Context<AppEnv>, status: number, body: Uint8Array<ArrayBuffer> | null, headers: Record<string, string>): Response {
  if (c.get('headersPrepared')) return body ? c.body(body, status as 200, headers) : c.body(null, status as 302, headers);
  // Copied key by key: `{ ...headers, name: value }` measured 1.3 µs here (V8's slow path for a
  // spread followed by more properties), the loop 0.04 µs.
  const all: Record<string, string> = {};
  for (const k in headers) all[k] = headers[k]!;
  all['x-content-type-options'] = 'nosniff';
  all['x-frame-options'] = 'DENY';
  all['x-request-id'] = c.get('requestId');
  all['content-length'] = body ? String(body.byteLength) : '0';
  if (/html|xml/i.test(headers['content-type'] ?? '')) all['content-security-policy'] = PAGE_POLICY;
  const res = new Response(body, { status, headers: all }) as Response & { [COMPLETE]?: true };
  res[COMPLETE] = true;
  return res;
}
