import pino, { type Logger } from 'pino';
import { deriveKey, randomToken } from '../core/crypto.js';
import { AttemptLimiter } from '../core/limits.js';
import { MemberService } from '../core/members.js';
import { SessionService } from '../core/sessions.js';
import { DiaryService } from '../core/diary.js';
import { FriendService } from '../core/friends.js';
import { FootprintService } from '../core/footprints.js';
import { CommentService } from '../core/comments.js';
import { MessageService } from '../core/messages.js';
import { TopService } from '../core/top.js';
import { ProfileService } from '../core/profiles.js';
import { PhotoService } from '../core/photos.js';
import { jimpCodec } from '../media/jimp-codec.js';
import { BlogImportService, type FeedFetcher } from '../core/blog.js';
import { createFeedFetcher } from '../media/feed-fetcher.js';
import { demoMemberIds, seedDemo } from '../core/demo.js';
import { CourseService, monthOf } from '../core/course.js';
import { PointService } from '../core/points.js';
import { GameService, GAMES, weekOf } from '../core/games.js';
import { NoticeService } from '../core/notices.js';
import { AccessGate } from '../core/access.js';
import { decoNoticeComposer } from '../mail/notice-composer.js';
import { BILLING_CARRIERS, billingGateway, type BillingGateway } from '../carriers/billing.js';
import { SandboxBilling } from '../carriers/sandbox-billing.js';
import type { CarrierId } from '../carriers/index.js';
import { systemClock, type Clock, type Mailer } from '../core/ports.js';
import { migrate, openDatabase, type Connection } from '../db/connection.js';
import { createStore } from '../db/store.js';
import { createMailer } from '../mail/mailer.js';
import { warmShiftJis } from '../emoji/sjis.js';
import type { Config } from './config.js';
import { memberRef, type Services } from './services.js';
import { withParams } from './links.js';

export { memberRef };

/** Demo members get a profile photo (a generated colour card) so photo pages have something to show. */
async function addDemoPhotos(s: Services): Promise<void> {
  const { Jimp } = await import('jimp');
  const colours = [0xff9900ff, 0x3399ffff, 0x66cc66ff, 0xcc66ccff];
  for (const [i, login] of ['demo', 'demo_docomo', 'demo_au', 'demo_softbank'].entries()) {
    const m = await s.store.members.findByLogin(login);
    if (!m) continue;
    const png = await new Jimp({ width: 240, height: 240, color: colours[i]! }).getBuffer('image/png');
    await s.photos.setProfilePhoto(m.id, png);
  }
}

/**
 * The demo docomo member has the point course, applied through the same notice path a carrier
 * uses (a registered notice for this month), so the demo shows a balance and the premium option.
 */
async function addDemoCourse(s: Services): Promise<void> {
  const m = await s.store.members.findByLogin('demo_docomo');
  if (!m) return;
  const order = await s.course.startOrder(m.id, 'docomo', 'join');
  await s.course.apply('docomo', { id: `demo-${order.token}`, type: 'registered', order: order.token, contract: 'sbx-docomo-demo', month: monthOf(s.clock.now()), amountYen: 315 });
}

/** Demo members have scores in this week's and the all-time ranking of each game. */
async function addDemoScores(s: Services): Promise<void> {
  const now = s.clock.now();
  const week = weekOf(now);
  for (const [login, score] of [['demo_docomo', 87], ['demo_au', 102], ['demo_softbank', 64], ['demo', 95]] as const) {
    const m = await s.store.members.findByLogin(login);
    if (!m) continue;
    for (const g of GAMES) for (const period of ['all', week]) await s.store.games.raiseBest(g.id, period, m.id, score, now);
  }
}

/** Tells the sandbox carrier the contracts we hold, so its monthly runs renew them after a restart. */
async function restoreSandbox(s: Services): Promise<void> {
  if (!s.sandbox) return;
  const subs = await s.store.course.subscriptionsIn(['registered', 'payment_failed', 'cancelled']);
  const lines = [];
  for (const sub of subs) {
    if (!s.billing.has(sub.carrier as CarrierId)) continue;
    const paid = await s.store.course.paidThrough(sub.memberId);
    lines.push({
      carrier: sub.carrier as CarrierId,
      contract: sub.contractRef,
      state: sub.state === 'cancelled' ? ('cancelled' as const) : ('active' as const),
      user: memberRef(s.keys.memberRef, sub.memberId),
      paidMonths: paid ? [paid] : [],
    });
  }
  s.sandbox.restore(lines);
}

