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
  let add = '';
  const hash = href.indexOf('#');
  const base = hash < 0 ? href : href.slice(0, hash);
  const q = base.indexOf('?');
  for (const k in params) {
    // Skip a parameter the URL already carries (e.g. a sid put there by hand).
    if (q >= 0 && (base.includes(`?${k}=`, q) || base.includes(`&${k}=`, q))) continue;
    add += `${add ? '&' : ''}${encodeURIComponent(k)}=${encodeURIComponent(params[k]!)}`;
  }
  if (!add) return href;
  return `${base}${q >= 0 ? '&' : '?'}${add}${hash < 0 ? '' : href.slice(hash)}`;
}
