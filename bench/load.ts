/**
 * `npm run bench:load [-- --seconds 20 --connections 32 --members 1000 --workers 1 --sqlite PATH | --database URL --mysql URL]`
 *
 * Drives a mixed keitai load against a database made by `npm run seed:scale`: the database the
 * gateway would use (DATABASE_URL, default sqlite:data/ashiato.db) or the one named; and, when
 * --mysql or MYSQL_URL names a MariaDB server (database `ashiato_scale` when the URL names none),
 * that one too. Prints page views/s, latency, errors, bytes per page by carrier, the gateway's
 * (and MariaDB's) memory and CPU per page view, and a plain Hono hello measured in the same run.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { configOrExit } from '../gateway/config.js';
import { NotSeededError } from './load-targets.js';
import { printHello, printRun } from './load-report.js';
import { helloRate, runLoad, type LoadResult } from './load-run.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
    members: { type: 'string', default: '1000' },
    workers: { type: 'string', default: process.env.WORKERS ?? '1' },
    seed: { type: 'string', default: '1' },
    sqlite: { type: 'string' },
    database: { type: 'string' },
    mysql: { type: 'string' },
    'hello-seconds': { type: 'string', default: '5' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(`npm run bench:load -- [--seconds 20] [--warmup 3] [--connections 32] [--members 1000] [--workers 1] [--seed 1]
    [--sqlite PATH | --database URL] [--mysql URL] [--hello-seconds 5]
  --members: distinct members signed in before the clock starts (--seed picks which)
  --workers: gateway processes (WORKERS); the hello gets as many
  --mysql:   a MariaDB database made by seed:scale (default: MYSQL_URL, database ashiato_scale)`);
  process.exit(0);
}

const num = (name: string, raw: string | undefined, min: number): number => {
  const v = Number(raw);
  if (!Number.isFinite(v) || v < min) {
    console.error(`bench:load: --${name} must be a number of at least ${min}, not '${raw}'`);
    process.exit(2);
  }
  return v;
};

const env = { ...process.env, ...(values.sqlite ? { DATABASE_URL: `sqlite:${values.sqlite}` } : {}), ...(values.database ? { DATABASE_URL: values.database } : {}) };
const primary = configOrExit(env, 'bench').databaseUrl;
const mysqlFrom = (raw: string) => {
  const u = new URL(raw);
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/ashiato_scale';
  return u.toString();
};
const mysqlUrl = values.mysql ?? process.env.MYSQL_URL;
const urls = [primary, ...(mysqlUrl && !primary.startsWith('mysql:') ? [mysqlFrom(mysqlUrl)] : [])];
const o = {
  seconds: num('seconds', values.seconds, 1),
  warmupSeconds: num('warmup', values.warmup, 0),
  connections: Math.floor(num('connections', values.connections, 1)),
  members: Math.floor(num('members', values.members, 1)),
  workers: Math.floor(num('workers', values.workers, 1)),
  seed: Math.floor(num('seed', values.seed, 0)),
};
// The gateway's port and hello's (port + 1), drawn where no port is one fetch() refuses (4190 was).
const port = 20_000 + Math.floor(Math.random() * 5_000) * 2;

console.log(
  `Ashiato bench:load — ${new Date().toISOString()}, ${availableParallelism()} cores. The load driver (this process) and the gateway share them, ` +
    `as does anything else running: figures are a floor. ${o.seconds} s per database after ${o.warmupSeconds} s of warm-up, ${o.connections} connections, ` +
    `gateway processes: ${o.workers}.\n`,
);
const results: [string, LoadResult][] = [];
for (const url of urls) {
  try {
    const r = await runLoad({ ...o, databaseUrl: url, port, say: (l) => console.error(`bench:load: ${l}`) });
    results.push([url, r]);
    printRun(url, r, o.connections);
  } catch (e) {
    if (!(e instanceof NotSeededError)) throw e;
    console.log(`${url.replace(/\/\/[^@]*@/, '//***@')}: skipped: ${e.message}${url.startsWith('mysql:') ? ` (npm run seed:scale -- --database ${url.replace(/\/\/[^@]*@/, '//user:pass@')} --members N)` : ''}\n`);
  }
}
const hello = await helloRate(port + 1, o.workers, o.connections, num('hello-seconds', values['hello-seconds'], 1));
printHello(hello, results, o.connections);
