import { serve } from '@hono/node-server';
import cron from 'node-cron';
import { loadConfig, ConfigError } from './config.js';
import { boot } from './bootstrap.js';
import { createApp } from './app.js';
import { monthOf, previousMonth } from '../core/course.js';
import type { CarrierId } from '../carriers/index.js';

/** `npm start`: validate the environment, open and migrate the database, serve. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`Ashiato cannot start: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  const booted = await boot(config);
  const log = booted.services.logger;
  const app = createApp(booted.services);
  const server = serve({ fetch: app.fetch, port: config.port, hostname: '::' }, (info) => {
    log.info({ port: info.port, origin: config.publicOrigin, database: config.databaseUrl.replace(/\/\/[^@]*@/, '//***@') }, 'Ashiato gateway listening');
  });
  const stop = () => {
    server.close();
    void booted.close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // Housekeeping on a schedule: expired sessions, and members' external blogs (RSS/Atom).
  cron.schedule('*/15 * * * *', () => {
    void booted.services.sessions.purge().catch((err) => log.warn({ err }, 'session purge failed'));
    void booted.services.store.nonces.purge(Date.now() - 2 * 86_400_000).catch((err) => log.warn({ err }, 'form token purge failed'));
  });
  cron.schedule('*/5 * * * *', () =>
    void booted.services.blog
      .refreshDue()
      .then((added) => added && log.info({ added }, 'blog entries imported'))
      .catch((err) => log.warn({ err }, 'blog refresh failed')),
  );
  // The sandbox carrier bills on the 1st (Japan time) and settles the previous month on the 10th.
  const sandbox = booted.services.sandbox;
  if (sandbox) {
    const tz = { timezone: 'Asia/Tokyo' };
    cron.schedule('5 0 1 * *', () => void sandbox.runMonthlyBilling(monthOf(Date.now())).then((r) => log.info({ charged: r.length }, 'sandbox carrier monthly billing')).catch((err) => log.warn({ err }, 'sandbox billing failed')), tz);
    cron.schedule('0 3 10 * *', () => {
      for (const carrier of booted.services.billing.keys()) {
        void sandbox.settle(carrier as CarrierId, previousMonth(monthOf(Date.now()))).catch((err) => log.warn({ err }, 'sandbox settlement failed'));
      }
    }, tz);
  }
}

main().catch((e) => {
  console.error('Ashiato failed to start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
