/**
 * `bench:load`'s handsets: one keep-alive HTTP agent over loopback, and per signed-in member what
 * its handset sends (User-Agent, the carrier gateway's address in X-Forwarded-For, cookies or the
 * URL session `sid`), in its charset (Shift_JIS for docomo and au, UTF-8 for the rest).
 */
import http from 'node:http';
import iconv from 'iconv-lite';
import { emojiTables } from '../emoji/tables.js';
import type { ScaleCarrier } from '../scripts/scale/plan.js';
import { SCALE_PASSWORD, scaleLogin, SUBSCRIBER_HEADER, subscriberIdOf } from '../scripts/scale/plan.js';
import type { Target } from './load-targets.js';

export const HANDSETS: Record<ScaleCarrier, { ua: string; sjis: boolean; ip: (n: number) => string }> = {
  docomo: { ua: 'DoCoMo/2.0 N905i(c100;TB;W24H16)', sjis: true, ip: (n) => `210.153.84.${1 + (n % 254)}` },
  au: { ua: 'KDDI-SH3I UP.Browser/6.2_7.2.7.1.K.4.306 (GUI) MMP/2.0', sjis: true, ip: (n) => `210.230.128.${224 + (n % 16)}` },
  softbank: { ua: 'SoftBank/1.0/930SH/SHJ001/SN123456789012345 Browser/NetFront/3.4 Profile/MIDP-2.0 Configuration/CLDC-1.1', sjis: false, ip: (n) => `123.108.237.${n % 32}` },
  smartphone: { ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 3_0 like Mac OS X) AppleWebKit/528.18 (KHTML, like Gecko) Version/4.0 Mobile/7A341 Safari/528.16', sjis: false, ip: (n) => `203.0.113.${1 + (n % 254)}` },
};

export interface Reply {
  status: number;
  location: string | null;
  setCookies: string[];
  body: Buffer;
  ms: number;
}

export class Client {
  readonly agent: http.Agent;
  constructor(
    readonly port: number,
    sockets: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }

