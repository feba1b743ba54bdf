import http from 'node:http';
import https from 'node:https';
import { lookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import iconv from 'iconv-lite';
import type { FeedFetcher } from '../core/blog/service.js';
import { isPublicAddress } from './ip-policy.js';

/** Feeds declare their encoding in the XML prolog; Japanese blogs often used Shift_JIS or EUC-JP. */
export function decodeFeed(bytes: Buffer): string {
  const declared = /^\s*<\?xml[^>]*encoding=["']([\w.-]+)["']/i.exec(bytes.subarray(0, 200).toString('latin1'))?.[1]?.toLowerCase();
  if (!declared || declared === 'utf-8' || declared === 'utf8' || !iconv.encodingExists(declared)) return bytes.toString('utf8');
  return iconv.decode(bytes, declared === 'shift_jis' || declared === 'sjis' ? 'cp932' : declared);
}

/** Host name → every address it has. Injectable so tests can play a rebinding DNS server. */
export type Resolver = (hostname: string) => Promise<string[]>;

const systemResolver: Resolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Blog feeds live on the web's ports. Other ports are where internal services (databases,
 * admin consoles, 8080 proxies) listen, and a fetcher that tries them is a port scanner, so
 * even 8080 is left out: no blog service of the keitai era served its feeds there.
 */
export const FEED_PORTS: readonly number[] = [80, 443];

export interface FeedFetcherOptions {
  /** The whole fetch, redirects included. */
  timeoutMs?: number;
  /** Body bytes, counted while streaming. */
  maxBytes?: number;
  maxRedirects?: number;
  resolve?: Resolver;
  /** Ports a URL may name (default FEED_PORTS). */
  ports?: readonly number[];
  /**
   * TEST ONLY: exact `address:port` pairs (`[v6]:port` for IPv6) that may be reached although
   * not public, so a test can serve feeds on loopback. Nothing in the configuration or the
   * environment sets this; production builds the fetcher with no options.
   */
  testOnlyAllow?: readonly string[];
}

/** Why a fetch failed, for the log only; members are shown one neutral text whatever it was. */
export class FeedFetchError extends Error {}

interface Target {
  url: URL;
  address: string;
  family: 4 | 6;
  port: number;
}

/**
 * Fetches feeds for the blog import without letting a member reach internal services: each hop
 * (redirects are followed by hand) is resolved ONCE, every address the name has is vetted, and
 * the connection goes to that vetted address (no second lookup, so DNS rebinding has no window).
 */
export function createFeedFetcher(o: FeedFetcherOptions = {}): FeedFetcher {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const maxBytes = o.maxBytes ?? 1024 * 1024;
  const maxRedirects = o.maxRedirects ?? 3;
  const resolve = o.resolve ?? systemResolver;
  const ports = new Set(o.ports ?? FEED_PORTS);
  const testOnly = new Set(o.testOnlyAllow ?? []);

  const permitted = (address: string, port: number) =>
    testOnly.has(isIP(address) === 6 ? `[${address}]:${port}` : `${address}:${port}`) || (ports.has(port) && isPublicAddress(address));

  async function vet(url: URL): Promise<Target> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FeedFetchError(`scheme ${url.protocol} refused`);
    if (url.username || url.password) throw new FeedFetchError('credentials in the URL refused');
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const addresses = isIP(host) ? [host] : await resolve(host);
    if (addresses.length === 0) throw new FeedFetchError(`${host} has no address`);
    // One bad address refuses the name: which one a later connect would pick is not ours to guess.
    const bad = addresses.find((a) => !permitted(a, port));
    if (bad !== undefined) throw new FeedFetchError(`address ${bad} port ${port} refused`);
    const address = addresses[0]!;
    return { url, address, family: isIP(address) === 6 ? 6 : 4, port };
  }

  function request(t: Target, signal: AbortSignal): Promise<{ status: number; location: string | null; body: Buffer }> {
    // Node never resolves here: we connect to the vetted address; this answers if it ever asks.
    const pinned = ((_host: string, opts: { all?: boolean }, cb: (...a: unknown[]) => void) =>
      opts?.all ? cb(null, [{ address: t.address, family: t.family }]) : cb(null, t.address, t.family)) as unknown as LookupFunction;
    const hostname = t.url.hostname.replace(/^\[|\]$/g, '');
    const options: https.RequestOptions = {
      host: t.address,
      port: t.port,
      path: `${t.url.pathname}${t.url.search}`,
      method: 'GET',
      agent: false,
      lookup: pinned,
      signal,
      maxHeaderSize: 16 * 1024,
      headers: { Host: t.url.host, 'User-Agent': 'Ashiato blog import', Accept: 'application/rss+xml, application/atom+xml, application/xml, text/xml', 'Accept-Encoding': 'identity' },
      // TLS checks the certificate against the name the member gave, not the address.
      ...(t.url.protocol === 'https:' && !isIP(hostname) ? { servername: hostname } : {}),
    };
    return new Promise((resolveP, reject) => {
      const req = (t.url.protocol === 'https:' ? https : http).request(options, (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          res.destroy();
          resolveP({ status, location: res.headers.location ?? null, body: Buffer.alloc(0) });
          return;
        }
        if (status !== 200) {
          res.destroy();
          reject(new FeedFetchError(`the feed answered ${status}`));
          return;
        }
        const declared = Number(res.headers['content-length']);
        if (declared > maxBytes) {
          res.destroy();
          reject(new FeedFetchError(`the feed declares ${declared} bytes`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            res.destroy();
            reject(new FeedFetchError('the feed is too large'));
          } else chunks.push(chunk);
        });
        res.on('end', () => resolveP({ status, location: null, body: Buffer.concat(chunks) }));
        res.on('error', reject);
        res.on('close', () => reject(new FeedFetchError('the connection closed early')));
      });
      req.on('error', reject);
      req.end();
    });
  }

  return {
    async fetchText(raw) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new FeedFetchError('timed out')), timeoutMs);
      // A resolver that never answers is bounded by the same deadline (one promise, handled).
      const deadline = new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true }));
      deadline.catch(() => undefined);
      try {
        let url = new URL(raw);
        for (let hop = 0; hop <= maxRedirects; hop++) {
          const target = await Promise.race([vet(url), deadline]);
          const res = await request(target, controller.signal);
          if (res.status === 200) return decodeFeed(res.body);
          if (!res.location) throw new FeedFetchError(`redirect ${res.status} without Location`);
          url = new URL(res.location, url);
        }
        throw new FeedFetchError('too many redirects');
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
