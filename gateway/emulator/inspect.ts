import type { DeviceProfile } from '../../carriers/index.js';
import type { Exchange } from './proxy.js';

export interface Finding {
  level: 'error' | 'warn' | 'info';
  message: string;
}

/** Tags a cHTML (i-mode) browser does not know; they show as text or break the page. */
const NOT_CHTML = ['script', 'style', 'iframe', 'table', 'frame', 'frameset', 'button', 'label', 'span', 'video', 'audio', 'canvas'];

/** What QA should know about one response, as the handset received it. */
export function inspect(profile: DeviceProfile, exchanges: Exchange[], html: string, origin: string): Finding[] {
  const out: Finding[] = [];
  const last = exchanges[exchanges.length - 1]!;
  for (const x of exchanges) {
    const loc = x.responseHeaders.find(([k]) => k === 'location')?.[1];
    if (loc && profile.absoluteRedirects && !/^https?:\/\//.test(loc)) out.push({ level: 'error', message: `redirect to a relative Location (${loc}): this handset needs an absolute URL` });
  }
  const size = last.bytes.length;
  out.push({
    level: size > profile.maxPageBytes ? 'error' : 'info',
    message: `${size} bytes of ${profile.maxPageBytes} allowed (${Math.round((size / profile.maxPageBytes) * 100)}%)`,
  });
  const ctype = last.responseHeaders.find(([k]) => k === 'content-type')?.[1] ?? '';
  const want = `${profile.contentType}; charset=${profile.charset}`;
  if (last.status !== 302 && ctype.toLowerCase() !== want.toLowerCase()) out.push({ level: 'warn', message: `Content-Type is "${ctype}", this handset expects "${want}"` });
  if (profile.markup === 'chtml') {
    const bad = NOT_CHTML.filter((t) => new RegExp(`<${t}\\b`, 'i').test(html));
    if (bad.length) out.push({ level: 'warn', message: `tags cHTML lacks: ${bad.join(', ')}` });
  }
  if (profile.markup === 'xhtml-mp') {
    const open = html.match(/<(br|hr|img|input|meta)\b(?:[^>]*[^/>])?>/gi);
    if (open) out.push({ level: 'error', message: `void elements not closed for XHTML: ${open.slice(0, 3).join(' ')}` });
  }
  const links = [...html.matchAll(/<a\b([^>]*)>/gi)].map((m) => m[1]!);
  if (links.length >= 3 && !links.some((a) => /accesskey=/i.test(a))) out.push({ level: 'warn', message: `${links.length} links and no accesskey: no keypad shortcuts` });
  for (const a of links) {
    const href = /href="([^"]*)"/i.exec(a)?.[1] ?? '';
    if (/^https?:\/\//i.test(href) && !href.startsWith(origin) && /[?&](sid|session)=/i.test(href)) out.push({ level: 'error', message: `session ID leaves the site in ${href}` });
  }
  const inputs = [...html.matchAll(/<(?:input|textarea)\b([^>]*)>/gi)].map((m) => m[1]!).filter((a) => !/type="(hidden|submit|password)"/i.test(a));
  for (const a of inputs) {
    const mode = /(istyle|format|mode|inputmode)="([^"]*)"/i.exec(a);
    const name = /name="([^"]*)"/i.exec(a)?.[1] ?? '?';
    out.push({ level: 'info', message: `field ${name}: ${mode ? `${mode[1]}="${mode[2]}"` : 'no input mode'}` });
  }
  return out;
}
