import cluster from 'node:cluster';
import { serveGateway, settled } from './serve.js';
import cron from 'node-cron';
import { configOrExit, type Config } from './config.js';
import { boot, type Booted } from './bootstrap.js';
import { createApp } from './app.js';
import { qaExposure } from './middleware/qa.js';
import { monthOf, previousMonth } from '../core/course/service.js';
import { JAPAN_TIME_ZONE } from '../core/time.js';
import type { CarrierId } from '../carriers/index.js';
import { startMailListener } from '../mail/listener.js';
import { runStatusChecks } from './status-check.js';

/**
 * Housekeeping on a schedule: expired sessions, used form tokens, old failed attempts, members'
 * external blogs, and the sandbox carrier's monthly runs. Every gateway's first process keeps the
 * clock, but only the holder of the schedule lease (one among all processes on the database,
 * elected through it, taken over when the holder dies) runs the jobs. Returns a stop function.
 */
function schedule(booted: Booted): () => Promise<void> {
  const s = booted.services;
  const log = s.logger;
  const lease = s.schedule;
  const renew = () =>
    void lease.renew().then((r) => {
      if (r === 'taken') log.info({ holder: lease.holder }, 'schedule lease taken: this process runs the schedule');
      else if (r === 'lost') log.warn({ holder: lease.holder }, 'schedule lease lost: another process runs the schedule');
    });
  renew();
  const heartbeat = setInterval(renew, Math.max(250, Math.floor(lease.lengthMs / 4)));
  heartbeat.unref();
  /** A job on the lease holder only; its failure is logged under `what`. */
  const job = (what: string, run: () => Promise<unknown>) => () => void lease.ifHolder(run).catch((err) => log.warn({ err }, `${what} failed`));
  const tasks = [
    cron.schedule('*/15 * * * *', job('housekeeping', () => Promise.all([s.sessions.purge(), s.formTokens.purge(), s.loginLimiter.purge()]))),
    cron.schedule('*/5 * * * *', job('blog refresh', async () => {
      const added = await s.blog.refreshDue();
      if (added) log.info({ added }, 'blog entries imported');
    })),
  ];
  // The sandbox carrier bills on the 1st (Japan time) and settles the previous month on the 10th.
  const sandbox = s.sandbox;
  if (sandbox) {
    const tz = { timezone: JAPAN_TIME_ZONE };
    tasks.push(cron.schedule('5 0 * * *', job('sandbox billing', async () => {
      const charged = (await sandbox.runDue()).length;
      if (charged) log.info({ charged }, 'sandbox carrier billing');
    }), tz));
    tasks.push(cron.schedule('0 3 10 * *', job('sandbox settlement', () => Promise.all([...s.billing.keys()].map((carrier) => sandbox.settle(carrier as CarrierId, previousMonth(monthOf(Date.now())))))), tz));
  }
  // Daily, the carriers' member-status queries: a course ended or cancelled without a notice
  // reaching us is found within a day (gateway/status-check.ts).
  tasks.push(cron.schedule('30 4 * * *', job('member status check', () => runStatusChecks(s)), { timezone: JAPAN_TIME_ZONE }));
  return async () => {
    clearInterval(heartbeat);
    for (const t of tasks) void t.stop();
    await lease.release();
  };
}

/**
 * What this start exposes that a public server must not, said loudly once: QA tools forge
 * identities and show other members' mail; demo members have published passwords.
 */
function announceExposure(config: Readonly<Config>, log: Booted['services']['logger']): void {
  const tools = [config.emulator && 'handset emulator and mail outbox (/emulator)', config.billingSandbox && 'sandbox carrier billing console (/sandbox/billing/console)'].filter(Boolean);
  if (tools.length) log.warn({ tools, who: qaExposure(config) }, `QA TOOLS ON: ${tools.join('; ')} answer ${qaExposure(config)}`);
  else log.info('QA tools off');
  if (config.seedDemo) {
    log.warn(
      `DEMO DATA: an empty database is seeded with demo members whose passwords and subscriber IDs are published${config.production ? ' (SEED_DEMO=1 in production!)' : ''}; set SEED_DEMO=0 for a real service`,
    );
  }
  if (!config.secretKey) log.warn('SECRET_KEY unset: the master secret is kept in the database (set it in production)');
}

