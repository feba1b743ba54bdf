import { withParams } from '../links.js';
import { escapeHtml } from '../../templates/escape.js';

/** Where a movie's own requests go: `/emulator/flash/<handset>/<gw 0|1>/<subscriber ID or ->/<the site's path>`. */
export const FLASH_PREFIX = '/emulator/flash';

export interface FlashHandset {
  handset: string;
  id: string;
  gw: boolean;
}

const segment = (s: string) => encodeURIComponent(s || '-');

/**
 * Ruffle for the screen. The movie's loadVariables and getURL calls are rewritten (Ruffle's
 * urlRewriteRules) to come back through the emulator as the handset — its UA, gateway address,
 * subscriber ID and cookies — instead of leaving as the PC browser; a page the movie opens is
 * shown by the emulator (address bar, inspector), not inside the screen as a PC page.
 * allowScriptAccess: the screen is a srcdoc frame, where Ruffle otherwise refuses a movie's getURL.
 * Device fonts are drawn by the browser (deviceFontRenderer "canvas"): Ruffle's own has no Japanese.
 */
export function ruffleLoader(h: FlashHandset, origin: string): string {
  const base = `${FLASH_PREFIX}/${segment(h.handset)}/${h.gw ? '1' : '0'}/${segment(h.id)}`;
  const own = origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Any URL on this site except the emulator's own (Ruffle's files, the movie fetched through /raw).
  const rule = `[new RegExp(${JSON.stringify(`^(?:${own}|https?://(?:localhost|127\\.0\\.0\\.1)(?::\\d+)?)(/(?!emulator/).*)$`)}),${JSON.stringify(`${base}$1`)}]`;
  return `<script>window.RufflePlayer={config:{allowScriptAccess:true,autoplay:"on",unmuteOverlay:"hidden",splashScreen:false,letterbox:"on",deviceFontRenderer:"canvas",publicPath:"/emulator/ruffle/",urlRewriteRules:[${rule}]}};</script><script src="/emulator/ruffle/ruffle.js"></script>`;
}

/** The handset and path of a rewritten movie request, or null when malformed. */
export function parseFlashPath(pathname: string, search: string): { h: FlashHandset; path: string } | null {
  const m = /^\/emulator\/flash\/([^/]+)\/([01])\/([^/]+)(\/.*)$/.exec(pathname);
  if (!m) return null;
  const dec = (s: string) => {
    const v = decodeURIComponent(s);
    return v === '-' ? '' : v;
  };
  try {
    const path = `${m[4]!}${search}`;
    if (path.startsWith('//')) return null;
    return { h: { handset: dec(m[1]!), gw: m[2] === '1', id: dec(m[3]!) }, path };
  } catch {
    return null;
  }
}

/**
 * A page the movie opened (getURL navigates the screen frame): the emulator view takes over the
 * whole window, so the page is requested once, as the handset, and shown with its address.
 */
export function openInEmulator(h: FlashHandset, path: string): Response {
  const view = withParams('/emulator/view', { h: h.handset, u: path, id: h.id, gw: h.gw ? '1' : '0' });
  const html = `<!DOCTYPE html><html><head><meta charset="UTF-8"><title>…</title></head><body><a id="go" href="${escapeHtml(view)}" target="_top">${escapeHtml(path)}</a><script>top.location.replace(document.getElementById('go').href)</script></body></html>`;
  return new Response(html, {
    status: 200,
    headers: { 'Content-Type': 'text/html; charset=UTF-8', 'Cache-Control': 'no-store', 'X-Frame-Options': 'SAMEORIGIN', 'Content-Security-Policy': "frame-ancestors 'self'" },
  });
}
