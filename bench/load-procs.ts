/**
 * The processes `bench:load` measures: the gateway as `npm start` runs it (gateway/main.ts, its
 * own process or WORKERS processes) and a plain Hono hello from the same node_modules; and what
 * they cost, read from /proc (resident memory, CPU time of the process and its workers).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface Served {
  pid: number;
  base: string;
  output(): string;
  /** Queries the gateway logged as slow (SLOW_QUERY_MS), by SQL text, since `resetSlow`. */
  slow: Map<string, number>;
  stop(): Promise<void>;
}

async function until(base: string, child: ChildProcess, output: () => string, what: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}):\n${output()}`);
    if (Date.now() > deadline) throw new Error(`${what} did not answer within 2 minutes:\n${output()}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function launch(script: string, args: string[], env: Record<string, string | undefined>, port: number, what: string, nodeArgs: string[] = []): Promise<Served> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, ...args], { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let partial = '';
  const slow = new Map<string, number>();
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.includes('slow query')) continue;
      try {
        const sqlText = String((JSON.parse(line) as { sql?: unknown }).sql ?? '?');
        slow.set(sqlText, (slow.get(sqlText) ?? 0) + 1);
      } catch {
        // not one of pino's lines
      }
    }
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  };
  return until(base, child, () => out, what).then(
    () => ({ pid: child.pid!, base, output: () => out, slow, stop }),
    async (e) => {
      await stop();
      throw e;
    },
  );
}

/** The gateway on `databaseUrl`, reached as a carrier proxy reaches it (TRUST_PROXY=127.0.0.1). */
export function startGateway(o: { databaseUrl: string; port: number; workers: number; outbox: string }): Promise<Served> {
  const env = {
    ...process.env,
    PORT: String(o.port),
    DATABASE_URL: o.databaseUrl,
    WORKERS: String(o.workers),
    TRUST_PROXY: '127.0.0.1',
    SEED_DEMO: '0',
    EMULATOR: '0',
    BILLING_SANDBOX: '0',
    MAIL_IN_PORT: '0',
    MAIL_OUTBOX: o.outbox,
    LOG_LEVEL: 'warn',
  };
  // BENCH_PROF_DIR: the gateway writes a CPU profile (.cpuprofile) there when it stops.
  const prof = process.env.BENCH_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF_DIR}`] : [];
  return launch('gateway/main.ts', [], env, o.port, 'the gateway', prof);
}

export function startHello(port: number, workers: number): Promise<Served> {
  return launch(new URL('./load-hello.ts', import.meta.url).pathname, [String(port), String(workers)], { ...process.env }, port, 'the hello server');
}

const TICK = 100; // clock ticks per second on Linux

/** pid and every descendant (cluster workers). */
export function family(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) for (const [p, pp] of parent) if (pp === out[i]) out.push(p);
  return out;
}

/** Resident memory (bytes) and CPU time (ms) of the processes. */
export function usage(pids: readonly number[]): { rss: number; cpuMs: number } {
  let rss = 0;
  let cpu = 0;
  for (const pid of pids) {
    try {
      rss += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu += ((Number(f[11]) + Number(f[12])) * 1000) / TICK;
    } catch {
      // gone meanwhile
    }
  }
  return { rss, cpuMs: cpu };
}

/** Inodes of the sockets listening on `port` (IPv4 and IPv6). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length > 9 && f[3] === '0A' && Number.parseInt(f[1]!.split(':')[1]!, 16) === port) inodes.add(f[9]!);
    }
  }
  return inodes;
}

/**
 * The MariaDB/MySQL server process on this machine that listens on `port` (several may run: a
 * development cluster beside the test server), or null.
 */
export function databaseServerPid(port: number): number | null {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return null;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (!/^(mariadbd|mysqld)$/.test(readFileSync(`/proc/${d}/comm`, 'utf8').trim())) continue;
      for (const fd of readdirSync(`/proc/${d}/fd`)) {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${d}/fd/${fd}`));
        if (m && inodes.has(m[1]!)) return Number(d);
      }
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return null;
}
