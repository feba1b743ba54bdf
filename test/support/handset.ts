import iconv from 'iconv-lite';
import { expect } from 'vitest';
import type { TestGateway } from './gateway.js';

/** Real handset User-Agents, one per carrier generation. */
export const UA = {
  docomo: 'DoCoMo/2.0 N905i(c100;TB;W24H16)',
  docomo2: 'DoCoMo/2.0 P07A3(c500;TB;W24H15)',
  docomoMova: 'DoCoMo/1.0/D505i/c20/TC/W20H10',
  docomo501: 'DoCoMo/1.0/P501i',
  au: 'KDDI-SH3I UP.Browser/6.2_7.2.7.1.K.4.306 (GUI) MMP/2.0',
  softbank: 'SoftBank/1.0/930SH/SHJ001/SN123456789012345 Browser/NetFront/3.4 Profile/MIDP-2.0 Configuration/CLDC-1.1',
  jphone: 'J-PHONE/2.0/J-DN02',
  willcom: 'Mozilla/3.0(WILLCOM;KYOCERA/WX320K/2;1.2.2.16.000000/0.1/C100) Opera 7.0',
  iphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 3_0 like Mac OS X) AppleWebKit/528.18 (KHTML, like Gecko) Version/4.0 Mobile/7A341 Safari/528.16',
  pc: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
} as const;

export const CARRIER_IP = { docomo: '210.153.84.1', au: '210.230.128.225', softbank: '123.108.237.1', willcom: '114.20.49.1' } as const;
export const NOT_CARRIER_IP = '198.51.100.7';

export interface ParsedForm {
  action: string;
  method: string;
  fields: Record<string, string>;
  names: string[];
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Forms on a page, with the values a browser would submit by default. */
export function parseForms(html: string): ParsedForm[] {
  const forms: ParsedForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const f: ParsedForm = { action: unescape(attr(m[1]!, 'action') ?? ''), method: (attr(m[1]!, 'method') ?? 'get').toLowerCase(), fields: {}, names: [] };
    for (const t of m[2]!.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>|<(input|select)\b([^>]*)>/g)) {
      const tag = t[3] ?? 'textarea';
      const attrs = t[1] ?? t[4]!;
      const name = attr(attrs, 'name');
      if (!name) continue;
      f.names.push(name);
      const type = attr(attrs, 'type') ?? 'text';
      if (tag === 'textarea') f.fields[name] = unescape(t[2] ?? '');
      else if (tag === 'select') {
        // A browser submits the selected option, else the first.
        const body = m[2]!.slice(t.index! + t[0].length).split('</select>')[0]!;
        const options = [...body.matchAll(/<option\b([^>]*)>/g)].map((o) => o[1]!);
        const chosen = options.find((o) => /\sselected/.test(o)) ?? options[0];
        if (chosen !== undefined) f.fields[name] = unescape(attr(chosen, 'value') ?? '');
      }
      else if (tag === 'input' && type !== 'submit' && type !== 'checkbox' && type !== 'radio') f.fields[name] = unescape(attr(attrs, 'value') ?? '');
    }
    forms.push(f);
  }
  return forms;
}

export function parseLinks(html: string): string[] {
  return [...html.matchAll(/<a\b[^>]*\shref="([^"]*)"/g)].map((m) => unescape(m[1]!));
}

export interface Page {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
  text: string;
  url: string;
}

/** Browses the in-process gateway as one handset: UA, address, subscriber header, cookies or not. */
export class Handset {
  readonly cookies = new Map<string, string>();
  last!: Page;
  constructor(
    private readonly gw: TestGateway,
    readonly ua: string,
    readonly o: { ip?: string; subscriber?: [string, string]; keepsCookies?: boolean; headers?: Record<string, string> } = {},
  ) {}

  private headersFor(path: string): Record<string, string> {
    const h: Record<string, string> = { 'User-Agent': this.ua, ...(this.o.headers ?? {}) };
    if (this.o.subscriber) {
      const [name, value] = this.o.subscriber;
      if (name.toLowerCase() !== 'x-dcmguid' || /[?&]guid=on\b/i.test(path)) h[name] = value;
    }
    if (this.o.keepsCookies && this.cookies.size) h.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return h;
  }

