import pino from 'pino';
import type { Socket } from 'node:net';
import type { ServerType } from '@hono/node-server';
import { serveGateway } from '../../gateway/serve.js';
import { afterAll, beforeAll } from 'vitest';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../gateway/config.js';
import { boot, type Booted } from '../../gateway/bootstrap.js';
import { createApp } from '../../gateway/app.js';
import type { Clock, Mailer, OutgoingMail } from '../../core/ports.js';
import type { FeedFetcher } from '../../core/blog/service.js';

export type DialectName = 'sqlite' | 'mysql';

/**
 * Dialects every database test runs on. MySQL runs when MYSQL_URL names a server (CI sets it
 * and REQUIRE_MYSQL=1, so a missing server fails the run instead of silently skipping).
 */
export function dialects(): DialectName[] {
  if (process.env.REQUIRE_MYSQL === '1' && !process.env.MYSQL_URL) throw new Error('REQUIRE_MYSQL=1 but MYSQL_URL is not set');
  // The galera project (vitest.config.ts) runs the suites on the cluster only: SQLite ran in `main`.
  if (process.env.DIALECTS === 'mysql') return ['mysql'];
  return process.env.MYSQL_URL ? ['sqlite', 'mysql'] : ['sqlite'];
}

export interface TestGateway {
  app: ReturnType<typeof createApp>;
  booted: Booted;
  mails: OutgoingMail[];
  origin: string;
  request(method: string, path: string, o?: { headers?: Record<string, string>; body?: Uint8Array | string; peer?: string }): Promise<Response>;
  close(): Promise<void>;
}

/** A fresh, empty MySQL database on MYSQL_URL's server (its first, for a cluster), and how to drop it. */
export async function mysqlDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = process.env.MYSQL_URL!;
  const name = `ashiato_t_${randomBytes(5).toString('hex')}`;
  const mysql = await import('mysql2/promise');
  // MYSQL_URL may list several servers (a cluster, GALERA=1): the database is made on the first
  // one (Galera replicates it) and the gateway is given them all.
  const first = admin.replace(/^(mysql:\/\/[^@/]*@)?([^,/]+)[^/]*/, '$1$2');
  const conn = await mysql.createConnection({ uri: first });
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await conn.end();
  return {
    url: admin.replace(/^(mysql:\/\/[^/]*)(\/.*)?$/, `$1/${name}`),
    async drop() {
      const c = await mysql.createConnection({ uri: first });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

/** A gateway on a fresh database of the given dialect, called in-process (no sockets). */
export async function startGateway(dialect: DialectName = 'sqlite', env: Record<string, string> = {}, clock?: Clock, feedFetcher?: FeedFetcher): Promise<TestGateway> {
  const db = dialect === 'mysql' ? await mysqlDatabase() : { url: 'sqlite::memory:', drop: async () => {} };
  const mails: OutgoingMail[] = [];
  const mailer: Mailer = { send: async (m) => void mails.push(m) };
  const config = loadConfig({ NODE_ENV: 'test', PORT: '3000', DATABASE_URL: db.url, SECRET_KEY: 'test-secret-test-secret-test-secret!', ...env });
  const booted = await boot(config, { mailer, logger: pino({ level: 'silent' }), ...(clock ? { clock } : {}), ...(feedFetcher ? { feedFetcher } : {}) });
  const app = createApp(booted.services);
  const origin = config.publicOrigin;
  return {
    app,
    booted,
    mails,
    origin,
    request(method, path, o = {}) {
      const url = path.startsWith('http') ? path : `${origin}${path}`;
      const init: RequestInit = { method, headers: { Host: new URL(origin).host, ...(o.headers ?? {}) } };
      if (o.body !== undefined) init.body = o.body as RequestInit['body'];
      return Promise.resolve(app.request(url, init, { peerAddress: o.peer ?? '127.0.0.1' }));
    },
    async close() {
      await booted.close();
      await db.drop();
    },
  };
}

/**
 * The gateway a whole describe block shares: started in its beforeAll, closed in its afterAll.
 * Call it in the block's body; what it returns stands for that gateway (usable once beforeAll ran).
 */
export function gatewayForSuite(...args: Parameters<typeof startGateway>): TestGateway {
  let gw: TestGateway | undefined;
  beforeAll(async () => {
    gw = await startGateway(...args);
  });
  afterAll(() => gw?.close());
  const started = () => {
    if (!gw) throw new Error('the suite gateway is used before its beforeAll started it');
    return gw;
  };
  return {
    get app() { return started().app; },
    get booted() { return started().booted; },
    get mails() { return started().mails; },
    get origin() { return started().origin; },
    request: (method, path, o) => started().request(method, path, o),
    close: () => started().close(),
  };
}

/**
 * A gateway behind a real socket (the Node server's own request and response path, which
 * in-process requests do not take), for a whole describe block: listening once its beforeAll
 * ran, closed with every connection in its afterAll. `sockets` are the server's side of every
 * connection so far (for how much of a body the server read).
 */
export function servedForSuite(...args: Parameters<typeof startGateway>): { readonly gw: TestGateway; readonly port: number; readonly sockets: Socket[] } {
  let gw: TestGateway | undefined;
  let server: ServerType | undefined;
  let port = 0;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    gw = await startGateway(...args);
    const started = gw;
    await new Promise<void>((resolve) => {
      server = serveGateway(started.app.fetch, 0, '127.0.0.1', (info) => {
        port = info.port;
        resolve();
      });
    });
    server!.on('connection', (s: Socket) => sockets.push(s));
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    if (server) await new Promise((r) => server!.close(r));
    await gw?.close();
  });
  return {
    get gw() {
      if (!gw) throw new Error('the served gateway is used before its beforeAll started it');
      return gw;
    },
    get port() {
      return port;
    },
    sockets,
  };
}
