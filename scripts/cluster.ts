/**
 * A three-node MariaDB Galera cluster on this machine, for development and tests:
 *
 *   npm run cluster             start the nodes that are not running (idempotent), then show status
 *   npm run cluster -- stop     stop every node (the first one last, so it may bootstrap next time)
 *   npm run cluster -- status   one line per node
 *   npm run cluster -- kill N   kill -9 node N (fault drills); `npm run cluster` brings it back (IST)
 *
 * Every node listens on loopback only, with its own datadir, socket and ports under CLUSTER_DIR
 * (default /tmp/ashiato-cluster): SQL on 3311–3313, Galera replication on 4567/4577/4587, IST on
 * the next port, rsync SST on 4444/4454/4464; CLUSTER_PORT moves the SQL ports (the first of them).
 * The first node to start while none runs opens a new cluster; the others join it. It creates
 * the TCP user `ashiato`/`ashiato` and the database `ashiato`, then prints the DATABASE_URL to use.
 * Needs root (the nodes run as the `mysql` user) and Debian's mariadb-server and galera-4.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODES = 3;
export const CLUSTER_DIR = resolve(process.env.CLUSTER_DIR ?? '/tmp/ashiato-cluster');
const FIRST_SQL_PORT = Number(process.env.CLUSTER_PORT ?? 3311);
const PROVIDER = '/usr/lib/galera/libgalera_smm.so';
const USER = 'ashiato';

export interface Node {
  n: number;
  dir: string;
  datadir: string;
  socket: string;
  pidFile: string;
  port: number;
  galeraPort: number;
}

export function node(n: number): Node {
  const dir = join(CLUSTER_DIR, `node${n}`);
  return {
    n,
    dir,
    datadir: join(dir, 'data'),
    socket: join(dir, 'mysqld.sock'),
    pidFile: join(dir, 'mysqld.pid'),
    port: FIRST_SQL_PORT + n - 1,
    galeraPort: 4567 + 10 * (n - 1),
  };
}
export const nodes = (): Node[] => Array.from({ length: NODES }, (_, i) => node(i + 1));

/** The DATABASE_URL for the cluster, listing the nodes in the order a gateway should prefer them. */
export function clusterUrl(order: number[] = [1, 2, 3], db = 'ashiato'): string {
  return `mysql://${USER}:${USER}@${order.map((n) => `127.0.0.1:${node(n).port}`).join(',')}/${db}`;
}

function config(x: Node): string {
  const members = nodes().map((m) => `127.0.0.1:${m.galeraPort}`).join(',');
  return `[mysqld]
datadir=${x.datadir}
socket=${x.socket}
pid-file=${x.pidFile}
log-error=${join(x.dir, 'error.log')}
port=${x.port}
bind-address=127.0.0.1
character-set-server=utf8mb4
collation-server=utf8mb4_general_ci
default_storage_engine=InnoDB
innodb_buffer_pool_size=64M
innodb_log_file_size=32M
# A process crash (kill -9) keeps what the OS already holds; Galera replicates before commit returns.
innodb_flush_log_at_trx_commit=2
performance_schema=OFF
max_connections=300
binlog_format=ROW
innodb_autoinc_lock_mode=2
wsrep_on=ON
wsrep_provider=${PROVIDER}
wsrep_cluster_name=ashiato
wsrep_node_name=node${x.n}
wsrep_node_address=127.0.0.1:${x.galeraPort}
wsrep_cluster_address=gcomm://${members}
wsrep_provider_options="base_port=${x.galeraPort};ist.recv_addr=127.0.0.1:${x.galeraPort + 1};gcache.size=128M"
wsrep_sst_receive_address=127.0.0.1:${4444 + 10 * (x.n - 1)}
wsrep_sst_method=rsync
wsrep_slave_threads=2
`;
}