  async open(method: string, path: string, body?: Uint8Array | string, contentType?: string, follow = true): Promise<Page> {
    const local = path.startsWith(this.gw.origin) ? path.slice(this.gw.origin.length) : path;
    const headers = this.headersFor(local);
    if (contentType) headers['Content-Type'] = contentType;
    const res = await this.gw.request(method, local, { headers, ...(body !== undefined ? { body } : {}), peer: this.o.ip ?? '127.0.0.1' });
    if (this.o.keepsCookies) {
      for (const c of res.headers.getSetCookie()) {
        const [kv] = c.split(';');
        const [k, v] = kv!.split('=');
        if (/max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(k!);
        else this.cookies.set(k!, v ?? '');
      }
    }
    const bytes = new Uint8Array(await res.arrayBuffer());
    const cs = /charset=([\w-]+)/i.exec(res.headers.get('content-type') ?? '')?.[1]?.toLowerCase() ?? 'utf-8';
    const text = cs === 'shift_jis' ? iconv.decode(Buffer.from(bytes), 'cp932') : Buffer.from(bytes).toString('utf8');
    this.last = { status: res.status, headers: res.headers, bytes, text, url: local };
    const loc = res.headers.get('location');
    if (follow && res.status >= 300 && res.status < 400 && loc) return this.open('GET', loc);
    return this.last;
  }

  get(path: string, follow = true) {
    return this.open('GET', path, undefined, undefined, follow);
  }

  /** Submits a form as the handset would: hidden fields kept, values encoded in the page's charset. */
  submit(form: ParsedForm, values: Record<string, string | Uint8Array>, follow = true): Promise<Page> {
    const sjis = /shift_jis/i.test(this.last.headers.get('content-type') ?? '');
    const enc = (v: string | Uint8Array) => (typeof v === 'string' ? (sjis ? iconv.encode(v, 'cp932') : Buffer.from(v, 'utf8')) : Buffer.from(v));
    const pairs = Object.entries({ ...form.fields, ...values }).map(([k, v]) => `${encodeURIComponent(k)}=${[...enc(v)].map((b) => '%' + b.toString(16).padStart(2, '0')).join('')}`);
    const body = pairs.join('&');
    const action = form.action || this.last.url;
    if (form.method === 'post') return this.open('POST', action, body, 'application/x-www-form-urlencoded', follow);
    return this.open('GET', `${action}${action.includes('?') ? '&' : '?'}${body}`, undefined, undefined, follow);
  }

  form(field: string): ParsedForm {
    const f = parseForms(this.last.text).find((x) => x.names.includes(field));
    if (!f) throw new Error(`no form with field ${field} on ${this.last.url}: ${this.last.text.slice(0, 300)}`);
    return f;
  }

  /** The form whose action matches the pattern (for pages with several forms of the same fields). */
  formTo(action: RegExp): ParsedForm {
    const f = parseForms(this.last.text).find((x) => action.test(x.action));
    if (!f) throw new Error(`no form posting to ${action} on ${this.last.url}`);
    return f;
  }

  links(): string[] {
    return parseLinks(this.last.text);
  }

  async follow(pattern: RegExp): Promise<Page> {
    const href = this.links().find((l) => pattern.test(l));
    if (!href) throw new Error(`no link matching ${pattern} on ${this.last.url}`);
    return this.get(href);
  }

  /** A signed-in page links to member functions; the welcome page does not. */
  signedIn(): boolean {
    return this.last.status === 200 && this.links().some((l) => /\/(diary\/new|footprints)\b/.test(l));
  }

  async passwordLogin(login: string, password: string): Promise<Page> {
    await this.get('/login');
    return this.submit(this.form('password'), { login, password });
  }

  async easyLogin(): Promise<Page> {
    await this.get('/');
    const href = this.links().find((l) => l.includes('/login/easy')) ?? '/login/easy';
    return this.get(href);
  }
}

/** Demo members' easy-login headers (../shared/contract.md). */
export const DEMO_SUBSCRIBER = {
  docomo: ['X-DCMGUID', 'DEMO001'],
  au: ['X-UP-SUBNO', '00000000000001_aa.ezweb.ne.jp'],
  softbank: ['X-JPHONE-UID', 'cDEMO00000000001'],
} as const satisfies Record<string, [string, string]>;

/** Ten wrong passwords for `login` from `h` (each a 401); then even the right one is refused (429) and `h` stays signed out. */
export async function expectPasswordThrottled(h: Handset, login: string, rightPassword: string) {
  for (let i = 0; i < 10; i++) {
    await h.passwordLogin(login, `wrong-${i}`);
    expect(h.last.status).toBe(401);
  }
  await h.passwordLogin(login, rightPassword);
  expect(h.last.status).toBe(429);
  expect(h.signedIn()).toBe(false);
}
