import type { Context, MiddlewareHandler } from 'hono';
import { detectDevice, normalizeIp, type RequestFacts } from '../../carriers/index.js';
import { hostKey } from '../config.js';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { plainError } from '../errors.js';
import { randomHex } from '../../core/crypto.js';
import { isComplete, PAGE_POLICY, requestHeader, setOnResponse } from '../headers.js';

/** Request id and a child logger; the id is echoed in X-Request-Id and on error pages. */
export function requestContext({ logger, config, keys }: Pick<Services, 'logger' | 'config' | 'keys'>): MiddlewareHandler<AppEnv> {
  const render = { publicOrigin: config.publicOrigin, linkKey: keys.link };
  return async function requestContextHandler(c, next) {
    const id = randomHex(6);
    c.set('render', render);
    c.set('requestId', id);
    c.set('log', logger.child({ req: id }));
    await next();
    if (!isComplete(c.res)) setOnResponse(c, 'X-Request-Id', id);
    // A body nobody read (a GET with a body, a POST refused before reading) would otherwise be
    // drained by Node to keep the connection: close it instead, however long the body claims to be.
    // `bodyUsed` answers without building the web Request, which for a GET would not even show
    // the body (a GET's body was missed so until 2026-11-30: test/served-headers.test.ts).
    const declared = requestHeader(c, 'transfer-encoding') !== undefined || Number(requestHeader(c, 'content-length') ?? '0') > 0;
    if (declared && !c.req.raw.bodyUsed) setOnResponse(c, 'Connection', 'close');
  };
}

/** The security headers (gateway/headers.ts, PAGE_POLICY) on every response a page did not already send whole. */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async function securityHeadersHandler(c, next) {
    await next();
    if (isComplete(c.res)) return;
    const h = c.res.headers;
    if (!h.has('X-Content-Type-Options')) setOnResponse(c, 'X-Content-Type-Options', 'nosniff');
    if (!h.has('X-Frame-Options')) setOnResponse(c, 'X-Frame-Options', 'DENY');
    if (/html|xml/i.test(h.get('Content-Type') ?? '') && !h.has('Content-Security-Policy')) setOnResponse(c, 'Content-Security-Policy', PAGE_POLICY);
  };
}

/**
 * True when a browser says this POST came from another site. `Sec-Fetch-Site` (sent by every
 * current browser) decides when present: only `same-origin` or `none` (typed, bookmarked) pass.
 * Without it, an `Origin` must be our own; `Origin: null` (a page under `no-referrer`, a sandboxed
 * frame) is refused then, as nothing vouches for it. Keitai browsers send neither header: the
 * form's token decides for them.
 */
export function crossSiteForm(c: Context<AppEnv>, isOwnOrigin: (origin: string) => boolean): boolean {
  const site = requestHeader(c, 'sec-fetch-site')?.toLowerCase();
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  const origin = requestHeader(c, 'origin');
  return origin !== undefined && (origin === 'null' || !isOwnOrigin(origin));
}

function hostLines(raw: string[]): number {
  let n = 0;
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.length === 4 && raw[i]!.toLowerCase() === 'host') n++;
  return n;
}

/** DNS-rebinding defence: serve only our own Host names (421 otherwise), named once. */
export function hostCheck({ config }: Pick<Services, 'config'>): MiddlewareHandler<AppEnv> {
  const defaultPort = new URL(config.publicOrigin).protocol === 'https:' ? 443 : 80;
  return async function hostCheckHandler(c, next) {
    // Node keeps the first of two Host lines (a web Headers joined them, and the pair was refused
    // as a foreign host): a front that routes by the last one would disagree with us. Refused.
    const raw = c.env?.incoming?.rawHeaders;
    if (raw && hostLines(raw) > 1) {
      c.get('log').warn('refused a request with more than one Host');
      return plainError(400, 'Bad Request: more than one Host header.');
    }
    const host = requestHeader(c, 'host');
    if (!host || !config.allowedHosts.has(hostKey(host, defaultPort))) {
      c.get('log').warn({ host }, 'refused foreign Host');
      return plainError(421, 'Misdirected Request: this host is not served here.');
    }
    await next();
  };
}

/** The TCP peer, from the node server or (in-process callers) the peerAddress binding. */
export function peerAddress(env: AppEnv['Bindings'] | undefined): string {
  return normalizeIp(env?.incoming?.socket?.remoteAddress ?? env?.peerAddress ?? '0.0.0.0');
}

/**
 * The client address: the peer, unless the peer is a trusted proxy, in which case the
 * right-most X-Forwarded-For entry that is not itself a trusted proxy.
 */
export function clientAddress(peer: string, forwardedFor: string | undefined, trusted: { has(a: string): boolean }): string {
  if (!trusted.has(peer) || !forwardedFor) return peer;
  const hops = forwardedFor.split(',').map((s) => normalizeIp(s)).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!trusted.has(hops[i]!)) return hops[i]!;
  }
  return hops[0] ?? peer;
}

/** What the carrier adapters read of a request (a class: one is made per request). */
class ContextFacts implements RequestFacts {
  readonly userAgent: string;
  constructor(
    private readonly c: Context<AppEnv>,
    readonly query: string,
  ) {
    this.userAgent = requestHeader(c, 'user-agent') ?? '';
  }
  header(name: string): string | undefined {
    return requestHeader(this.c, name);
  }
}

/** Recognises the handset and whether its carrier headers can be believed. */
export function clientAddressAndDevice({ config }: Pick<Services, 'config'>): MiddlewareHandler<AppEnv> {
  return async function deviceHandler(c, next) {
    const ip = clientAddress(peerAddress(c.env), requestHeader(c, 'x-forwarded-for'), config.trustProxy);
    c.set('clientIp', ip);
    const url = c.req.url;
    const q = url.indexOf('?');
    const d = detectDevice(new ContextFacts(c, q < 0 ? '' : url.slice(q + 1)), ip, config.carrierRanges);
    c.set('carrier', d.carrier);
    c.set('device', d.profile);
    c.set('carrierIpVerified', d.carrierIpVerified);
    c.set('subscriberId', d.subscriberId);
    c.set('claimedSubscriberId', d.claimedSubscriberId);
    await next();
  };
}
