import type { Context } from 'hono';
import { transcoderFor, type Transcoder } from '../emoji/index.js';
import type { Page } from '../templates/layout.js';
import type { AppEnv } from './env.js';
import { signOutbound, withParams } from './links.js';
import { pageLimit, paginate, wholePage } from '../templates/paginate.js';
import { render, type Child, type RenderContext } from '../templates/html.js';
import type { InputMode } from '../carriers/index.js';
import { randomToken } from '../core/crypto.js';
import { wholeResponse } from './headers.js';
import { CSRF_PARAM, ONCE_PARAM, PAGE_PARAM, SESSION_PARAM, SUBSCRIBER_ID_PATHS } from './params.js';

/** Set once by the app: the origin and link key the render context needs. */
export interface RenderSettings {
  publicOrigin: string;
  linkKey: Buffer;
}

/** An internal URL to a page that reads the subscriber ID. */
function readsSubscriberId(href: string, origin: string): boolean {
  const rest = href.startsWith(origin) ? href.slice(origin.length) : href;
  const cut = rest.search(/[?#]/);
  return SUBSCRIBER_ID_PATHS.has((cut < 0 ? rest : rest.slice(0, cut)) || '/');
}

function isInternal(href: string, origin: string): boolean {
  if (href.startsWith('/') && !href.startsWith('//')) return true;
  return href === origin || href.startsWith(`${origin}/`) || href.startsWith(`${origin}?`);
}

/** Session parameters a cookie-less handset needs on every internal URL. */
function sessionParams(c: Context<AppEnv>): Record<string, string> {
  const token = c.get('sessionToken');
  return token && !c.get('device').cookies ? { [SESSION_PARAM]: token } : {};
}

/**
 * The one place URLs in pages are rewritten: the session goes onto internal links for
 * handsets without cookies, carrier ID parameters where asked, and links to other sites go
 * through the /r interstitial so no session ID leaves in a Referer.
 */
export function renderContext(c: Context<AppEnv>, s: RenderSettings): RenderContext {
  return new PageRenderContext(c, s);
}

/** A class, not an object of closures: one is made per page sent. */
class PageRenderContext implements RenderContext {
  readonly markup: RenderContext['markup'];
  readonly signedIn: boolean;
  /** The same for every link of the page: taken once. */
  private readonly session: Record<string, string>;
  private readonly hasSession: boolean;
  constructor(
    private readonly c: Context<AppEnv>,
    private readonly s: RenderSettings,
  ) {
    this.markup = c.get('device').markup;
    this.signedIn = c.get('member') != null;
    this.session = sessionParams(c);
    this.hasSession = Object.keys(this.session).length > 0;
  }

  inputModeAttributes(mode: InputMode): Record<string, string> {
    return this.c.get('carrier').inputModeAttributes(mode);
  }

  url(href: string, { subscriberId }: { subscriberId: boolean }): string {
    const { c, s } = this;
    if (href.startsWith('#') || /^(mailto|tel):/i.test(href)) return href;
    if (!isInternal(href, s.publicOrigin)) {
      if (!/^https?:\/\//i.test(href)) return '#';
      return withParams('/r', { u: href, k: signOutbound(s.linkKey, href) });
    }
    if (href.startsWith('/r?')) return href;
    if ((subscriberId || readsSubscriberId(href, s.publicOrigin)) && !c.get('device').crawler) return withParams(href, { ...this.session, ...c.get('carrier').subscriberIdParams() });
    return this.hasSession ? withParams(href, this.session) : href;
  }

  hiddenFields(method: 'get' | 'post'): [string, string][] {
    const c = this.c;
    const fields: [string, string][] = Object.entries(this.session);
    if (method === 'post') {
      // A guest's form is bound to its pre-session (a cookie set now, or a hidden field).
      if (!c.get('sessionToken')) fields.push(...(c.get('preSession')?.formFields() ?? []));
      fields.push([CSRF_PARAM, c.get('csrfToken')], [ONCE_PARAM, randomToken(12)]);
    }
    return fields;
  }
}

export function transcoder(c: Context<AppEnv>): Transcoder {
  const d = c.get('device');
  return transcoderFor(d.emojiForm, d.charset);
}

const pageHeaders = (d: AppEnv['Variables']['device']) => ({ 'content-type': `${d.contentType}; charset=${d.charset}`, 'cache-control': 'no-store', 'referrer-policy': 'same-origin' });

/** Renders, splits to the handset's size limit, encodes and sends a page. */
export function sendPage(c: Context<AppEnv>, page: Page, status = 200): Response {
  return sendBytes(c, pageBytes(c, page), status);
}

/** Sends a page's bytes (pageBytes). */
export function sendBytes(c: Context<AppEnv>, bytes: Buffer, status = 200): Response {
  return wholeResponse(c, status, bytes as Uint8Array<ArrayBuffer>, pageHeaders(c.get('device')));
}

/** The bytes sendPage sends: the page rendered, split to the handset's size limit and encoded. */
export function pageBytes(c: Context<AppEnv>, page: Page): Buffer {
  const d = c.get('device');
  const t = transcoder(c);
  const ctx = renderContext(c, c.get('render'));
  const pageNo = Number.parseInt(c.get('query')?.get(PAGE_PARAM) ?? '1', 10);
  const selfPath = new URL(c.req.url).pathname;
  // The page links repeat this page's own query (a month, a box, a search), but never whatever
  // anyone appended to the URL: only short parameters, at most 256 characters in all, so the
  // pager cannot push a page over the handset's limit.
  let room = 256;
  const keep = (c.get('query')?.entries() ?? []).filter(([k, v]) => k !== PAGE_PARAM && k !== SESSION_PARAM && (room -= k.length + v.length + 2) >= 0);
  return paginate(page, {
    device: d,
    ctx,
    // Bound, not arrows: tsx names every function it makes, which costs more than the call.
    encode: t.encode.bind(t),
    pageNo: Number.isFinite(pageNo) && pageNo > 0 ? pageNo : 1,
    pageHref: pageLink.bind(null, selfPath, keep),
  });
}

/** The address of page `n` of a split page, with the page's own short parameters. */
function pageLink(selfPath: string, keep: readonly (readonly [string, string])[], n: number): string {
  return withParams(selfPath, Object.fromEntries([...keep, [PAGE_PARAM, String(n)]]));
}

/**
 * A page kept as encoded bytes around one part made anew at every view (the top page's
 * advertising, picked and counted per view): the bytes before and after that part.
 */
export interface KeptPage {
  prefix: Buffer;
  suffix: Buffer;
  /** The fresh part's encoded bytes by its key (see sendKeptPage): a few, for this page's handset and session only. */
  parts?: Map<string, Buffer>;
}

/** Fresh parts' bytes kept per kept page: a rotation of a few banners, corner links. */
const KEPT_PARTS = 8;

/**
 * Keeps `page`, in which the text `slot` stands where the fresh part goes, if the page fits the
 * handset whole and the slot appears in it once; and only if the kept bytes with `part` put in
 * are exactly `sent`, the bytes this view sent (so a page that renders differently each time, a
 * form's one-time field say, or a part that would not render the same on its own, is never kept).
 */
export function keepPage(c: Context<AppEnv>, page: Page, slot: string, part: Child, sent: Buffer): KeptPage | null {
  const t = transcoder(c);
  const ctx = renderContext(c, c.get('render'));
  const whole = wholePage(page, { device: c.get('device'), ctx, encode: (html) => t.encode(html) });
  if (!whole) return null;
  const marker = Buffer.from(slot, 'latin1');
  const at = whole.indexOf(marker);
  if (at < 0 || whole.indexOf(marker, at + marker.length) >= 0) return null;
  const kept = { prefix: whole.subarray(0, at), suffix: whole.subarray(at + marker.length) };
  return splice(c, kept, encodedPart(part, t, ctx))?.equals(sent) ? kept : null;
}

/** A part of a page rendered and encoded on its own, as the whole page would have it. */
function encodedPart(part: Child, t: Transcoder, ctx: RenderContext): Buffer {
  return part == null ? Buffer.alloc(0) : t.encode(render(part, ctx));
}

/** The kept page with a part's bytes put in, or null when that would not fit the handset whole. */
function splice(c: Context<AppEnv>, kept: KeptPage, part: Buffer): Buffer | null {
  const n = kept.prefix.length + part.length + kept.suffix.length;
  return n <= pageLimit(c.get('device')) ? Buffer.concat([kept.prefix, part, kept.suffix], n) : null;
}

/**
 * Sends a kept page with `part` made for this view; null when it would not fit whole (render
 * afresh then). With `key` (everything the part is made from: the same key renders the same
 * markup), the part's encoded bytes are kept with the page and used again. The kept page
 * belongs to one member, handset and session, so its render context is the same at every use.
 */
export function sendKeptPage(c: Context<AppEnv>, kept: KeptPage, part: Child, key?: string): Response | null {
  let bytes = key === undefined ? undefined : kept.parts?.get(key);
  if (!bytes) {
    bytes = encodedPart(part, transcoder(c), renderContext(c, c.get('render')));
    if (key !== undefined) {
      kept.parts ??= new Map();
      if (kept.parts.size >= KEPT_PARTS) kept.parts.clear();
      kept.parts.set(key, bytes);
    }
  }
  const page = splice(c, kept, bytes);
  return page && wholeResponse(c, 200, page as Uint8Array<ArrayBuffer>, pageHeaders(c.get('device')));
}

/** 302 to an internal path: absolute Location (i-mode needs it) and the session for cookie-less handsets. */
export function redirectTo(c: Context<AppEnv>, path: string, subscriberId = false): Response {
  const s = c.get('render');
  let target = withParams(path, sessionParams(c));
  const carrier = c.get('carrier');
  if ((subscriberId || readsSubscriberId(path, s.publicOrigin)) && carrier && !c.get('device')?.crawler) target = withParams(target, carrier.subscriberIdParams());
  // Headers set earlier in this request (the sign-in cookie) are kept (wholeResponse).
  return wholeResponse(c, 302, null, { location: `${s.publicOrigin}${target}`, 'cache-control': 'no-store', 'referrer-policy': 'same-origin' });
}

