/**
 * `npm run bench:cluster`: the same pages and writes on SQLite, on the single MariaDB server, on
 * one gateway over the Galera cluster, and on two gateway processes over it (each preferring its
 * own node), loaded with autocannon over loopback as `npm run bench` does. Needs the cluster
 * (`npm run cluster`) and MYSQL_URL for the single server (default the shared one on 3306).
 * Everything runs on this one machine: the figures show what synchronous replication costs a
 * request, not what more machines would add (see README, "Running past one machine").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import mysql from 'mysql2/promise';
import pino from 'pino';
import { loadConfig } from '../gateway/config.js';
import { boot } from '../gateway/bootstrap.js';
import { companyGateway } from '../carriers/billing-company.js';
import { monthOf } from '../core/course/service.js';
import { clusterUrl } from '../scripts/cluster.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 32;
const SECRET_KEY = 'bench-cluster-secret-bench-cluster-secret';
const BILLING_SECRET = 'bench-billing-key-bench-billing-key-0123456789';
const CONTRACTS = 200;
const UA = 'DoCoMo/2.0 N905i(c100;TB;W24H16)';
const IP = '210.153.84.1';
const dir = mkdtempSync(join(tmpdir(), 'ashiato-bench-cluster-'));
const env = (url: string, port: number) => ({
  ...process.env, PORT: String(port), DATABASE_URL: url, SECRET_KEY, BILLING_SECRETS: `docomo=${BILLING_SECRET}`, BILLING_PROTOCOLS: 'docomo=company', TRUST_PROXY: '127.0.0.1,::1',
  EMULATOR: '0', BILLING_SANDBOX: '0', LOG_LEVEL: 'info', MAIL_IN_PORT: '0', MAIL_OUTBOX: join(dir, 'outbox'), PUBLIC_ORIGIN: `http://127.0.0.1:${port}`,
});

/** The demo set plus members with point-course contracts (the billing notices renew and fail them). */
async function prepare(url: string): Promise<void> {
  const booted = await boot(loadConfig({ ...env(url, 3000), LOG_LEVEL: 'silent' }), { logger: pino({ level: 'silent' }) });
  const s = booted.services;
  const now = Date.now();
  for (let i = 0; i < CONTRACTS; i++) {
    const id = await s.store.members.insert({ login: `bc${i}`, nickname: `bc${i}`, passwordHash: 'x', birthDate: '1990-01-01', mail: null, mailVerifiedAt: now, status: 'active', invitedBy: null, createdAt: now });
    const order = await s.course.startOrder(id, 'docomo', 'join');
    await s.course.apply('docomo', { id: `reg-${i}`, type: 'registered', order: order.token, contract: `bc-${i}`, month: monthOf(now), amountYen: 315 });
  }
  await booted.close();
}

function gateway(url: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/main.ts'], { env: env(url, port), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${out}`)), 60_000);
    const seen = (d: Buffer) => {
      out += d;
      if (/Ashiato gateway listening/.test(out)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.once('exit', (code) => reject(new Error(`gateway exited ${code}:\n${out}`)));
  });
}

/** The demo docomo member's top page (with its session) and a friend's diary entry from it. */
async function signedIn(base: string): Promise<{ top: string; entry: string }> {
  const r = await fetch(`${base}/login/easy?guid=ON`, { headers: { 'User-Agent': UA, 'X-Forwarded-For': IP, 'X-DCMGUID': 'DEMO001' }, redirect: 'manual' });
  const top = new URL(r.headers.get('location')!);
  const page = await (await fetch(top, { headers: { 'User-Agent': UA, 'X-Forwarded-For': IP } })).text();
  const entry = /\/diary\/(\d+)/.exec(page)?.[1];
  const sid = top.searchParams.get('sid');
  return { top: `${top.pathname}${top.search}`, entry: `/diary/${entry}?sid=${sid}` };
}

let noticeSeq = 0;
const signer = companyGateway('docomo', Buffer.from(BILLING_SECRET), '');
/** A renewal or failed payment for the next contract in turn (every request a new notice). */
function nextNotice(): { body: string; headers: Record<string, string> } {
  const i = noticeSeq++;
  const contract = `bc-${i % CONTRACTS}`;
  const month = monthOf(Date.now());
  const id = `bench-${process.pid}-${i}`;
  const body = JSON.stringify(Math.floor(i / CONTRACTS) % 2 === 0 ? { id, type: 'payment_failed', contract, month } : { id, type: 'renewed', contract, month, amount: 315 });
  return { body, headers: { 'Content-Type': 'application/json', 'X-Carrier-Signature': signer.sign(body, Date.now()) } };
}

