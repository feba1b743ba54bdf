import type { MiddlewareHandler } from 'hono';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AddressSet } from '../../carriers/index.js';
import { QA_USER } from '../config.js';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { plainError } from '../errors.js';
import { crossSiteForm, peerAddress } from './request.js';
import { requestHeader, setOnResponse } from '../headers.js';

const LOOPBACK = new AddressSet(['127.0.0.0/8', '::1/128']);

/** Who may use the QA tools, as the start log and README say it. */
export function qaExposure(config: Services['config']): string {
  if (config.production) return config.qaPassword ? `anyone with QA_PASSWORD (HTTP Basic, user '${QA_USER}')` : 'nobody';
  return config.qaPassword ? `this machine (loopback, not forwarded by a proxy), and others with QA_PASSWORD (HTTP Basic, user '${QA_USER}')` : 'this machine only (loopback clients, not forwarded by a proxy)';
}

function digestOf(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** HTTP Basic credentials equal to qa:QA_PASSWORD (compared in constant time). */
function presentsPassword(header: string | undefined, password: string): boolean {
  const m = /^Basic ([A-Za-z0-9+/=]{1,400})$/.exec(header ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1]!, 'base64').toString('utf8');
  return timingSafeEqual(digestOf(given), digestOf(`${QA_USER}:${password}`));
}

/** Headers proxies add. A browser on this machine sends none of them. */
const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip', 'via'];

/**
 * True when the client is this machine: the TCP peer is loopback and the request was not
 * forwarded. A forwarded request's client is on the proxy's far side: a loopback address in
 * X-Forwarded-For is only a claim (`X-Forwarded-For: ::1` through TRUST_PROXY), and a proxy
 * the operator did not declare in TRUST_PROXY makes every stranger's peer loopback.
 */
export function fromLoopback(c: Parameters<MiddlewareHandler<AppEnv>>[0]): boolean {
  if (FORWARDING_HEADERS.some((h) => requestHeader(c, h) !== undefined)) return false;
  return LOOPBACK.has(peerAddress(c.env));
}

/**
 * Demo members have published passwords and subscriber IDs: they sign in only from this machine
 * (as for the QA tools: loopback, not forwarded by a proxy), through the emulator, or from a
 * carrier's gateway (where their subscriber IDs are believed anyway) — never from a stranger's
 * PC or smartphone on the network. Production seeds none unless SEED_DEMO=1.
 */
export function demoMayEnter(c: Parameters<MiddlewareHandler<AppEnv>>[0], demoMembers: ReadonlySet<number>, memberId: number): boolean {
  if (!demoMembers.has(memberId)) return true;
  return c.env?.qa === true || fromLoopback(c) || c.get('carrierIpVerified');
}

/**
 * The gate in front of every QA tool (emulator, outbox, sandbox billing console): tools forge
 * carrier identities and show other members' mail, so a stranger never reaches them.
 * - development: loopback clients whose requests no proxy forwarded; others only with QA_PASSWORD;
 * - production: only with QA_PASSWORD (a loopback peer may be the proxy in front of everyone);
 * - requests the emulator itself sends through the app (binding `qa`) were already let through.
 * State-changing requests must also come from our own pages (Origin / Sec-Fetch-Site), so a
 * page on another site cannot drive a developer's browser into the console.
 */
export function qaOnly({ config }: Pick<Services, 'config'>): MiddlewareHandler<AppEnv> {
  const ownOrigins = new Set([config.publicOrigin, ...[...config.allowedHosts].map((h) => `http://${h}`), ...[...config.allowedHosts].map((h) => `https://${h}`)]);
  return async function qaOnlyHandler(c, next) {
    if (c.env?.qa !== true) {
      const password = config.qaPassword;
      const allowed = (password !== null && presentsPassword(requestHeader(c, 'authorization'), password)) || (!config.production && fromLoopback(c));
      if (!allowed) {
        c.get('log').warn({ path: c.req.path }, 'QA tool refused to a client that is neither local nor authorised');
        if (password === null) return plainError(403, 'Forbidden: the QA tools answer only this machine (http://localhost). Set QA_PASSWORD to reach them from elsewhere.');
        return new Response('QA tools: sign in as user "qa" with QA_PASSWORD.\n', {
          status: 401,
          headers: { 'WWW-Authenticate': 'Basic realm="Ashiato QA", charset="UTF-8"', 'Content-Type': 'text/plain; charset=UTF-8', 'Cache-Control': 'no-store' },
        });
      }
      if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && crossSiteForm(c, (origin) => ownOrigins.has(origin.toLowerCase()))) {
        return plainError(403, 'Forbidden: QA tools accept forms only from their own pages.');
      }
    }
    await next();
    // A tool's response that must be framed by the emulator itself says so (SAMEORIGIN); others never are.
    if (c.res.headers.get('X-Frame-Options') !== 'SAMEORIGIN') setOnResponse(c, 'X-Frame-Options', 'DENY');
    // Not no-referrer: under it browsers send `Origin: null` with the tools' own forms.
    setOnResponse(c, 'Referrer-Policy', 'same-origin');
  };
}
