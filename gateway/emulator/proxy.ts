import type { Hono } from 'hono';
import { detectDevice, type CarrierRanges, type DeviceProfile, type HandsetSpec } from '../../carriers/index.js';
import type { AppEnv } from '../env.js';

/** An address that is no carrier's gateway (RFC 5737 documentation range). */
export const OUTSIDE_IP = '198.51.100.7';

export interface Exchange {
  method: string;
  path: string;
  requestHeaders: Record<string, string>;
  status: number;
  responseHeaders: [string, string][];
  bytes: Buffer;
}

export interface HandsetRequest {
  spec: HandsetSpec;
  /** Subscriber ID the gateway would attach (null: the member refused to send it). */
  subscriberId: string | null;
  /** From the carrier's gateway address (true) or from outside it (a forged request). */
  viaGateway: boolean;
  /** Cookies this handset keeps, by name (ignored by handsets without cookies). */
  jar: Map<string, string>;
  /** What the carrier's gateway itself adds for a path (SoftBank's billing return header), if anything. */
  gatewayHeaders?: (path: string) => Record<string, string>;
}

export function profileOf(spec: HandsetSpec, ranges: CarrierRanges): DeviceProfile {
  const h = spec.headers;
  return detectDevice({ userAgent: spec.userAgent, header: (n) => h[n], query: '' }, spec.gatewayIp ?? OUTSIDE_IP, ranges).profile;
}

/**
 * Sends a request as the handset would — its UA and headers, its carrier gateway address,
 * the subscriber header (docomo only on guid=ON URLs), its cookies if it keeps any — through
 * the app in process, following redirects as handsets do. Returns every exchange.
 */
export async function requestAsHandset(
  app: Hono<AppEnv>,
  origin: string,
  r: HandsetRequest,
  profile: DeviceProfile,
  method: string,
  path: string,
  body?: Buffer,
): Promise<Exchange[]> {
  const exchanges: Exchange[] = [];
  let current = { method, path, body };
  for (let hop = 0; hop < 5; hop++) {
    const headers: Record<string, string> = { 'user-agent': r.spec.userAgent, host: new URL(origin).host, ...r.spec.headers };
    if (r.spec.subscriber && r.subscriberId && (!r.spec.subscriber.onlyWithGuid || /[?&]guid=on(?:&|$)/i.test(current.path))) {
      headers[r.spec.subscriber.header] = r.subscriberId;
    }
    if (r.viaGateway && r.gatewayHeaders) Object.assign(headers, r.gatewayHeaders(current.path));
    if (profile.cookies && r.jar.size) headers.cookie = [...r.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (current.body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const peer = r.viaGateway && r.spec.gatewayIp ? r.spec.gatewayIp : OUTSIDE_IP;
    const init: RequestInit = { method: current.method, headers };
    if (current.body) init.body = new Uint8Array(current.body);
    const res = await app.fetch(new Request(`${origin}${current.path}`, init), { peerAddress: peer, qa: true });
    const bytes = Buffer.from(await res.arrayBuffer());
    exchanges.push({ method: current.method, path: current.path, requestHeaders: headers, status: res.status, responseHeaders: [...res.headers], bytes });
    if (profile.cookies) {
      for (const c of res.headers.getSetCookie()) {
        const [kv, ...attrs] = c.split(';');
        const eq = kv!.indexOf('=');
        const name = kv!.slice(0, eq).trim();
        if (attrs.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a))) r.jar.delete(name);
        else r.jar.set(name, kv!.slice(eq + 1));
      }
    }
    const loc = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !loc) break;
    const next = new URL(loc, origin);
    if (next.origin !== new URL(origin).origin) break;
    current = { method: 'GET', path: `${next.pathname}${next.search}`, body: undefined };
  }
  return exchanges;
}