/** How long a stopping process waits for the requests it has taken in to be answered. */
const STOP_GRACE_MS = 5_000;

/** Serves the gateway from this process; resolves with a function that stops it. */
function listen(config: Readonly<Config>, booted: Booted): () => void {
  const log = booted.services.logger;
  const server = serveGateway(createApp(booted.services).fetch, config.port, '::', (info) => {
    log.info({ port: info.port, origin: config.publicOrigin, worker: cluster.isWorker ? cluster.worker?.id : null, database: config.databaseUrl.replace(/\/\/[^@]*@/, '//***@') }, 'Ashiato gateway listening');
  });
  return () => server.close();
}

/**
 * `npm start`: validate the environment, open and migrate the database, serve. With WORKERS > 1
 * the first process migrates, seeds and runs the schedule, and forks that many processes that
 * share the port (node:cluster), each with its own database connection; one that dies is
 * replaced.
 */
async function main(): Promise<void> {
  const config = configOrExit(process.env);
  const booted = await boot(config);
  const log = booted.services.logger;
  if (cluster.isPrimary) announceExposure(config, log);
  let stopServer = () => {};
  let stopping = false;
  if (cluster.isPrimary && config.workers > 1) {
    for (let i = 0; i < config.workers; i++) cluster.fork();
    cluster.on('exit', (worker, code, signal) => {
      if (stopping) return;
      log.warn({ worker: worker.id, code, signal }, 'gateway process ended; starting another');
      cluster.fork();
    });
    log.info({ workers: config.workers }, 'Ashiato gateway processes starting');
  } else {
    stopServer = listen(config, booted);
  }
  const stopSchedule = cluster.isPrimary ? schedule(booted) : async () => {};
  // Posting by mail: one listener, in the first process (MAIL_IN_PORT=0: none).
  let stopMail = async () => {};
  if (cluster.isPrimary && config.mailIn.port !== 0) {
    const s = booted.services;
    // A port already taken (another gateway on this machine) costs mail posting, not the site.
    await startMailListener({ port: config.mailIn.port, host: config.mailIn.host, post: s.mailPost, logger: log }).then(
      (listener) => {
        log.info({ port: listener.port, host: config.mailIn.host, domain: config.mailIn.domain }, 'mail posting listener on');
        stopMail = listener.close;
      },
      (err: unknown) => log.error({ err, port: config.mailIn.port }, 'MAIL POSTING OFF: the mail listener could not listen (set MAIL_IN_PORT to a free port, or 0)'),
    );
  }
  const stop = () => {
    stopping = true;
    stopServer();
    void stopMail();
    // The first process waits for the others to settle: when it exits, node:cluster ends them at
    // once, whatever they were answering.
    const workers = cluster.isPrimary ? Object.values(cluster.workers ?? {}).filter((w) => w !== undefined) : [];
    const workersGone = Promise.all(workers.map((w) => (w.isDead() ? undefined : new Promise((r) => w.once('exit', r)))));
    for (const w of workers) w.kill('SIGTERM');
    // Requests in flight are answered before the database closes; answers held for the end of
    // this turn (gateway/serve.ts) are sent before the process exits.
    void Promise.all([settled(STOP_GRACE_MS), Promise.race([workersGone, new Promise((r) => setTimeout(r, STOP_GRACE_MS + 1_000))])])
      .then(([unanswered]) => {
        if (unanswered > 0) log.warn({ unanswered, graceMs: STOP_GRACE_MS }, 'stopping with requests still unanswered');
      })
      .then(() => stopSchedule())
      .then(() => booted.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e) => {
  console.error('Ashiato failed to start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