  request(method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<Reply> {
    const began = performance.now();
    return new Promise((resolve, reject) => {
      const h: Record<string, string | number> = { Host: `127.0.0.1:${this.port}`, ...headers };
      if (body) {
        h['Content-Type'] = 'application/x-www-form-urlencoded';
        h['Content-Length'] = body.length;
      }
      const req = http.request({ host: '127.0.0.1', port: this.port, method, path, headers: h, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const sc = res.headers['set-cookie'] ?? [];
          resolve({ status: res.statusCode ?? 0, location: res.headers.location ?? null, setCookies: sc, body: Buffer.concat(chunks), ms: performance.now() - began });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.on('socket', (s) => s.setNoDelay(true));
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface Form {
  action: string;
  fields: [string, string][];
}

const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"');

/** The post form whose action matches, with its hidden fields (all ASCII: read as latin1). */
export function formOf(page: Buffer, action: RegExp): Form | null {
  const html = page.toString('latin1');
  for (const m of html.matchAll(/<form\b[^>]*\baction="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)) {
    if (!action.test(m[1]!)) continue;
    const fields: [string, string][] = [];
    for (const i of m[2]!.matchAll(/<input\b([^>]*)>/g)) {
      if (!/type="hidden"/.test(i[1]!)) continue;
      const name = /\bname="([^"]*)"/.exec(i[1]!)?.[1];
      if (name) fields.push([name, unescape(/\bvalue="([^"]*)"/.exec(i[1]!)?.[1] ?? '')]);
    }
    return { action: unescape(m[1]!), fields };
  }
  return null;
}

const sun = (c: ScaleCarrier) => [...emojiTables().pictograms[c === 'smartphone' ? 'docomo' : c].values()].find((p) => p.internal === '☀️')!;

/** Typed text as the handset posts it: its charset, its pictogram (the sun) in its own code. */
export function typed(carrier: ScaleCarrier, text: string): Buffer {
  if (carrier === 'smartphone') return Buffer.from(`${text}☀️`, 'utf8');
  const p = sun(carrier);
  if (!HANDSETS[carrier].sjis) return Buffer.from(text + String.fromCharCode(p.pua), 'utf8');
  return Buffer.concat([iconv.encode(text, 'cp932'), Buffer.from([p.sjis! >> 8, p.sjis! & 0xff])]);
}

const pct = (b: Buffer) => [...b].map((x) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(x)) ? String.fromCharCode(x) : `%${x.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

export function formBody(fields: [string, string][], extra: [string, Buffer][]): Buffer {
  return Buffer.from([...fields.map(([k, v]) => `${pct(Buffer.from(k))}=${pct(Buffer.from(v))}`), ...extra.map(([k, v]) => `${pct(Buffer.from(k))}=${pct(v)}`)].join('&'));
}

/** One signed-in member's handset. */
export class Session {
  readonly cookies = new Map<string, string>();
  sid: string | null = null;
  /** The comment form of the last friend's entry this member opened (used by the next comment). */
  stash: { entry: number; form: Form } | null = null;
  readonly headers: Record<string, string>;

  constructor(
    readonly target: Target,
    n: number,
  ) {
    const h = HANDSETS[target.carrier];
    this.headers = { 'User-Agent': h.ua, 'X-Forwarded-For': h.ip(n) };
  }

  get carrier(): ScaleCarrier {
    return this.target.carrier;
  }

  /** The address as the gateway's links give it: the session in the URL for cookie-less handsets. */
  url(path: string): string {
    return this.sid ? `${path}${path.includes('?') ? '&' : '?'}sid=${this.sid}` : path;
  }

  send(client: Client, method: string, path: string, body?: Buffer): Promise<Reply> {
    const h = this.cookies.size ? { ...this.headers, Cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : this.headers;
    return client.request(method, path, h, body).then((r) => {
      for (const c of r.setCookies) {
        const [kv] = c.split(';');
        const at = kv!.indexOf('=');
        if (/max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(kv!.slice(0, at));
        else this.cookies.set(kv!.slice(0, at), kv!.slice(at + 1));
      }
      return r;
    });
  }

  /** Signs in as the member would: easy login on a carrier handset, the password on a smartphone. */
  async signIn(client: Client): Promise<void> {
    const c = this.carrier;
    let r: Reply;
    if (c === 'smartphone') {
      const page = await this.send(client, 'GET', '/login');
      const form = formOf(page.body, /^\/login/);
      if (!form) throw new Error(`no login form (${page.status})`);
      r = await this.send(client, 'POST', form.action, formBody(form.fields, [['login', Buffer.from(scaleLogin(this.target.memberId))], ['password', Buffer.from(SCALE_PASSWORD)]]));
    } else {
      const h = { ...this.headers, [SUBSCRIBER_HEADER[c]]: subscriberIdOf(this.target.memberId, c) };
      r = await client.request('GET', c === 'docomo' ? '/login/easy?guid=ON' : '/login/easy', h);
      for (const sc of r.setCookies) {
        const [kv] = sc.split(';');
        this.cookies.set(kv!.slice(0, kv!.indexOf('=')), kv!.slice(kv!.indexOf('=') + 1));
      }
    }
    if (r.status !== 302 || !r.location) throw new Error(`member ${this.target.memberId} (${c}) was not signed in: ${r.status} ${r.body.toString('latin1').slice(0, 200)}`);
    this.sid = new URL(r.location, 'http://x').searchParams.get('sid');
    if (!this.sid && this.cookies.size === 0) throw new Error(`member ${this.target.memberId} (${c}): no session in the answer`);
    // And lands where the sign-in sends a member: the top page (so a member's first top page of
    // the run is not counted as a cold one, as a member who just signed in has seen it).
    const landed = await this.send(client, 'GET', r.location.replace(/^https?:\/\/[^/]+/, ''));
    if (landed.status !== 200) throw new Error(`member ${this.target.memberId} (${c}): the page after sign-in answered ${landed.status}`);
  }
}
