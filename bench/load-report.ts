/** What `bench:load` prints, per database and for the hello ceiling. */
import { MIX, percentile } from './load-driver.js';
import type { LoadResult } from './load-run.js';

const n = (x: number, digits = 0) => x.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mb = (bytes: number) => `${n(bytes / 1048576)} MB`;
const ms = (x: number) => n(x, 1);

export function pageViewsPerSecond(r: LoadResult): number {
  return r.stats.requests / r.seconds;
}

export function printRun(url: string, r: LoadResult, connections: number): void {
  const st = r.stats;
  const all = [...st.latencies].sort((a, b) => a - b);
  const signed = [...r.signedIn].map(([c, k]) => `${c} ${k}`).join(', ');
  console.log(`== ${url.replace(/\/\/[^@]*@/, '//***@')} — ${n(r.marker.members)} generated members (seed ${r.marker.seed})`);
  console.log(`signed in before the clock: ${signed} (${n(r.signInSeconds, 1)} s)`);
  console.log(`page views/s   ${n(pageViewsPerSecond(r))}   (${n(st.requests)} requests, form posts included, in ${n(r.seconds, 1)} s, ${connections} connections)`);
  console.log(`latency ms     p50 ${ms(percentile(all, 50))}   p95 ${ms(percentile(all, 95))}   p99 ${ms(percentile(all, 99))}   max ${ms(all[all.length - 1] ?? 0)}`);
  console.log(`errors         ${n(st.errors)} (${n((st.errors / Math.max(1, st.requests)) * 100, 2)}%)`);
  for (const [why, k] of [...st.reasons].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`    ${n(k).padStart(7)}  ${why}`);
  console.log(`${'action'.padEnd(12)} ${'mix'.padStart(4)} ${'share'.padStart(6)} ${'req/s'.padStart(8)} ${'p50'.padStart(7)} ${'p99'.padStart(7)} ${'errors'.padStart(7)}`);
  for (const [action, weight] of MIX) {
    const a = st.byAction.get(action);
    if (!a) continue;
    const l = [...a.latencies].sort((x, y) => x - y);
    console.log(`${action.padEnd(12)} ${`${weight}%`.padStart(4)} ${`${n((a.requests / Math.max(1, st.requests)) * 100, 1)}%`.padStart(6)} ${n(a.requests / r.seconds).padStart(8)} ${ms(percentile(l, 50)).padStart(7)} ${ms(percentile(l, 99)).padStart(7)} ${n(a.errors).padStart(7)}`);
  }
  const carriers = [...st.byCarrier].map(([c, v]) => `${c} ${n(v.bytes / Math.max(1, v.pages))} B (${n(v.requests)} req)`).join(' · ');
  console.log(`bytes per page ${carriers}`);
  const pv = Math.max(1, st.requests);
  console.log(`gateway        RSS ${mb(r.gateway.rssMax)} (max, all processes) · CPU ${ms(r.gateway.cpuMs / pv)} ms per page view (${n(r.gateway.cpuMs / 1000 / r.seconds, 2)} cores busy)`);
  console.log(`load driver    CPU ${ms(r.driverCpuMs / pv)} ms per request (${n(r.driverCpuMs / 1000 / r.seconds, 2)} cores busy; it shares the machine)`);
  if (r.database) console.log(`MariaDB        RSS ${mb(r.database.rssMax)} · CPU ${ms(r.database.cpuMs / pv)} ms per page view (${n(r.database.cpuMs / 1000 / r.seconds, 2)} cores busy)`);
  const slow = [...r.slow].sort((a, b) => b[1] - a[1]);
  console.log(`slow queries   ${n(slow.reduce((t, [, k]) => t + k, 0))} logged by the gateway (over SLOW_QUERY_MS, default 50 ms)`);
  for (const [q, k] of slow.slice(0, 5)) console.log(`    ${n(k).padStart(7)}  ${q.replace(/\s+/g, ' ').slice(0, 140)}`);
  console.log('');
}

export function printHello(h: { rps: number; p99: number; rss: number }, runs: [string, LoadResult][], connections: number): void {
  console.log(`plain Hono hello (same run, autocannon, ${connections} connections): ${n(h.rps)} req/s, p99 ${h.p99} ms, RSS ${mb(h.rss)}`);
  for (const [url, r] of runs) console.log(`  ${url.replace(/\/\/[^@]*@/, '//***@').padEnd(40)} mixed page views/s = ${n(pageViewsPerSecond(r) / Math.max(1, h.rps), 3)} of hello`);
}
