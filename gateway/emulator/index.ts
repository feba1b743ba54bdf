import { Hono, type Context } from 'hono';
import { requestCookie, requestHeader, setCookie, setOnResponse } from '../headers.js';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import iconv from 'iconv-lite';
import { simpleParser } from 'mailparser';
import { carrierOfMail, HANDSETS, mailCarrierOf, handsetById, type DeviceProfile, type HandsetSpec } from '../../carriers/index.js';
import { toReceiver, transcoderFor } from '../../emoji/index.js';
import { markPictograms, paletteOf, pictogramsOn, sourceText, typedPictograms } from './pictograms.js';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { plainError } from '../errors.js';
import { withParams } from '../links.js';
import { SESSION_PARAM } from '../params.js';
import { readBoundedBody } from '../input.js';
import { escapeHtml } from '../../templates/escape.js';
import { inspect, type Finding } from './inspect.js';
import { emulatorPage, outboxPage } from './page.js';
import { profileOf, requestAsHandset } from './proxy.js';
import { qaOnly } from '../middleware/qa.js';
import { mailComposeRoutes } from './mail-compose.js';
import { RecipientHandsets } from './recipient.js';
import { openInEmulator, parseFlashPath, ruffleLoader, type FlashHandset } from './flash.js';
import { sjisFormToUtf8, swfStringsToUtf8 } from './swf-text.js';
import { japanWallClock } from '../../core/time.js';

const MAX_JARS = 2000;

/**
 * "From carrier gateway": the address bar's form sends a hidden gw=0 before the checkbox, so an
 * unticked box (which sends nothing) reads as off; a link without gw means on.
 */
function fromGatewayParam(q: URLSearchParams): boolean {
  const all = q.getAll('gw');
  return all.length === 0 || all.includes('1');
}

/**
 * The subscriber ID the handset sends. When the address bar switched handsets (ph = the one shown
 * before) to another carrier's, the ID shown was the old carrier's: the new handset's own is used,
 * never one its carrier would not issue.
 */
function subscriberIdParam(q: URLSearchParams, spec: HandsetSpec): string {
  const before = handsetById(q.get('ph') ?? '');
  if (before && before.id !== spec.id && before.subscriber?.header !== spec.subscriber?.header) return spec.subscriber?.demo ?? '';
  return q.get('id') ?? spec.subscriber?.demo ?? '';
}

/** A path carrying the session parameter of the page shown (a cookie-less handset keeps its session in URLs). */
function withSession(path: string, current: string): string {
  const sid = new URL(current, 'http://x').searchParams.get(SESSION_PARAM);
  return sid ? withParams(path, { [SESSION_PARAM]: sid }) : path;
}

/** A form value as the handset's browser sends it: its charset's bytes, percent-encoded where needed. */
function formEncode(t: { encode(s: string): Buffer }, value: string): string {
  let out = '';
  for (const b of t.encode(value)) out += /[A-Za-z0-9*\-._]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : b === 0x20 ? '+' : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}
/**
 * The handset's numeric input mode while typing: a field marked numeric (docomo istyle="4", au
 * format="*N", SoftBank mode="numeric", inputmode="numeric") takes digits only, as the keypad
 * in that mode gives nothing else. (Kana and alphabet modes are IME states a PC cannot copy.)
 */
const INPUT_MODES =
  '<script>addEventListener("DOMContentLoaded",()=>{for(const f of document.querySelectorAll(\'input[istyle="4"],input[mode="numeric"],input[inputmode="numeric"],input[format*="N"]\')){f.setAttribute("inputmode","numeric");f.dataset.emuNumeric="1";f.addEventListener("input",()=>{const v=f.value.replace(/[^0-9]/g,"");if(v!==f.value)f.value=v;});}});</script>';

const RUFFLE_DIR = dirname(createRequire(import.meta.url).resolve('@ruffle-rs/ruffle/package.json'));
const RUFFLE_TYPES: Record<string, string> = { js: 'text/javascript', wasm: 'application/wasm', map: 'application/json' };
const MAX_BODY = 64 * 1024;

