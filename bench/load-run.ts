/**
 * One `bench:load` measurement on one generated database: start the gateway on it, sign members
 * in (before the clock starts), warm up, drive the mix for the given time, read what the gateway
 * (and a local MariaDB) used, stop. Returns figures; bench/load.ts prints them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { parseDatabaseUrl } from '../db/connection.js';
import type { ScaleCarrier, ScaleMarker } from '../scripts/scale/plan.js';
import { Client, Session } from './load-client.js';
import { Driver, type Stats } from './load-driver.js';
import { databaseServerPid, family, startGateway, startHello, usage } from './load-procs.js';
import { readTargets } from './load-targets.js';

export interface LoadOptions {
  databaseUrl: string;
  seconds: number;
  warmupSeconds: number;
  connections: number;
  members: number;
  workers: number;
  seed: number;
  port: number;
  /** Said on stderr while running (null: quiet). */
  say?: ((line: string) => void) | null;
}

export interface Usage {
  rssMax: number;
  cpuMs: number;
}

export interface LoadResult {
  marker: ScaleMarker;
  signedIn: Map<ScaleCarrier, number>;
  signInSeconds: number;
  seconds: number;
  stats: Stats;
  gateway: Usage;
  /** The local MariaDB/MySQL server, when the database is one. */
  database: Usage | null;
  /** Queries the gateway logged as slower than SLOW_QUERY_MS during the timed part, by SQL. */
  slow: Map<string, number>;
  /** CPU time of the load driver (this process) while driving. */
  driverCpuMs: number;
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const say = o.say ?? (() => {});
  const { marker, targets } = await readTargets(o.databaseUrl, o.members, o.seed);
  if (targets.length === 0) throw new Error('no generated member has friends with diary entries');
  const outbox = mkdtempSync(join(tmpdir(), 'ashiato-load-'));
  say(`starting the gateway (${o.workers} process${o.workers > 1 ? 'es' : ''}) on ${o.databaseUrl.replace(/\/\/[^@]*@/, '//***@')}`);
  const gw = await startGateway({ databaseUrl: o.databaseUrl, port: o.port, workers: o.workers, outbox });
  const client = new Client(o.port, o.connections);
  try {
    say(`signing in ${targets.length} members`);
    const began = performance.now();
    const sessions = targets.map((t, n) => new Session(t, n));
    for (let i = 0; i < sessions.length; i += 16) await Promise.all(sessions.slice(i, i + 16).map((s) => s.signIn(client)));
    const signInSeconds = (performance.now() - began) / 1000;
    const signedIn = new Map<ScaleCarrier, number>();
    for (const s of sessions) signedIn.set(s.carrier, (signedIn.get(s.carrier) ?? 0) + 1);
    if (o.warmupSeconds > 0) {
      say(`warming up ${o.warmupSeconds} s`);
      await new Driver(client, o.seed + 1).run(sessions, o.connections, performance.now() + o.warmupSeconds * 1000);
    }
    const parsed = parseDatabaseUrl(o.databaseUrl);
    // Every server the URL lists (a Galera cluster's nodes count together).
    const dbPids = parsed.dialect === 'mysql' ? parsed.urls.map((u) => databaseServerPid(Number(new URL(u).port || 3306))).filter((p): p is number => p !== null) : [];
    const pids = family(gw.pid);
    const gw0 = usage(pids);
    const db0 = dbPids.length ? usage(dbPids) : null;
    let gwRss = gw0.rss;
    let dbRss = db0?.rss ?? 0;
    const sampler = setInterval(() => {
      gwRss = Math.max(gwRss, usage(pids).rss);
      if (dbPids.length) dbRss = Math.max(dbRss, usage(dbPids).rss);
    }, 500);
    say(`driving the mix for ${o.seconds} s over ${o.connections} connections`);
    gw.slow.clear();
    const driver = new Driver(client, o.seed);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await driver.run(sessions, o.connections, t0 + o.seconds * 1000);
    const seconds = (performance.now() - t0) / 1000;
    const c1 = process.cpuUsage(c0);
    clearInterval(sampler);
    const gw1 = usage(pids);
    const db1 = dbPids.length ? usage(dbPids) : null;
    return {
      marker,
      signedIn,
      signInSeconds,
      seconds,
      stats: driver.stats,
      gateway: { rssMax: Math.max(gwRss, gw1.rss), cpuMs: gw1.cpuMs - gw0.cpuMs },
      database: db0 && db1 ? { rssMax: Math.max(dbRss, db1.rss), cpuMs: db1.cpuMs - db0.cpuMs } : null,
      slow: new Map(gw.slow),
      driverCpuMs: (c1.user + c1.system) / 1000,
    };
  } finally {
    client.close();
    await gw.stop();
    rmSync(outbox, { recursive: true, force: true });
  }
}

/** The plain Hono hello's rate with autocannon, same connections, its own processes. */
export async function helloRate(port: number, workers: number, connections: number, seconds: number): Promise<{ rps: number; p99: number; rss: number }> {
  const hello = await startHello(port, workers);
  try {
    // Warmed up first, as the gateway is: a fresh process runs cold for its first second or so.
    await autocannon({ url: `${hello.base}/`, connections, duration: 2 });
    const r = await autocannon({ url: `${hello.base}/`, connections, duration: seconds });
    return { rps: r.requests.average, p99: r.latency.p99, rss: usage(family(hello.pid)).rss };
  } finally {
    await hello.stop();
  }
}
