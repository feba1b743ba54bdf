/**
 * `npm run seed:scale` and `npm run bench:load` at small N: generated members look like members
 * made through the app (signed in through the gateway they see their friends' diaries, their
 * footprints and messages), derived tables agree with what the app computes, the friend graph has
 * its long tail, and the load driver's requests land signed in. No timing is asserted.
 */
import { createHash, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../gateway/config.js';
import { boot, type Booted } from '../gateway/bootstrap.js';
import { createApp } from '../gateway/app.js';
import { openDatabase, type Connection } from '../db/connection.js';
import type { Database } from '../db/schema.js';
import { startOfJapanDay } from '../core/time.js';
import { generateScale, RefusedError } from '../scripts/scale/generate.js';
import { buildGraph, degree } from '../scripts/scale/graph.js';
import { carrierOf, SCALE_PASSWORD, scaleLogin, subscriberIdOf } from '../scripts/scale/plan.js';
import { pageProblem, postProblem } from '../bench/load-driver.js';
import { runLoad } from '../bench/load-run.js';
import { dialects, type DialectName, type TestGateway } from './support/gateway.js';
import { CARRIER_IP, Handset, UA } from './support/handset.js';
import { freePort } from './support/ports.js';

const MEMBERS = 600;
const NOW = Date.now();

async function scratchDatabase(dialect: DialectName): Promise<{ url: string; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ashiato-scale-'));
    return { url: `sqlite:${dir}/scale.db`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const mysql = await import('mysql2/promise');
  const name = `ashiato_t_${randomBytes(5).toString('hex')}`;
  const admin = await mysql.createConnection({ uri: process.env.MYSQL_URL! });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await admin.end();
  const u = new URL(process.env.MYSQL_URL!);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = await mysql.createConnection({ uri: process.env.MYSQL_URL! });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

/** The gateway in-process on the generated database, as test/support/gateway.ts makes one. */
async function gatewayOn(url: string): Promise<TestGateway> {
  const config = loadConfig({ NODE_ENV: 'test', PORT: '3000', DATABASE_URL: url, SEED_DEMO: '0' });
  const booted: Booted = await boot(config, { logger: pino({ level: 'silent' }), mailer: { send: async () => {} } });
  const app = createApp(booted.services);
  return {
    app,
    booted,
    mails: [],
    origin: config.publicOrigin,
    request: (method, path, o = {}) =>
      Promise.resolve(app.request(`${config.publicOrigin}${path}`, { method, headers: { Host: new URL(config.publicOrigin).host, ...(o.headers ?? {}) }, ...(o.body !== undefined ? { body: o.body as RequestInit['body'] } : {}) }, { peerAddress: o.peer ?? '127.0.0.1' })),
    close: () => booted.close(),
  };
}

const ids = async (q: Promise<Record<string, unknown>[]>, key: string) => (await q).map((r) => Number(r[key]));

/** A member of the carrier whose feed and footprints are not empty. */
async function memberOf(db: Kysely<Database>, carrier: string): Promise<number> {
  for (let m = 1; m <= MEMBERS; m++) {
    if (carrierOf(m) !== carrier) continue;
    const feed = await db.selectFrom('feed_items').select('entry_id').where('member_id', '=', m).limit(1).execute();
    const prints = await db.selectFrom('footprints').select('id').where('owner_id', '=', m).limit(1).execute();
    const mail = await db.selectFrom('messages').select('id').where('to_id', '=', m).limit(1).execute();
    if (feed.length && prints.length && mail.length) return m;
  }
  throw new Error(`no ${carrier} member with a feed, footprints and messages`);
}

describe('the friend graph of seed:scale', () => {
  it('has a long tail: median about 20 friends, some members near the 1,000 limit, symmetric and without self-friends', () => {
    const g = buildGraph(50_000, 3);
    const degrees = Array.from({ length: g.members }, (_, i) => degree(g, i + 1)).sort((a, b) => a - b);
    const median = degrees[degrees.length >> 1]!;
    expect(median).toBeGreaterThanOrEqual(15);
    expect(median).toBeLessThanOrEqual(25);
    expect(degrees[degrees.length - 1]).toBeGreaterThanOrEqual(700);
    expect(degrees[degrees.length - 1]).toBeLessThanOrEqual(1000);
    expect(degrees.filter((d) => d >= 200).length).toBeGreaterThan(50);
    for (let m = 1; m <= 2000; m++) {
      const mine = g.nbrs.subarray(g.start[m]!, g.start[m + 1]!);
      expect(mine.includes(m)).toBe(false);
      for (const f of mine) expect(g.nbrs.subarray(g.start[f]!, g.start[f + 1]!).includes(m)).toBe(true);
    }
  });
});

describe.runIf(dialects().includes('mysql'))('seed:scale on a MariaDB database that does not exist', () => {
  it('says to create it, in one line, with no stack trace', () => {
    const u = new URL(process.env.MYSQL_URL!);
    u.pathname = `/ashiato_missing_${randomBytes(4).toString('hex')}`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed-scale.ts', '--members', '10', '--database', u.toString()], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Unknown database 'ashiato_missing_[0-9a-f]+'.*create it first, e\.g\. CREATE DATABASE/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr).not.toContain(`:${u.password}@`);
  }, 60_000);
});

for (const dialect of dialects()) {
  describe(`seed:scale and bench:load on ${dialect}`, () => {
    let database: { url: string; drop(): Promise<void> };
    let conn: Connection;
    let gw: TestGateway;
    beforeAll(async () => {
      database = await scratchDatabase(dialect);
      await generateScale({ databaseUrl: database.url, members: MEMBERS, seed: 7, now: NOW, progress: null });
      conn = await openDatabase(database.url);
      gw = await gatewayOn(database.url);
    }, 180_000);
    afterAll(async () => {
      await gw?.close();
      await conn?.close();
      await database?.drop();
    });

    it('a generated docomo member signs in by easy login and sees its friends\' newest diaries, today\'s footprints, its footprints and messages', async () => {
      const db = conn.db;
      const m = await memberOf(db, 'docomo');
      const h = new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo, subscriber: ['X-DCMGUID', subscriberIdOf(m, 'docomo')] });
      await h.easyLogin();
      expect(h.signedIn()).toBe(true);
      const newest = await ids(db.selectFrom('feed_items').select('entry_id').where('member_id', '=', m).orderBy('created_at', 'desc').orderBy('entry_id', 'desc').limit(5).execute(), 'entry_id');
      const shown = h.links().map((l) => /^\/diary\/(\d+)\?/.exec(l)?.[1]).filter(Boolean).map(Number);
      for (const id of newest) expect(shown).toContain(id);
      const today = await db.selectFrom('footprints').select((eb) => eb.fn.countAll().as('n')).where('owner_id', '=', m).where('visited_at', '>', startOfJapanDay(Date.now())).executeTakeFirstOrThrow();
      if (Number(today.n) > 0) expect(h.last.text).toContain(`今日の足あと ${Number(today.n)}件`);
      // A friend's entry opens with its comment form (and the visit is a footprint for its author).
      await h.get(h.links().find((l) => l.startsWith(`/diary/${newest[0]}?`))!);
      expect(h.last.status).toBe(200);
      expect(h.form('body').action).toContain(`/diary/${newest[0]}/comments`);
      const visitor = await db.selectFrom('footprints').select('visitor_id').where('owner_id', '=', m).orderBy('visited_at', 'desc').limit(1).executeTakeFirstOrThrow();
      await h.follow(/^\/\?sid=/);
      await h.follow(/^\/footprints\?/);
      expect(h.links().some((l) => l.startsWith(`/members/${Number(visitor.visitor_id)}?`))).toBe(true);
      const message = await db.selectFrom('messages').select('id').where('to_id', '=', m).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
      await h.follow(/^\/\?sid=/);
      await h.follow(/^\/messages\?/);
      expect(h.links().some((l) => l.startsWith(`/messages/${Number(message.id)}?`))).toBe(true);
    });

    it('au and SoftBank members sign in by easy login, smartphone members by password, and see their top page', async () => {
      const au = new Handset(gw, UA.au, { ip: CARRIER_IP.au, subscriber: ['X-UP-SUBNO', subscriberIdOf(await memberOf(conn.db, 'au'), 'au')], keepsCookies: true });
      await au.easyLogin();
      expect(au.signedIn()).toBe(true);
      const sb = new Handset(gw, UA.softbank, { ip: CARRIER_IP.softbank, subscriber: ['X-JPHONE-UID', subscriberIdOf(await memberOf(conn.db, 'softbank'), 'softbank')], keepsCookies: true });
      await sb.easyLogin();
      expect(sb.signedIn()).toBe(true);
      const phone = new Handset(gw, UA.iphone, { keepsCookies: true });
      await phone.passwordLogin(scaleLogin(await memberOf(conn.db, 'smartphone')), SCALE_PASSWORD);
      expect(phone.signedIn()).toBe(true);
    });

    it('derived tables agree with the app: the feed is what a rebuild gives, friendships are symmetric, counters match their rows', async () => {
      const db = conn.db;
      const feed = async () => createHash('sha256').update(JSON.stringify(await db.selectFrom('feed_items').selectAll().orderBy('member_id').orderBy('entry_id').execute())).digest('hex');
      const before = await feed();
      expect((await db.selectFrom('feed_items').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n).not.toBe(0);
      await gw.booted.services.store.feeds.rebuild();
      expect(await feed()).toBe(before);
      const oneWay = await sql<{ n: number }>`select count(*) as n from friendships f left join friendships r on r.member_id = f.friend_id and r.friend_id = f.member_id where r.member_id is null`.execute(db);
      expect(Number(oneWay.rows[0]!.n)).toBe(0);
      const members = await sql<{ n: number }>`select count(*) as n from communities c where c.member_count <> (select count(*) from community_members m where m.community_id = c.id and m.role in ('admin', 'sub', 'member'))`.execute(db);
      expect(Number(members.rows[0]!.n)).toBe(0);
      const topics = await sql<{ n: number }>`select count(*) as n from community_topics t where t.comment_count <> (select count(*) from community_comments c where c.topic_id = t.id) or (t.comment_count > 0 and t.last_comment_at <> (select max(created_at) from community_comments c where c.topic_id = t.id))`.execute(db);
      expect(Number(topics.rows[0]!.n)).toBe(0);
      const bests = await sql<{ n: number }>`select count(*) as n from game_best w join game_best a on a.game_id = w.game_id and a.member_id = w.member_id and a.period = 'all' where w.period <> 'all' and w.score > a.score`.execute(db);
      expect(Number(bests.rows[0]!.n)).toBe(0);
      const comments = await sql<{ n: number }>`select count(*) as n from diary_comments c join diary_entries e on e.id = c.entry_id where c.created_at < e.created_at or e.visibility = 'self'`.execute(db);
      expect(Number(comments.rows[0]!.n)).toBe(0);
    });

    it('refuses a database that has members unless forced (which empties it first); the same seed gives the same rows', async () => {
      await expect(generateScale({ databaseUrl: database.url, members: 50, seed: 7, now: NOW, progress: null })).rejects.toBeInstanceOf(RefusedError);
      const other = await scratchDatabase(dialect);
      try {
        await generateScale({ databaseUrl: other.url, members: MEMBERS, seed: 7, now: NOW, progress: null });
        const c2 = await openDatabase(other.url);
        try {
          const digest = async (c: Connection) => createHash('sha256').update(JSON.stringify(await c.db.selectFrom('diary_entries').select(['id', 'member_id', 'title', 'body', 'visibility', 'created_at']).orderBy('id').execute())).digest('hex');
          expect(await digest(c2)).toBe(await digest(conn));
          // --force empties the database first: nothing of the 600-member set is left beside the new one.
          await generateScale({ databaseUrl: other.url, members: 50, seed: 8, now: NOW, progress: null, force: true });
          const count = async (table: 'members' | 'feed_items' | 'diary_entries', column: string) =>
            Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(column)} > 50`.execute(c2.db)).rows[0]!.n);
          expect(await count('members', 'id')).toBe(0);
          expect(await count('feed_items', 'member_id')).toBe(0);
          expect(await count('diary_entries', 'member_id')).toBe(0);
          expect(Number((await c2.db.selectFrom('members').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(50);
        } finally {
          await c2.close();
        }
      } finally {
        await other.drop();
      }
    }, 120_000);

    it('the load driver\'s requests land signed in, on every carrier (a few seconds; a welcome page would count as an error)', async () => {
      const r = await runLoad({ databaseUrl: database.url, seconds: 2, warmupSeconds: 0, connections: 4, members: 20, workers: 1, seed: 1, port: await freePort() });
      expect([...r.signedIn.keys()].sort()).toEqual(['au', 'docomo', 'smartphone', 'softbank']);
      expect(r.stats.requests).toBeGreaterThan(0);
      expect([...r.stats.reasons]).toEqual([]);
      expect(r.stats.errors).toBe(0);
    }, 120_000);

    it('the driver counts the welcome page, a redirect to sign-in and a refused post as errors', async () => {
      const reply = async (method: string, path: string, body?: string) => {
        const res = await gw.request(method, path, { headers: { 'User-Agent': UA.docomo, ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) }, peer: CARRIER_IP.docomo, ...(body ? { body } : {}) });
        return { status: res.status, location: res.headers.get('location'), setCookies: [], body: Buffer.from(await res.arrayBuffer()), ms: 0 };
      };
      expect(pageProblem(await reply('GET', '/?sid=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'), ['/footprints'])).toBe('welcome/login page (not signed in)');
      expect(pageProblem(await reply('GET', '/footprints'), ['accesskey="0"'])).toMatch(/^redirect to .*\/login/);
      expect(postProblem(await reply('POST', '/echo', 'body=x'), /\/echo\b/)).not.toBeNull();
    });
  });
}
