import { createHmac } from 'node:crypto';
import { safeEqual } from '../core/crypto.js';

/** Signature for the outbound interstitial, so /r is not an open redirect for anyone's links. */
export function signOutbound(key: Buffer, url: string): string {
  return createHmac('sha256', key).update(`out:${url}`).digest('base64url').slice(0, 16);
}

export function verifyOutbound(key: Buffer, url: string, sig: string): boolean {
  return safeEqual(signOutbound(key, url), sig);
}

/** Adds query parameters to a path-and-query (or absolute) URL, keeping any fragment last. */
export function withParams(href: string, params: Record<string, string>): string {
  const entries = Object.entries(params);
  if (entries.length === 0) return href;
  const hash = href.indexOf('#');
  const base = hash < 0 ? href : href.slice(0, hash);
  const frag = hash < 0 ? '' : href.slice(hash);
  const present = new Set(
    (base.split('?')[1] ?? '')
      .split('&')
      .map((kv) => kv.split('=')[0]),
  );
  const add = entries.filter(([k]) => !present.has(k)).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  if (add.length === 0) return href;
  return `${base}${base.includes('?') ? '&' : '?'}${add.join('&')}${frag}`;
}
