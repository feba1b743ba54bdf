import pino, { type Logger } from 'pino';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { ScheduleLease } from '../core/schedule/service.js';
import { deriveKey, masterSecret } from '../core/crypto.js';
import type { FeedFetcher } from '../core/blog/service.js';
import { createFeedFetcher } from '../media/feed-fetcher.js';
import { demoMemberId, demoMemberIds, seedDemo, seedDemoScores } from '../core/demo.js';
import { COURSE, monthOf } from '../core/course/service.js';
import { decoNoticeComposer } from '../mail/notice-composer.js';
import type { BillingGateway } from '../carriers/billing.js';
import { billingGateways } from '../carriers/billing-gateways.js';
import { readConfirmAnswer } from '../carriers/billing-soap.js';
import { SandboxBilling, SANDBOX_MERCHANT } from '../carriers/sandbox-billing.js';
import type { CarrierId } from '../carriers/index.js';
import { systemClock, type Clock, type Mailer } from '../core/ports.js';
import { migrate, openDatabase, type Connection } from '../db/connection.js';
import { createStore } from '../db/store.js';
import { createMailer } from '../mail/mailer.js';
import { warmShiftJis } from '../emoji/sjis.js';
import type { Config } from './config.js';
import { memberRef, type Services } from './services.js';
import { withParams } from './links.js';
import { createServices } from './wiring.js';
import { FLUSH_MS } from '../core/ads/service.js';
import { seedDemoAds } from './ads-demo.js';
import { drawnImage } from '../media/drawn-images.js';
import { seedDemoCollection } from './collection-demo.js';
import { seedDemoStaff } from './staff-demo.js';

export { memberRef };

/** Demo members get a profile photo (a drawn portrait, media/demo-avatar.ts) so photo pages have something to show. */
async function addDemoPhotos(s: Services): Promise<void> {
  for (const login of ['demo', 'demo_docomo', 'demo_au', 'demo_softbank'] as const) {
    const id = await demoMemberId(s.store, login);
    if (id === null) continue;
    await s.photos.setProfilePhoto(id, await drawnImage(`avatar-${login}.png`));
  }
}

/** An album with photos (auの花子's, readable by members) and a few echoes, one a reply. */
async function addDemoAlbumsAndEchoes(s: Services): Promise<void> {
  const [au, docomo, softbank] = await Promise.all(['demo_au', 'demo_docomo', 'demo_softbank'].map((l) => demoMemberId(s.store, l)));
  if (au == null || docomo == null || softbank == null) return;
  const album = await s.albums.create(au, { title: 'お花見🌸', description: '公園の桜。ケータイで撮りました📷', visibility: 'members' });
  for (const [image, caption] of [['album-mankai.jpg', '満開'], ['album-shibafu.jpg', '芝生でお弁当'], ['album-aozora.jpg', '青空']] as const) {
    await s.albums.addPhoto(au, album, await drawnImage(image), caption);
  }
  const first = await s.echo.post(docomo, '新しいケータイにしたよ📱');
  await s.echo.post(au, 'いいなー！何色？', first);
  await s.echo.post(softbank, '今日は晴れ☀️ 散歩してきます');
}

/**
 * The demo docomo member has the point course, applied through the same notice path a carrier
 * uses (a registered notice for this month), so the demo shows a balance and the premium option.
 */
async function addDemoCourse(s: Services): Promise<void> {
  const id = await demoMemberId(s.store, 'demo_docomo');
  if (id === null) return;
  const order = await s.course.startOrder(id, 'docomo', 'join');
  await s.course.apply('docomo', { id: `demo-${order.token}`, type: 'registered', order: order.token, contract: 'sbx-docomo-demo', month: monthOf(s.clock.now()), amountYen: 315 });
}