type Figure = { rps: number; p99: number; errors: number };
/** Loads every base URL at once (connections shared out) and adds their figures up. */
async function load(bases: string[], path: (b: string) => string, headers: Record<string, string>, post = false): Promise<Figure> {
  const rs = await Promise.all(
    bases.map((b) =>
      autocannon({
        url: b, connections: CONNECTIONS / bases.length, duration: SECONDS,
        requests: [post ? { method: 'POST', path: path(b), setupRequest: (req) => ({ ...req, ...nextNotice() }) } : { method: 'GET', path: path(b), headers }],
      }),
    ),
  );
  return { rps: rs.reduce((n, r) => n + Math.round(r.requests.average), 0), p99: Math.max(...rs.map((r) => r.latency.p99)), errors: rs.reduce((n, r) => n + r.errors + r.non2xx, 0) };
}

async function target(name: string, urls: string[]): Promise<Record<string, string | Figure>> {
  console.log(`${name}…`);
  await prepare(urls[0]!);
  const ports = urls.map((_, i) => 3960 + i);
  const procs: ChildProcess[] = [];
  try {
    for (const [i, url] of urls.entries()) procs.push(await gateway(url, ports[i]!));
    const bases = ports.map((p) => `http://127.0.0.1:${p}`);
    const pages = new Map<string, { top: string; entry: string }>();
    for (const b of bases) pages.set(b, await signedIn(b));
    const headers = { 'User-Agent': UA, 'X-Forwarded-For': IP };
    return {
      target: name,
      'top page (reads)': await load(bases, (b) => pages.get(b)!.top, headers),
      'diary entry (reads + footprint write)': await load(bases, (b) => pages.get(b)!.entry, headers),
      'billing notice (write transaction)': await load(bases, () => '/billing/notify/docomo', {}, true),
    };
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
  }
}

let made = 0;
async function mysqlDatabase(admin: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `ashiato_bench_${process.pid}_${++made}`;
  const first = admin.replace(/^(mysql:\/\/[^@/]*@)?([^,/]+)[^/]*/, '$1$2');
  const c = await mysql.createConnection({ uri: first });
  await c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await c.end();
  return {
    url: admin.replace(/^(mysql:\/\/[^/]*)(\/.*)?$/, `$1/${name}`),
    drop: async () => {
      const d = await mysql.createConnection({ uri: first });
      await d.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await d.end();
    },
  };
}

const rows: Record<string, string | Figure>[] = [];
const dbs: { drop(): Promise<void> }[] = [];
try {
  rows.push(await target('SQLite, 1 gateway process', [`sqlite:${join(dir, 'bench.db')}`]));
  const single = await mysqlDatabase(process.env.MYSQL_URL ?? 'mysql://ashiato:ashiato@127.0.0.1:3306/');
  dbs.push(single);
  rows.push(await target('MariaDB (one server), 1 gateway process', [single.url]));
  const c1 = await mysqlDatabase(clusterUrl([1, 2, 3], ''));
  dbs.push(c1);
  rows.push(await target('Galera (3 nodes), 1 gateway process', [c1.url]));
  const c2 = await mysqlDatabase(clusterUrl([1, 2, 3], ''));
  dbs.push(c2);
  rows.push(await target('Galera (3 nodes), 2 gateway processes', [c2.url, c2.url.replace(/@[^/]+\//, `@${clusterUrl([2, 3, 1], '').split('@')[1]!.replace(/\/$/, '')}/`)]));
  console.log(`Ashiato cluster bench — ${SECONDS}s per figure, ${CONNECTIONS} connections in all, loopback, one 2-core machine (gateways, database nodes and load generator share it)\n`);
  const columns = Object.keys(rows[0]!).filter((k) => k !== 'target');
  console.log('| target | ' + columns.map((c) => `${c}: req/s, p99 ms`).join(' | ') + ' |');
  console.log('|---|' + columns.map(() => '---').join('|') + '|');
  for (const r of rows) console.log(`| ${r.target} | ` + columns.map((c) => { const f = r[c] as Figure; return `${f.rps}, ${f.p99}${f.errors ? ` (${f.errors} non-2xx)` : ''}`; }).join(' | ') + ' |');
} finally {
  for (const d of dbs) await d.drop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}
