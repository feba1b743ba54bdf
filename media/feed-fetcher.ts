import { lookup } from 'node:dns/promises';
import iconv from 'iconv-lite';
import { AddressSet } from '../carriers/index.js';
import type { FeedFetcher } from '../core/blog.js';

/** Addresses a member-supplied URL must never reach (loopback, private, link-local, metadata …). */
const FORBIDDEN = new AddressSet([
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24', '192.168.0.0/16',
  '198.18.0.0/15', '224.0.0.0/3', '::/128', '::1/128', 'fc00::/7', 'fe80::/10', 'ff00::/8',
]);

/** Feeds declare their encoding in the XML prolog; Japanese blogs often used Shift_JIS or EUC-JP. */
export function decodeFeed(bytes: Buffer): string {
  const declared = /^\s*<\?xml[^>]*encoding=["']([\w.-]+)["']/i.exec(bytes.subarray(0, 200).toString('latin1'))?.[1]?.toLowerCase();
  if (!declared || declared === 'utf-8' || declared === 'utf8' || !iconv.encodingExists(declared)) return bytes.toString('utf8');
  return iconv.decode(bytes, declared === 'shift_jis' || declared === 'sjis' ? 'cp932' : declared);
}

export interface FeedFetcherOptions {
  timeoutMs?: number;
  maxBytes?: number;
  /** Tests fetch from a server on loopback; production never sets this. */
  allowPrivate?: boolean;
}

/**
 * Fetches feeds for the blog import. Every hop (redirects included) is resolved and checked
 * against private ranges first, so a member cannot make the server read internal services.
 */
export function createFeedFetcher(o: FeedFetcherOptions = {}): FeedFetcher {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const maxBytes = o.maxBytes ?? 1024 * 1024;
  async function check(url: URL): Promise<void> {
    if (!/^https?:$/.test(url.protocol)) throw new Error('only http and https feeds');
    if (o.allowPrivate) return;
    const addrs = await lookup(url.hostname.replace(/^\[|\]$/g, ''), { all: true });
    if (addrs.length === 0 || addrs.some((a) => FORBIDDEN.has(a.address))) throw new Error('this address is not allowed');
  }
  return {
    async fetchText(raw) {
      let url = new URL(raw);
      for (let hop = 0; hop < 4; hop++) {
        await check(url);
        const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs), headers: { 'User-Agent': 'Ashiato blog import', Accept: 'application/rss+xml, application/atom+xml, application/xml, text/xml' } });
        const loc = res.headers.get('location');
        if (res.status >= 300 && res.status < 400 && loc) {
          url = new URL(loc, url);
          continue;
        }
        if (!res.ok) throw new Error(`the feed answered ${res.status}`);
        const reader = res.body?.getReader();
        const chunks: Uint8Array[] = [];
        let size = 0;
        while (reader) {
          const { done, value } = await reader.read();
          if (done) break;
          size += value.byteLength;
          if (size > maxBytes) {
            await reader.cancel();
            throw new Error('the feed is too large');
          }
          chunks.push(value);
        }
        return decodeFeed(Buffer.concat(chunks));
      }
      throw new Error('too many redirects');
    },
  };
}
