/**
 * `npm run bench`: figures for the targets in the README, measured over loopback.
 * The gateway runs in its own process; autocannon loads it from this one (2-core machine:
 * the load generator takes a share of the CPU, so figures are a floor, noted as such).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { codecFigures } from './codec.js';
import { billingFigures } from './billing.js';
import { adFigures } from './ads.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const PORT = 3900 + Math.floor(Math.random() * 50) * 2;
const UA = {
  docomo: 'DoCoMo/2.0 N905i(c100;TB;W24H16)',
  au: 'KDDI-SH3I UP.Browser/6.2_7.2.7.1.K.4.306 (GUI) MMP/2.0',
  softbank: 'SoftBank/1.0/930SH/SHJ001/SN123456789012345 Browser/NetFront/3.4 Profile/MIDP-2.0 Configuration/CLDC-1.1',
  pc: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36',
};
const IP = { docomo: '210.153.84.1', au: '210.230.128.225', softbank: '123.108.237.1' };

async function load(title: string, url: string, headers: Record<string, string> = {}) {
  const r = await autocannon({ url, connections: 32, duration: SECONDS, headers });
  const ok = r['2xx'];
  return { title, rps: Math.round(r.requests.average), p99: r.latency.p99, errors: r.errors + r.non2xx, ok };
}

async function signIn(carrier: 'docomo' | 'au' | 'softbank'): Promise<{ path: string; headers: Record<string, string> }> {
  const base = `http://127.0.0.1:${PORT}`;
  const sub: Record<string, [string, string]> = { docomo: ['X-DCMGUID', 'DEMO001'], au: ['X-UP-SUBNO', '00000000000001_aa.ezweb.ne.jp'], softbank: ['X-JPHONE-UID', 'cDEMO00000000001'] };
  const headers = { 'User-Agent': UA[carrier], 'X-Forwarded-For': IP[carrier] };
  const res = await fetch(`${base}/login/easy?guid=ON`, { headers: { ...headers, [sub[carrier]![0]]: sub[carrier]![1] }, redirect: 'manual' });
  const loc = new URL(res.headers.get('location')!);
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  return { path: `${loc.pathname}${loc.search}`, headers: cookie ? { ...headers, Cookie: cookie } : headers };
}

const dir = mkdtempSync(join(tmpdir(), 'ashiato-bench-'));
const server = fork(new URL('./server.ts', import.meta.url).pathname, [String(PORT), dir], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
try {
  await new Promise<void>((resolve, reject) => {
    server.once('message', () => resolve());
    server.once('exit', (code) => reject(new Error(`bench server exited ${code}`)));
  });
  console.log(`Ashiato bench — ${SECONDS}s per figure, 32 connections, loopback, gateway processes: ${process.env.BENCH_WORKERS ?? 1}, 2-core machine (load generator shares the CPU)\n`);
  const rows = [await load('plain Hono "hello" (ceiling)', `http://127.0.0.1:${PORT + 1}/`)];
  for (const c of ['docomo', 'au', 'softbank', 'pc'] as const) {
    rows.push(await load(`welcome page, ${c}`, `http://127.0.0.1:${PORT}/`, { 'User-Agent': UA[c], ...(c !== 'pc' ? { 'X-Forwarded-For': IP[c] } : {}) }));
  }
  rows.push(await load('hello + 30 µs of CPU (calibration)', `http://127.0.0.1:${PORT + 1}/spin30`));
  {
    // A signed-in request with no page: the pipeline and the session read alone (bench/server.ts).
    const s = await signIn('au');
    const url = `http://127.0.0.1:${PORT}/__bench/empty`;
    const said = await (await fetch(url, { headers: s.headers })).text();
    if (said !== 'member') throw new Error(`the empty signed-in route answered ${said}`);
    rows.push(await load('signed in, no page (au, calibration)', url, s.headers));
  }
  for (const c of ['docomo', 'au', 'softbank'] as const) {
    const s = await signIn(c);
    rows.push(await load(`top page (signed in), ${c}`, `http://127.0.0.1:${PORT}${s.path}`, s.headers));
  }
  // A friend's diary entry with comments (the demo docomo member reads a bench member's entry).
  const d = await signIn('docomo');
  const sid = new URL(d.path, 'http://x').searchParams.get('sid');
  rows.push(await load('diary entry view, docomo', `http://127.0.0.1:${PORT}/diary/6?sid=${sid}`, d.headers));
  rows.push(await load('community top page, docomo', `http://127.0.0.1:${PORT}/communities/3?sid=${sid}`, d.headers));
  rows.push(await load('topic, 1,000 comments (last page), docomo', `http://127.0.0.1:${PORT}/communities/3/topics/5?sid=${sid}`, d.headers));
  rows.push(await load('topic, 1,000 comments (page 1), docomo', `http://127.0.0.1:${PORT}/communities/3/topics/5?page=1&sid=${sid}`, d.headers));
  rows.push(await load('diary entry view, guest PC (public)', `http://127.0.0.1:${PORT}/diary/7`, { 'User-Agent': UA.pc }));
  console.log('page'.padEnd(36), 'req/s'.padStart(8), 'p99 ms'.padStart(8), 'non-2xx'.padStart(8), 'of hello'.padStart(9));
  for (const r of rows) console.log(r.title.padEnd(36), String(r.rps).padStart(8), String(r.p99).padStart(8), String(r.errors).padStart(8), (r.rps / rows[0]!.rps).toFixed(3).padStart(9));
  console.log('\ncodec (in-process, one core)');
  for (const f of codecFigures()) console.log(f.name.padEnd(36), `${f.mbPerS.toFixed(0)} MB/s`.padStart(12));
  server.kill();
  const ads = await adFigures();
  console.log('\nads (in-process, ms per page view, median of alternating rounds): campaign running / ended / difference (banner shown and counted)');
  for (const f of ads.pages) console.log(f.page.padEnd(36), `${f.withAds.toFixed(3)} ms`.padStart(10), `${f.without.toFixed(3)} ms`.padStart(10), `${(((f.withAds - f.without) / f.without) * 100).toFixed(1)}%`.padStart(8));
  const page = ads.pages[ads.pages.length - 1]!.without;
  console.log(`counting alone (pick + note per view): ${(ads.counting * 1000).toFixed(1)} µs = ${((ads.counting / page) * 100).toFixed(2)}% of a completion page view`);
  console.log('\nbilling notices per carrier, in its own protocol (in-process, SQLite file, 32 at a time, a third sent twice, 1 in 7 doubled)');
  for (const b of await billingFigures(dir, Number(process.env.BENCH_BILLING_MEMBERS ?? 500))) {
    console.log(`${b.carrier} (${b.protocol}): ${b.notices} notices for ${b.members} members × 12 months: ${b.perSecond}/s, refused ${b.refused}; ledger audit: granted twice ${b.grantedTwice}, lost ${b.lost}, balances off ${b.balanceMismatches}`);
  }
} finally {
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}
