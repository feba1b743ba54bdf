/**
 * The ceiling for `bench:load`: a plain Hono "hello" on @hono/node-server from the same
 * node_modules, with as many processes as the gateway gets. argv: port, processes.
 */
import cluster from 'node:cluster';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const port = Number(process.argv[2]);
const workers = Number(process.argv[3] ?? 1);

if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.kill();
    process.exit(0);
  });
} else {
  const app = new Hono();
  app.get('/', (c) => c.text('hello'));
  app.get('/healthz', (c) => c.text('ok'));
  serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
}