export interface Booted {
  services: Services;
  conn: Connection;
  close(): Promise<void>;
}

/**
 * Opens and migrates the database, loads the master secret, seeds the demo set on an empty
 * database, and wires the services. Shared by `npm start`, tests and benchmarks.
 */
export async function boot(config: Readonly<Config>, o: { logger?: Logger; mailer?: Mailer; clock?: Clock; feedFetcher?: FeedFetcher } = {}): Promise<Booted> {
  const logger = o.logger ?? pino({ level: config.logLevel });
  const clock = o.clock ?? systemClock;
  const conn = await openDatabase(config.databaseUrl, { onSlowQuery: (sql, ms) => logger.warn({ ms, sql }, 'slow query'), slowQueryMs: config.slowQueryMs });
  try {
    const applied = await migrate(conn);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    const store = createStore(conn.db);
    // Without SECRET_KEY, a key is made once and kept in the database so bindings survive restarts.
    const master = config.secretKey ?? (await store.secrets.putIfAbsent('master', randomToken(32)));
    const subscriberKey = deriveKey(master, 'subscriber-id');
    const seeded = config.seedDemo && (await seedDemo(store, clock, subscriberKey));
    if (seeded) logger.info('demo data seeded');
    const mailer = o.mailer ?? createMailer({ smtpUrl: config.smtpUrl, outbox: config.mailOutbox, from: config.mailFrom });
    const members = new MemberService({
      store,
      mailer,
      clock,
      subscriberKey,
      verifyLink: (token) => `${config.publicOrigin}${withParams('/register/verify', { token })}`,
    });
    warmShiftJis();
    const access = new AccessGate(store);
    const diary = new DiaryService(store, clock, access);
    const course = new CourseService(store, clock);
    // The deco-mail decoration: a small banner, drawn once.
    const { Jimp } = await import('jimp');
    const banner = await new Jimp({ width: 120, height: 12, color: 0xff9933ff }).getBuffer('image/gif');
    const notices = new NoticeService(store, decoNoticeComposer({ from: config.mailFrom, origin: config.publicOrigin, banner }), mailer, clock, access);
    const billing = new Map<CarrierId, BillingGateway>(
      BILLING_CARRIERS.map((id) => {
        const agreed = config.billingSecrets.get(id);
        return [id, billingGateway(id, agreed ? Buffer.from(agreed) : deriveKey(master, `billing:${id}`), `${config.publicOrigin}/sandbox/billing`)];
      }),
    );
    const social = {
      friends: new FriendService(store, clock, access),
      footprints: new FootprintService(store, clock, access, (id) => course.isActive(id)),
      comments: new CommentService(store, diary, clock, access),
      messages: new MessageService(store, clock, access, (to, from, subject) =>
        notices.messageArrived(to, from, subject).then(
          () => undefined,
          (err) => logger.warn({ err }, 'message notice mail failed'),
        ),
      ),
    };
    const services: Services = {
      ...social,
      diary,
      course,
      points: new PointService(store, clock),
      games: new GameService(store, clock, access),
      notices,
      access,
      billing,
      sandbox: null,
      loopback: () => Promise.reject(new Error('gateway not started')),
      clock,
      top: new TopService(store, clock, access),
      profiles: new ProfileService(store, clock, access),
      photos: new PhotoService(store, jimpCodec, clock, (viewer, entry) => diary.read(viewer, entry), access),
      blog: new BlogImportService(store, o.feedFetcher ?? createFeedFetcher(), clock, (details, msg) => logger.info(details, msg)),
      config,
      store,
      members,
      sessions: new SessionService(store.sessions, clock),
      logger,
      keys: { csrf: deriveKey(master, 'csrf'), link: deriveKey(master, 'outbound-link'), memberRef: deriveKey(master, 'member-ref') },
      loginLimiter: new AttemptLimiter(store.attempts, clock),
      demoMembers: await demoMemberIds(store),
    };
    if (config.billingSandbox) {
      const transport = async (url: string, init: RequestInit) => {
        const r = await services.loopback(url, init);
        return { status: r.status, text: await r.text() };
      };
      services.sandbox = new SandboxBilling(billing, config.publicOrigin, transport, clock);
    }
    if (seeded) {
      await addDemoPhotos(services);
      await addDemoCourse(services);
      await addDemoScores(services);
    }
    await restoreSandbox(services);
    return { services, conn, close: () => conn.close() };
  } catch (e) {
    await conn.close();
    throw e;
  }
}