function pidOf(x: Node): number | null {
  if (!existsSync(x.pidFile)) return null;
  const pid = Number(readFileSync(x.pidFile, 'utf8').trim());
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/** One value from a node over its socket as root, or null when it does not answer. */
export function query(x: Node, sql: string): string | null {
  try {
    return execFileSync('mariadb', ['--no-defaults', '-uroot', `--socket=${x.socket}`, '-N', '-B', '-e', sql], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  } catch {
    return null;
  }
}

function wsrepStatus(x: Node, name: string): string | null {
  const row = query(x, `show global status like '${name}'`);
  return row ? (row.split('\t')[1] ?? null) : null;
}

export const isSynced = (x: Node): boolean => wsrepStatus(x, 'wsrep_local_state_comment') === 'Synced';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function prepare(x: Node): void {
  mkdirSync(x.datadir, { recursive: true });
  writeFileSync(join(x.dir, 'my.cnf'), config(x));
  if (!existsSync(join(x.datadir, 'mysql'))) {
    execFileSync('mariadb-install-db', [`--defaults-file=${join(x.dir, 'my.cnf')}`, '--user=mysql', '--auth-root-authentication-method=socket', '--skip-test-db'], { stdio: 'ignore' });
  }
  // The socket and pid file live beside the datadir: the mysql user must be able to write there.
  for (const p of [CLUSTER_DIR, x.dir]) chownSync(p, uid('mysql'), gid('mysql'));
  execFileSync('chown', ['-R', 'mysql:mysql', x.dir]);
}

const uid = (user: string) => Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
const gid = (user: string) => Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());

/** Starting a cluster from nothing: the node that shut down last (safe_to_bootstrap) opens it. */
function bootstrapper(): Node {
  const safe = nodes().find((x) => /safe_to_bootstrap:\s*1/.test(readGrastate(x)));
  if (safe) return safe;
  // Every node crashed: the first is declared safe (a development cluster; it may miss the others' last writes).
  const first = node(1);
  const state = readGrastate(first);
  if (state) writeFileSync(join(first.datadir, 'grastate.dat'), state.replace(/safe_to_bootstrap:\s*0/, 'safe_to_bootstrap: 1'));
  return first;
}
const readGrastate = (x: Node) => (existsSync(join(x.datadir, 'grastate.dat')) ? readFileSync(join(x.datadir, 'grastate.dat'), 'utf8') : '');

async function startNode(x: Node, newCluster: boolean): Promise<void> {
  prepare(x);
  const log = openSync(join(x.dir, 'console.log'), 'a');
  const args = [`--defaults-file=${join(x.dir, 'my.cnf')}`, '--user=mysql', ...(newCluster ? ['--wsrep-new-cluster'] : [])];
  spawn('mariadbd', args, { detached: true, stdio: ['ignore', log, log] }).unref();
  // Joining takes a state transfer (IST, or a full rsync SST for a new node): allow it time.
  for (let i = 0; i < 240; i++) {
    await sleep(500);
    if (isSynced(x)) return;
    if (i > 10 && pidOf(x) === null && !existsSync(x.pidFile)) throw new Error(`node${x.n} did not start: see ${join(x.dir, 'error.log')}`);
  }
  throw new Error(`node${x.n} did not reach Synced in 2 minutes: see ${join(x.dir, 'error.log')}`);
}

/** Starts every node that is not running; returns once all are Synced and the TCP user exists. */
export async function start(): Promise<void> {
  mkdirSync(CLUSTER_DIR, { recursive: true });
  const all = nodes();
  if (all.every((x) => pidOf(x) === null)) {
    const first = bootstrapper();
    await startNode(first, true);
  }
  for (const x of all) if (pidOf(x) === null) await startNode(x, false);
  for (const x of all) for (let i = 0; i < 60 && !isSynced(x); i++) await sleep(500);
  const up = all.find((x) => isSynced(x))!;
  const grants = ['127.0.0.1', 'localhost']
    .map((h) => `CREATE USER IF NOT EXISTS '${USER}'@'${h}' IDENTIFIED BY '${USER}'; GRANT ALL PRIVILEGES ON *.* TO '${USER}'@'${h}';`)
    .join(' ');
  if (query(up, `${grants} CREATE DATABASE IF NOT EXISTS ashiato;`) === null) throw new Error('could not create the ashiato user and database');
}

/** Stops every node, the first last (it then holds safe_to_bootstrap and opens the cluster next time). */
export async function stop(): Promise<void> {
  for (const x of [...nodes()].reverse()) {
    const pid = pidOf(x);
    if (pid === null) continue;
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 120 && pidOf(x) !== null; i++) await sleep(500);
    if (pidOf(x) !== null) process.kill(pid, 'SIGKILL');
  }
}

/** kill -9 of one node, as a crash would. */
export function kill(n: number): void {
  const pid = pidOf(node(n));
  if (pid !== null) process.kill(pid, 'SIGKILL');
}

export function status(): string[] {
  return nodes().map((x) => {
    const pid = pidOf(x);
    if (pid === null) return `node${x.n}  port ${x.port}  stopped`;
    return `node${x.n}  port ${x.port}  pid ${pid}  ${wsrepStatus(x, 'wsrep_local_state_comment') ?? '?'}  cluster size ${wsrepStatus(x, 'wsrep_cluster_size') ?? '?'}`;
  });
}

async function main(argv: string[]): Promise<void> {
  const [command = 'start', arg] = argv;
  if (command === 'start') {
    await start();
    console.log(status().join('\n'));
    console.log(`DATABASE_URL=${clusterUrl()}`);
  } else if (command === 'stop') await stop();
  else if (command === 'status') console.log(status().join('\n'));
  else if (command === 'kill' && /^[1-3]$/.test(arg ?? '')) kill(Number(arg));
  else throw new Error('usage: npm run cluster [-- start|stop|status|kill N]');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`cluster: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  });
}
