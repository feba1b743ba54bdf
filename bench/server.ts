/**
 * The benchmark's server process: the real gateway on SQLite (port from argv), and a plain
 * Hono "hello" on the next port as the ceiling of what this machine serves at all.
 */
import cluster from 'node:cluster';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pino from 'pino';
import { loadConfig } from '../gateway/config.js';
import { boot } from '../gateway/bootstrap.js';
import { createApp } from '../gateway/app.js';
import { serveGateway } from '../gateway/serve.js';
import { populate } from './data.js';
import type { Services } from '../gateway/services.js';

/**
 * The gateway, plus one route of the bench's own (never in the product): a signed-in request's
 * fixed cost, the pipeline and its session read with no page (`/__bench/empty`), to set the
 * pages' figures against.
 */
function gatewayApp(services: Services) {
  const app = createApp(services);
  app.get('/__bench/empty', (c) => c.text(c.get('member') ? 'member' : 'guest'));
  return app;
}

/** Spins `us` microseconds of CPU: a request that costs that much more than hello, and nothing else. */
function spin(us: number): void {
  const until = process.hrtime.bigint() + BigInt(us * 1000);
  while (process.hrtime.bigint() < until);
}

const port = Number(process.argv[2]);
const dir = process.argv[3]!;
// BENCH_WORKERS > 1: the gateway is served by that many processes (as WORKERS does in npm start).
const workers = Number(process.env.BENCH_WORKERS ?? 1);
const env = { PORT: String(port), DATABASE_URL: `sqlite:${dir}/bench.db`, MAIL_OUTBOX: `${dir}/outbox`, TRUST_PROXY: '127.0.0.1', LOG_LEVEL: 'silent', SLOW_QUERY_MS: process.env.BENCH_SLOW_MS ?? '50', ...(workers > 1 ? { EMULATOR: '0', BILLING_SANDBOX: '0' } : {}), ...(process.env.QUERY_STATS_FILE ? { QUERY_STATS_FILE: process.env.QUERY_STATS_FILE } : {}) };
const config = loadConfig(env);
const logger = pino({ level: process.env.BENCH_LOG ?? 'silent' }, pino.destination(2));
if (cluster.isWorker) {
  const booted = await boot(config, { logger });
  serveGateway(gatewayApp(booted.services).fetch, port, '127.0.0.1', () => process.send?.('listening'));
} else {
  const booted = await boot(config, { logger });
  const members = Number(process.env.BENCH_MEMBERS ?? 2000);
  await populate(booted.services.store, members);
  let ready = 0;
  const started = new Promise<void>((resolve) => {
    if (workers <= 1) {
      serveGateway(gatewayApp(booted.services).fetch, port, '127.0.0.1', () => resolve());
      return;
    }
    for (let i = 0; i < workers; i++) {
      cluster.fork().on('message', (m) => {
        if (m === 'listening' && ++ready === workers) resolve();
      });
    }
  });
  await started;
  const hello = new Hono();
  hello.get('/', (c) => c.text('hello'));
  // What "a fraction of hello" means on this machine: hello plus 30 µs of CPU per request.
  hello.get('/spin30', (c) => {
    spin(30);
    return c.text('hello');
  });
  serve({ fetch: hello.fetch, port: port + 1, hostname: '127.0.0.1' }, () => process.send?.('ready'));
  const stop = () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.kill();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