/** Tells the sandbox carrier the contracts we hold, so its monthly runs renew them after a restart. */
async function restoreSandbox(s: Services): Promise<void> {
  if (!s.sandbox) return;
  const lines = [];
  for (const svc of [s.course, s.premium]) {
    for (const { sub, paidThrough: paid } of await svc.heldContracts()) {
      if (!s.billing.has(sub.carrier as CarrierId)) continue;
      lines.push({
        carrier: sub.carrier as CarrierId,
        contract: sub.contractRef,
        state: sub.state === 'cancelled' ? ('cancelled' as const) : ('active' as const),
        user: memberRef(s.keys.memberRef, sub.memberId),
        paidMonths: paid ? [paid] : [],
        joinedAt: sub.joinedAt,
        product: svc.product.id,
      });
    }
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
  const conn = await openDatabase(config.databaseUrl, {
    onSlowQuery: (sql, ms) => logger.warn({ ms, sql }, 'slow query'),
    slowQueryMs: config.slowQueryMs,
    queryStatsFile: config.queryStatsFile,
    onCheckpointFailure: (e) => logger.error({ err: e }, 'WAL checkpoint worker stopped; checkpointing on the request thread again'),
    onNodeChange: (node, healthy) => (healthy ? logger.info({ node }, 'database node serving again') : logger.warn({ node }, 'database node set aside')),
  });
  try {
    const applied = await migrate(conn);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    const store = createStore(conn.db);
    const master = await masterSecret(store.secrets, config.secretKey);
    const subscriberKey = deriveKey(master, 'subscriber-id');
    const seeded = config.seedDemo && (await seedDemo(store, clock, subscriberKey));
    if (seeded) logger.info('demo data seeded');
    const mailer = o.mailer ?? createMailer({ smtpUrl: config.smtpUrl, outbox: config.mailOutbox, from: config.mailFrom });
    warmShiftJis();
    // The deco-mail decoration: a small banner (media/drawings.ts).
    const banner = await drawnImage('deco-notice-banner.gif');
    // au's confirmation calls go in-process when the collection service is the sandbox's own.
    const soap = async (url: string, xml: string) => {
      // Never followed elsewhere (a redirect is not au's answer), and read only as far as an answer can be long.
      const init = { method: 'POST', headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '"ConfirmTransaction"' }, body: xml, redirect: 'manual' as const, signal: AbortSignal.timeout(10_000) };
      const r = url.startsWith(`${config.publicOrigin}/`) ? await services.loopback(url, init) : await fetch(url, init);
      return readConfirmAnswer(r);
    };
    const billing: Map<CarrierId, BillingGateway> = billingGateways(
      config.billingProtocols,
      (id) => {
        const agreed = config.billingSecrets.get(id);
        return agreed ? Buffer.from(agreed) : deriveKey(master, `billing:${id}`);
      },
      { ranges: config.carrierRanges, publicOrigin: config.publicOrigin, confirmBase: `${config.publicOrigin}/sandbox/billing`, auCollectionUrl: config.auCollectionUrl, merchantId: SANDBOX_MERCHANT, priceYen: COURSE.priceYen, soap: (url, xml) => soap(url, xml) },
    );
    const services: Services = {
      ...createServices({
        store,
        clock,
        logger,
        mailer,
        composer: decoNoticeComposer({ from: config.mailFrom, origin: config.publicOrigin, banner }),
        feedFetcher: o.feedFetcher ?? createFeedFetcher(),
        subscriberKey,
        mailDomain: config.mailIn.domain,
        verifyLink: (token) => `${config.publicOrigin}${withParams('/register/verify', { token })}`,
        link: (path, params) => `${config.publicOrigin}${withParams(path, params)}`,
      }),
      billing,
      sandbox: null,
      loopback: () => Promise.reject(new Error('gateway not started')),
      clock,
      config,
      store,
      logger,
      keys: { csrf: deriveKey(master, 'csrf'), link: deriveKey(master, 'outbound-link'), memberRef: deriveKey(master, 'member-ref') },
      demoMembers: await demoMemberIds(store),
      schedule: new ScheduleLease(store.leases, clock, `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`, config.scheduleLeaseMs),
    };
    if (config.billingSandbox) {
      const transport = async (url: string, init: RequestInit & { peer?: string }) => {
        const r = await services.loopback(url, init);
        return { status: r.status, text: await r.text() };
      };
      services.sandbox = new SandboxBilling(billing, config.publicOrigin, transport, clock);
    }
    if (seeded) {
      await addDemoPhotos(services);
      await addDemoCourse(services);
      await addDemoAlbumsAndEchoes(services);
      await seedDemoScores(store, clock);
      // The campaign's branded design joins the catalogue (mixi Collection).
      await seedDemoCollection(services, await seedDemoAds(services));
      await seedDemoStaff(services);
    }
    await restoreSandbox(services);
    // Ad counts wait in memory and are written in batches (core/ads/service.ts).
    const flushAds = () => services.ads.flush().catch((err) => logger.warn({ err }, 'ad counts not written'));
    const flusher = setInterval(flushAds, FLUSH_MS);
    flusher.unref();
    return {
      services,
      conn,
      close: async () => {
        clearInterval(flusher);
        await flushAds();
        await conn.close();
      },
    };
  } catch (e) {
    await conn.close();
    throw e;
  }
}