/**
 * The handset emulator for QA (development, or EMULATOR=1). It forges carrier headers and
 * gateway addresses by design, so every route is behind the QA gate (gateway/middleware/qa.ts).
 */
export function emulatorRoutes(s: Services, appRef: () => Hono<AppEnv>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', qaOnly(s));
  // Its page runs scripts (input modes, Ruffle) and shows the handset's page in a srcdoc frame,
  // which inherits this policy: only framing by others is refused.
  app.use('*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Content-Security-Policy')) setOnResponse(c, 'Content-Security-Policy', "frame-ancestors 'none'");
  });
  const origin = s.config.publicOrigin;
  const jars = new Map<string, Map<string, string>>();
  const recipients = new RecipientHandsets(s);
  /** The last page each handset's jar received: its exact bytes, for the source download. */
  const lastPages = new WeakMap<Map<string, string>, { bytes: Buffer; type: string }>();

  const jarFor = (c: Context<AppEnv>, handset: string) => {
    let id = requestCookie(c, 'ashiato_emu');
    if (!id || !/^[a-f0-9]{16}$/.test(id)) {
      id = randomBytes(8).toString('hex');
      setCookie(c, 'ashiato_emu', id, { path: '/emulator', httpOnly: true, sameSite: 'Strict' });
    }
    const key = `${id}:${handset}`;
    let jar = jars.get(key);
    if (!jar) {
      if (jars.size >= MAX_JARS) jars.delete(jars.keys().next().value as string);
      jar = new Map();
      jars.set(key, jar);
    }
    return jar;
  };

  const viewHref = (spec: HandsetSpec, id: string, gw: boolean) => (path: string) => withParams('/emulator/view', { h: spec.id, u: path, id, gw: gw ? '1' : '0' });

  /** The handset's page, readable in a PC browser: pictograms as Unicode (or their names), links back through the emulator. */
  function screenHtml(profile: DeviceProfile, bytes: Buffer, href: (path: string) => string, findings: Finding[], as: FlashHandset): { html: string; raw: string; stored: string } {
    let stored: string;
    try {
      stored = transcoderFor(profile.emojiForm, profile.charset).decode(bytes);
    } catch {
      findings.unshift({ level: 'error', message: `the page is not valid ${profile.charset}` });
      stored = profile.charset === 'UTF-8' ? bytes.toString('utf8') : iconv.decode(bytes, 'cp932');
    }
    const raw = profile.charset === 'UTF-8' ? bytes.toString('utf8') : iconv.decode(bytes, 'cp932');
    // Pictograms drawn as Unicode (or names), each marked with the carrier code this handset got.
    const shown = markPictograms(profile.emojiForm, stored).replace(/\s(href|action|src|data|value)="([^"]*)"/g, (m, attr: string, value: string) => {
      const url = value.replace(/&amp;/g, '&');
      const local = url.startsWith(origin) ? url.slice(origin.length) || '/' : url;
      // Images and Flash are fetched as the handset too (its session, its address), through /raw.
      const resource = attr === 'src' || attr === 'data' || (attr === 'value' && /\.swf(\?|$)/i.test(local)) || (attr === 'href' && /\.(css|ico)(\?|$)/i.test(local));
      if (attr === 'value' && !resource) return m;
      if (!local.startsWith('/') || local.startsWith('//')) return resource ? m : ` ${attr}="#" data-external="${value}"`;
      // A movie goes to Ruffle, which needs its Shift_JIS strings as UTF-8 (swf-text.ts).
      const movie = attr === 'data' || attr === 'value' ? '&ruffle=1' : '';
      const target = resource ? `${href(local).replace('/emulator/view?', '/emulator/raw?')}${movie}` : href(local);
      return ` ${attr}="${escapeHtml(target)}"`;
    });
    // A GET form's action loses its query when submitted, so the emulator's own parameters travel as
    // hidden fields (e_*) and /view rebuilds the handset's URL from the rest.
    const withGetForms = shown.replace(/<form\b([^>]*)>/gi, (tag, attrs: string) => {
      if (/method="post"/i.test(attrs)) return tag;
      const action = /action="([^"]*)"/i.exec(attrs)?.[1]?.replace(/&amp;/g, '&') ?? '';
      const q = new URL(action, origin).searchParams;
      if (!q.has('u')) return tag;
      const hiddenField = (n: string, v: string) => `<input type="hidden" name="${n}" value="${escapeHtml(v)}">`;
      return `<form${attrs.replace(/action="[^"]*"/i, 'action="/emulator/view"')}>${['h', 'u', 'id', 'gw'].map((k) => hiddenField(`e_${k}`, q.get(k) ?? '')).join('')}`;
    });
    // Flash Lite content plays in Ruffle, served from this machine (no network needed).
    const flash = /application\/x-shockwave-flash|\.swf/i.test(raw) ? ruffleLoader(as, origin) : '';
    // Keitai browsers draw with a few pixels of margin, not a PC's 8: a 232 px movie fits 240 px.
    const head = `<base target="_top"><style>body{margin:4px}.emu-codes .emu-pict{outline:1px dotted #c33}.emu-codes .emu-pict::after{content:attr(data-code);font:9px monospace;color:#c33;vertical-align:super}</style>${flash}${INPUT_MODES}`;
    const withBase = withGetForms.includes('<head>') ? withGetForms.replace('<head>', `<head>${head}`) : `${head}${withGetForms}`;
    return { html: withBase, raw, stored };
  }

  /** A GET form submitted in the screen: the handset's URL is the form's path plus its fields, in the handset's charset. */
  function fromGetForm(q: URLSearchParams): URLSearchParams {
    if (!q.has('e_u')) return q;
    const spec = handsetById(q.get('e_h') ?? '') ?? HANDSETS[0]!;
    const profile = profileOf(spec, s.config.carrierRanges);
    const t = transcoderFor(profile.emojiForm, profile.charset);
    const fields = [...q].filter(([k]) => !k.startsWith('e_')).map(([k, v]) => `${formEncode(t, k)}=${formEncode(t, typedPictograms(v, profile.emojiForm))}`);
    const base = (q.get('e_u') ?? '/').split('?')[0]!;
    return new URLSearchParams({ h: spec.id, u: fields.length ? `${base}?${fields.join('&')}` : base, id: q.get('e_id') ?? '', gw: q.get('e_gw') ?? '1' });
  }

  async function view(c: Context<AppEnv>, method: 'GET' | 'POST') {
    const q = fromGetForm(new URL(c.req.url).searchParams);
    const spec = handsetById(q.get('h') ?? '') ?? HANDSETS[0]!;
    let path = q.get('u') ?? '/';
    if (!path.startsWith('/') || path.startsWith('//')) path = '/';
    const gw = fromGatewayParam(q);
    const subscriberId = subscriberIdParam(q, spec);
    const profile = profileOf(spec, s.config.carrierRanges);
    let body: Buffer | undefined;
    if (method === 'POST') {
      const read = await readBoundedBody(c, MAX_BODY);
      if (!read.ok) return plainError(read.status, read.status === 413 ? 'form too large for the emulator' : 'form not received');
      const text = Buffer.from(read.bytes).toString('utf8');
      recipients.note(spec, subscriberId, new URLSearchParams(text));
      // The PC browser posted UTF-8; the handset would post its own charset (and pictogram bytes).
      const t = transcoderFor(profile.emojiForm, profile.charset);
      // Pictograms typed as this carrier's codes or references become its pictogram bytes (pictograms.ts).
      body = Buffer.from([...new URLSearchParams(text)].map(([k, v]) => `${formEncode(t, k)}=${formEncode(t, typedPictograms(v, profile.emojiForm))}`).join('&'), 'latin1');
    }
    if (method === 'GET') recipients.note(spec, subscriberId);
    const jar = jarFor(c, spec.id);
    const exchanges = await requestAsHandset(appRef(), origin, { spec, subscriberId: subscriberId || null, viaGateway: gw, jar, gatewayHeaders: gatewayHeadersOf(s, profile) }, profile, method, path, body);
    const last = exchanges[exchanges.length - 1]!;
    lastPages.set(jar, { bytes: last.bytes, type: last.responseHeaders.find(([k]) => k === 'content-type')?.[1] ?? '' });
    const href = viewHref(spec, subscriberId, gw);
    const findings: Finding[] = [];
    const screen = screenHtml(profile, last.bytes, href, findings, { handset: spec.id, id: subscriberId, gw });
    findings.push(...inspect(profile, exchanges, screen.raw, origin));
    const pictograms = pictogramsOn(profile.emojiForm, screen.stored);
    const source = { text: sourceText(profile.emojiForm, screen.stored), bytes: last.bytes.length, charset: profile.charset, href: withParams('/emulator/source', { h: spec.id }) };
    return c.html(
      emulatorPage({ handsets: HANDSETS, spec, profile, path: last.path, subscriberId, viaGateway: gw, exchanges, screenHtml: screen.html, findings, pictograms, palette: paletteOf(profile.emojiForm), source, viewHref: href, topHref: href(withSession('/', last.path)), billingConsole: s.sandbox ? '/sandbox/billing/console' : null }),
      200,
      { 'Cache-Control': 'no-store' },
    );
  }

  /** The exact bytes of the page this emulator window's handset received last (its source, to save). */
  app.get('/source', (c) => {
    const spec = handsetById(c.req.query('h') ?? '');
    const page = spec && lastPages.get(jarFor(c, spec.id));
    if (!spec || !page) return plainError(404, 'no page received yet on this handset');
    return c.body(page.bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/octet-stream', 'Content-Disposition': `attachment; filename="${spec.id}-page.html"`, 'Cache-Control': 'no-store' });
  });

  /** An image or SWF as the handset receives it (never a page: those go through /view). */
  app.get('/raw', async (c) => {
    const q = new URL(c.req.url).searchParams;
    const spec = handsetById(q.get('h') ?? '') ?? HANDSETS[0]!;
    const path = q.get('u') ?? '/';
    if (!path.startsWith('/') || path.startsWith('//')) return plainError(400, 'bad path');
    const gw = fromGatewayParam(q);
    const subscriberId = subscriberIdParam(q, spec);
    const profile = profileOf(spec, s.config.carrierRanges);
    const exchanges = await requestAsHandset(appRef(), origin, { spec, subscriberId: subscriberId || null, viaGateway: gw, jar: jarFor(c, spec.id), gatewayHeaders: gatewayHeadersOf(s, profile) }, profile, 'GET', path);
    const last = exchanges[exchanges.length - 1]!;
    const type = last.responseHeaders.find(([k]) => k === 'content-type')?.[1] ?? 'application/octet-stream';
    if (/html|xml/i.test(type) && !/svg/i.test(type)) return plainError(415, 'pages open in the emulator view');
    if (q.get('ruffle') === '1' && /shockwave-flash/i.test(type) && profile.charset !== 'UTF-8') return c.body(swfStringsToUtf8(last.bytes) as Uint8Array<ArrayBuffer>, last.status as 200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    return c.body(last.bytes as Uint8Array<ArrayBuffer>, last.status as 200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  });

  /** A movie's own request (rewritten by ruffleLoader): a page it opens goes to the view, data is fetched as the handset. */
  app.get('/flash/*', async (c) => {
    const url = new URL(c.req.url);
    const p = parseFlashPath(url.pathname, url.search);
    const spec = p && handsetById(p.h.handset);
    if (!p || !spec) return plainError(400, 'bad movie request');
    if (/^(iframe|frame|document)$/.test(requestHeader(c, 'sec-fetch-dest') ?? '')) return openInEmulator(p.h, p.path);
    const profile = profileOf(spec, s.config.carrierRanges);
    const exchanges = await requestAsHandset(appRef(), origin, { spec, subscriberId: p.h.id || null, viaGateway: p.h.gw, jar: jarFor(c, spec.id), gatewayHeaders: gatewayHeadersOf(s, profile) }, profile, 'GET', p.path);
    const last = exchanges[exchanges.length - 1]!;
    const type = last.responseHeaders.find(([k]) => k === 'content-type')?.[1] ?? 'application/octet-stream';
    // Ruffle reads the answer of a movie it was given as SWF 6 as UTF-8 (the handset got Shift_JIS).
    if (/^text\/plain;\s*charset=shift_jis/i.test(type)) return c.body(sjisFormToUtf8(last.bytes), last.status as 200, { 'Content-Type': 'text/plain; charset=UTF-8', 'Cache-Control': 'no-store' });
    return c.body(last.bytes as Uint8Array<ArrayBuffer>, last.status as 200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  });

  app.get('/ruffle/:file', async (c) => {
    const file = c.req.param('file');
    const ext = /^[\w.-]+\.(js|wasm|map)$/.exec(file)?.[1];
    if (!ext) return plainError(404, 'not found');
    const bytes = await readFile(join(RUFFLE_DIR, file)).catch(() => null);
    if (!bytes) return plainError(404, 'not found');
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': RUFFLE_TYPES[ext]!, 'Cache-Control': 'public, max-age=86400' });
  });

  app.get('/', (c) => view(c, 'GET'));
  app.get('/view', (c) => view(c, 'GET'));
  app.post('/view', (c) => view(c, 'POST'));

  // "Send a mail" as the handset into the posting listener.
  app.route('/mail', mailComposeRoutes(s));

  app.get('/outbox', async (c) => {
    const dir = s.config.mailOutbox;
    const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.eml')).sort().reverse().slice(0, 50);
    const mails = await Promise.all(
      files.map(async (f) => {
        const m = await simpleParser(await readFile(join(dir, f)));
        const to = Array.isArray(m.to) ? m.to.map((a) => a.text).join(', ') : (m.to?.text ?? '');
        // As the receiving phone shows it: its carrier's pictograms (drawn here as Unicode or names).
        const address = to.replace(/^.*<|>.*$/g, '').replace(/"/g, '');
        const carrier = carrierOfMail(address);
        const form = mailCarrierOf(address).mail.emojiForm;
        const shown = (t: string) => toReceiver(transcoderFor(form, 'UTF-8').decode(transcoderFor(form, 'UTF-8').encode(t)), 'unicode');
        // simpleParser has turned cid: images into data: URIs already.
        const html = typeof m.html === 'string' ? shown(m.html) : null;
        // Its links open on the recipient's handset (never with another member's subscriber ID).
        const opener = await recipients.handsetFor(address);
        const linkify = (text: string) =>
          text.replace(/https?:\/\/[^\s<]+/g, (u) => {
            const url = u.replace(/&amp;/g, '&');
            if (!url.startsWith(origin)) return u;
            const local = url.slice(origin.length) || '/';
            return `<a href="${escapeHtml(withParams('/emulator/view', { h: opener.spec.id, u: local, id: opener.id, gw: '1' }))}">${u}</a>`;
          });
        const date = m.date ? `${japanWallClock(m.date.getTime()).toISOString().slice(0, 16).replace('T', ' ')} (日本時間)` : f;
        return { date, to: `${to} (${carrier ?? 'PC'})`, subject: shown(m.subject ?? ''), text: shown(m.text ?? ''), html, opener: opener.spec.label, linkify };
      }),
    );
    return c.html(outboxPage(mails), 200, { 'Cache-Control': 'no-store' });
  });

  return app;
}

/** The sandbox carrier's gateway headers (SoftBank's X-JPHONE-REGISTERED on a billing return). */
function gatewayHeadersOf(s: Services, profile: DeviceProfile): (path: string) => Record<string, string> {
  return (path) => (s.sandbox ? s.sandbox.gatewayHeadersFor(profile.carrier, path) : {});
}
