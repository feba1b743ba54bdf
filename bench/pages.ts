/**
 * `npm run bench:pages`: what each signed-in page of the mixed keitai load costs in CPU,
 * in-process (no sockets, no load generator): the gateway on a SQLite file with the bench data
 * set, each page requested `BENCH_VIEWS` times per round as docomo (URL session, Shift_JIS),
 * au (cookie, Shift_JIS), SoftBank (UTF-8) and a smartphone; the figure is the process's CPU
 * time (user + system) per view, the best of several rounds (the least disturbed). CPU time is what another engineer's load on
 * the same machine disturbs least (wall time would count their work too).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../gateway/config.js';
import { boot } from '../gateway/bootstrap.js';
import { createApp } from '../gateway/app.js';
import { weekOf } from '../core/games/service.js';
import { populate } from './data.js';

const UA = {
  docomo: 'DoCoMo/2.0 N905i(c100;TB;W24H16)',
  au: 'KDDI-SH3I UP.Browser/6.2_7.2.7.1.K.4.306 (GUI) MMP/2.0',
  softbank: 'SoftBank/1.0/930SH/SHJ001/SN123456789012345 Browser/NetFront/3.4 Profile/MIDP-2.0 Configuration/CLDC-1.1',
  smartphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
};
const IP = { docomo: '210.153.84.1', au: '210.230.128.225', softbank: '123.108.237.1', smartphone: '127.0.0.1' };
const SUB = { docomo: ['X-DCMGUID', 'DEMO001'], au: ['X-UP-SUBNO', '00000000000001_aa.ezweb.ne.jp'], softbank: ['X-JPHONE-UID', 'cDEMO00000000001'] } as const;
type Kind = keyof typeof UA;

const VIEWS = Number(process.env.BENCH_VIEWS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ONLY = process.env.BENCH_PAGES ? new RegExp(process.env.BENCH_PAGES) : null;
// BENCH_KINDS=docomo,au: only those handsets (the others' cells print "-"), e.g. to profile one.
const KINDS = process.env.BENCH_KINDS ? new Set(process.env.BENCH_KINDS.split(',').map((k) => k.trim())) : null;
for (const k of KINDS ?? []) if (!(k in UA)) throw new Error(`BENCH_KINDS: no handset "${k}" (${Object.keys(UA).join(', ')})`);

const dir = mkdtempSync(join(tmpdir(), 'ashiato-bench-pages-'));
const config = loadConfig({ DATABASE_URL: process.env.BENCH_DB ?? `sqlite:${dir}/pages.db`, LOG_LEVEL: 'silent', MAIL_OUTBOX: `${dir}/outbox`, TRUST_PROXY: '127.0.0.1' });
// Statements run per view are counted (the table's last column, au); BENCH_QUERIES=1 also sums each
// statement's execution time (synchronous in better-sqlite3, so exact) by SQL; BENCH_TRACE=1 prints
// the statements of one au view of each page.
const queries = new Map<string, { n: number; ms: number }>();
let counting = false;
let statements = 0;
let trace: string[] | null = null;
{
  const { default: SQLite } = await import('better-sqlite3');
  const proto = Object.getPrototypeOf(new SQLite(':memory:').prepare('select 1')) as Record<string, (...a: unknown[]) => unknown>;
  const timing = !!process.env.BENCH_QUERIES;
  for (const m of ['all', 'get', 'run', 'iterate']) {
    const orig = proto[m]!;
    proto[m] = function (this: { source: string }, ...args: unknown[]) {
      statements++;
      trace?.push(this.source);
      if (!timing || !counting) return orig.apply(this, args);
      const t = performance.now();
      try {
        return orig.apply(this, args);
      } finally {
        const q = queries.get(this.source) ?? { n: 0, ms: 0 };
        q.n++;
        q.ms += performance.now() - t;
        queries.set(this.source, q);
      }
    };
  }
}
const booted = await boot(config, { logger: pino({ level: 'silent' }) });
try {
  const store = booted.services.store;
  await populate(store, Number(process.env.BENCH_MEMBERS ?? 2000));
  // Messages and game scores for the demo members (the bench data set has none).
  const now = Date.now();
  for (let i = 0; i < 40; i++) {
    for (const to of [1, 2, 3, 4]) await store.messages.insert({ fromId: 5 + ((i * 7 + to) % 2000), toId: to, subject: `件名${i}📩`, body: 'こんにちは'.repeat(10), createdAt: now - i * 60_000, readAt: i % 3 ? now : null, senderBox: 'sent', recipientBox: 'inbox' });
  }
  for (let k = 0; k < 2000; k++) for (const p of ['all', weekOf(now)]) await store.games.raiseBest('mash', p, 5 + k, (k * 37) % 200, now - k);
  const app = createApp(booted.services);
  const host = new URL(config.publicOrigin).host;
  const request = async (kind: Kind, path: string, cookie?: string, extra: Record<string, string> = {}, init: RequestInit = {}): Promise<Response> =>
    app.request(`${config.publicOrigin}${path}`, { ...init, headers: { Host: host, 'User-Agent': UA[kind], ...(cookie ? { Cookie: cookie } : {}), ...extra } }, { peerAddress: IP[kind] });

  /** Signs the demo member of `kind` in; returns how to open a path in that session. */
  async function signIn(kind: Kind): Promise<(path: string) => Promise<Response>> {
    let res: Response;
    if (kind === 'smartphone') {
      const cookie = (await request(kind, '/login')).headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const html = await (await request(kind, '/login', cookie)).text();
      const fields = [...html.matchAll(/<input[^>]*type="hidden"[^>]*>/g)].map((m) => `${/name="([^"]+)"/.exec(m[0])![1]}=${encodeURIComponent(/value="([^"]*)"/.exec(m[0])![1]!)}`);
      res = await request(kind, '/login', cookie, { 'Content-Type': 'application/x-www-form-urlencoded', Origin: config.publicOrigin }, { method: 'POST', body: [...fields, 'login=demo', 'password=ashiato-demo'].join('&') });
      if (res.status !== 302) throw new Error(`smartphone login: ${res.status}`);
      const c2 = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') || cookie;
      return (path) => request(kind, path, c2);
    }
    const [h, v] = SUB[kind];
    res = await request(kind, '/login/easy?guid=ON', undefined, { [h]: v });
    const loc = new URL(res.headers.get('location')!, config.publicOrigin);
    const sid = loc.searchParams.get('sid');
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    if (sid) return (path) => request(kind, `${path}${path.includes('?') ? '&' : '?'}sid=${sid}`);
    return (path) => request(kind, path, cookie);
  }

  const pages: [string, string][] = [
    ['top page', '/'],
    ["friend's diary entry", '/diary/6'],
    ['diary list', '/members/5/diary'],
    ['profile', '/members/5'],
    ['footprints', '/footprints'],
    ['messages', '/messages'],
    ['game ranking', '/games/mash/ranking'],
  ];
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const best = (xs: number[]) => Math.min(...xs);
  console.log(`in-process CPU ms per view (best of ${ROUNDS} rounds of ${VIEWS}), SQLite file, ${process.env.BENCH_MEMBERS ?? 2000} bench members`);
  console.log('page'.padEnd(24), ...(['docomo', 'au', 'softbank', 'smartphone'] as const).map((k) => k.padStart(11)), '  bytes (docomo)', ' statements (au)');
  const open: Record<Kind, (p: string) => Promise<Response>> = { docomo: await signIn('docomo'), au: await signIn('au'), softbank: await signIn('softbank'), smartphone: await signIn('smartphone') };
  // BENCH_PROF=<file>: a CPU profile of the measured views only (not of the data set's making).
  const prof = process.env.BENCH_PROF ? new Session() : null;
  if (prof) {
    prof.connect();
    await prof.post('Profiler.enable');
    await prof.post('Profiler.start');
  }
  for (const [name, path] of pages) {
    if (ONLY && !ONLY.test(name)) continue;
    const cells: string[] = [];
    let bytes: number | string = '-';
    let perView: number | string = '-';
    for (const kind of ['docomo', 'au', 'softbank', 'smartphone'] as const) {
      if (KINDS && !KINDS.has(kind)) {
        cells.push('-'.padStart(11));
        continue;
      }
      const go = open[kind];
      const first = await go(path);
      const body = new Uint8Array(await first.arrayBuffer());
      if (first.status !== 200) throw new Error(`${name} as ${kind}: ${first.status} ${Buffer.from(body).toString('latin1').slice(0, 200)}`);
      if (kind === 'docomo') bytes = body.length;
      for (let i = 0; i < VIEWS; i++) await (await go(path)).arrayBuffer(); // warm up
      if (kind === 'au') {
        const s0 = statements;
        if (process.env.BENCH_TRACE) trace = [];
        await (await go(path)).arrayBuffer();
        perView = statements - s0;
        if (trace) console.log(`-- ${name} (au): ${trace.length} statements\n${trace.map((q) => `   ${q.replace(/\s+/g, ' ').slice(0, 160)}`).join('\n')}`);
        trace = null;
      }
      const rounds: number[] = [];
      counting = true;
      for (let r = 0; r < ROUNDS; r++) {
        const t = cpu();
        for (let i = 0; i < VIEWS; i++) await (await go(path)).arrayBuffer();
        rounds.push((cpu() - t) / VIEWS);
      }
      cells.push(best(rounds).toFixed(3).padStart(11));
    }
    console.log(name.padEnd(24), ...cells, String(bytes).padStart(10), String(perView).padStart(16));
  }
  if (process.env.BENCH_QUERIES) for (const [q, t] of [...queries].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30)) console.log(String(t.n).padStart(6), `${((t.ms / t.n) * 1000).toFixed(1)} µs`.padStart(10), q.slice(0, 200));
  if (prof) writeFileSync(process.env.BENCH_PROF!, JSON.stringify((await prof.post('Profiler.stop')).profile));
} finally {
  await booted.close();
  rmSync(dir, { recursive: true, force: true });
}
