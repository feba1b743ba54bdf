/**
 * `npm run seed:scale`'s work: a database of N generated members that look as if they had joined
 * and used the site (scripts/seed-scale.ts is the command; this is callable from tests).
 *
 * The schema comes from the app's own migrations; the master secret is the app's (so subscriber
 * IDs hash as easy login computes them); rows are written in bulk (scripts/scale/sink.ts).
 */
import { deriveKey, hashPassword, masterSecret, subscriberIdHash } from '../../core/crypto.js';
import { TOP_SECTIONS } from '../../core/profiles/ports.js';
import { migrate, openDatabase, parseDatabaseUrl, type Connection } from '../../db/connection.js';
import { createStore } from '../../db/store.js';
import { writeCommunities } from './communities.js';
import { drawEntries, writeComments, writeEntries, writeFeed } from './diaries.js';
import { buildGraph, degree, friendsOf, type Graph } from './graph.js';
import { carrierOf, DAY, SCALE_MARKER, SCALE_PASSWORD, scaleLogin, subscriberIdOf, TIMELINE, type ScaleMarker } from './plan.js';
import { Progress } from './progress.js';
import { Rng } from './rng.js';
import { mysqlSink, sqliteSink, type Sink } from './sink.js';
import { writeEchoes, writeFootprints, writeGames, writeMessages } from './social.js';
import { AREAS, intro, nickname } from './text.js';
import { wipe } from './wipe.js';

export interface ScaleOptions {
  databaseUrl: string;
  members: number;
  seed: number;
  /** Epoch ms every timestamp is at or before (default: now). */
  now?: number;
  /** Replace whatever the database holds (otherwise a database with members is refused). */
  force?: boolean;
  /** The gateway's SECRET_KEY, when it has one (subscriber IDs are hashed with the key it derives). */
  secretKey?: string | null;
  /** Progress on stderr (null: silent). */
  progress?: NodeJS.WriteStream | null;
}

export type ScaleCounts = Record<string, number>;

export class RefusedError extends Error {}

const STEPS = 11;

async function prepare(conn: Connection, force: boolean, secretKey: string | null): Promise<Buffer> {
  await migrate(conn);
  const store = createStore(conn.db);
  const members = await store.members.count();
  if (members > 0) {
    if (!force) throw new RefusedError(`the database already has ${members.toLocaleString('en')} members: seed:scale fills only an empty database (--force empties it first, deleting everything in it)`);
    await wipe(conn);
  }
  return deriveKey(await masterSecret(store.secrets, secretKey), 'subscriber-id');
}

async function writeMembers(sink: Sink, g: Graph, seed: number, now: number, hash: string, subscriberKey: Buffer): Promise<void> {
  const rng = new Rng(seed, 11);
  const members = sink.table('members', ['id', 'login', 'nickname', 'password_hash', 'birth_date', 'mail', 'mail_verified_at', 'status', 'invited_by', 'created_at']);
  const profiles = sink.table('profiles', ['member_id', 'gender', 'show_age', 'area', 'intro', 'search_opt_out', 'default_visibility', 'top_sections', 'updated_at', 'photo_id']);
  const bindings = sink.table('subscriber_bindings', ['carrier', 'id_hash', 'member_id', 'created_at']);
  const span = TIMELINE.joinedFrom - TIMELINE.joinedTo;
  const sections = TOP_SECTIONS.join(',');
  for (let m = 1; m <= g.members; m++) {
    // Joined in id order; invited by an earlier member who became a friend, when there is one.
    const joined = now - TIMELINE.joinedFrom + Math.floor((span * m) / (g.members + 1));
    const inviter = friendsOf(g, m).find((f) => f < m) ?? null;
    const birth = `${rng.between(1960, 1994)}-${String(rng.between(1, 12)).padStart(2, '0')}-${String(rng.between(1, 28)).padStart(2, '0')}`;
    await members.add([m, scaleLogin(m), nickname(rng), hash, birth, `${scaleLogin(m)}@example.jp`, joined + 60_000, 'active', inviter, joined]);
    await profiles.add([m, rng.pick(['male', 'female', 'none']), rng.chance(0.5) ? 1 : 0, rng.pick(AREAS), intro(rng), rng.chance(0.05) ? 1 : 0, 'friends', sections, joined + DAY, null]);
    const carrier = carrierOf(m);
    if (carrier !== 'smartphone') await bindings.add([carrier, subscriberIdHash(subscriberKey, carrier, subscriberIdOf(m, carrier)), m, joined + 120_000]);
  }
  await members.flush();
  await profiles.flush();
  await bindings.flush();
}

/** When a and b became friends (the same for both rows, whichever is written first). */
function befriendedAt(a: number, b: number, seed: number, now: number): number {
  const [x, y] = a < b ? [a, b] : [b, a];
  const h = Math.imul(x ^ Math.imul(y, 0x9e3779b1) ^ seed, 0x85ebca6b) >>> 0;
  return now - TIMELINE.befriendFrom + (h % (TIMELINE.befriendFrom - TIMELINE.befriendTo));
}

/** Both rows of every friendship, in primary-key order (InnoDB clusters on it; SQLite appends). */
async function writeFriendships(sink: Sink, g: Graph, seed: number, now: number): Promise<void> {
  const t = sink.table('friendships', ['member_id', 'friend_id', 'created_at']);
  for (let a = 1; a <= g.members; a++) for (const b of friendsOf(g, a)) await t.add([a, b, befriendedAt(a, b, seed, now)]);
  await t.flush();
}

/** Fills the database; returns the rows written per table. */
export async function generateScale(o: ScaleOptions): Promise<ScaleCounts> {
  const parsed = parseDatabaseUrl(o.databaseUrl);
  if (parsed.dialect === 'sqlite' && parsed.path === ':memory:') throw new RefusedError('seed:scale needs a database file or server, not sqlite::memory:');
  if (!Number.isInteger(o.members) || o.members < 2) throw new RefusedError('--members must be a whole number of at least 2');
  const now = o.now ?? Date.now();
  const progress = new Progress(STEPS, o.progress === undefined ? process.stderr : o.progress);
  const conn = await openDatabase(o.databaseUrl);
  let subscriberKey: Buffer;
  try {
    subscriberKey = await prepare(conn, o.force ?? false, o.secretKey ?? null);
  } finally {
    await conn.close();
  }
  // One scrypt for everyone: 100,000 hashes would take over an hour (benchmark data only).
  const hash = await hashPassword(SCALE_PASSWORD);
  const sink = parsed.dialect === 'sqlite' ? await sqliteSink(parsed.path, (n) => progress.tick(n)) : await mysqlSink(parsed.urls[0] ?? parsed.url, (n) => progress.tick(n)); // a cluster is loaded through its first node
  const counts: ScaleCounts = {};
  try {
    const g = buildGraph(o.members, o.seed);
    progress.phase('members', o.members * 3);
    await writeMembers(sink, g, o.seed, now, hash, subscriberKey);
    counts.members = o.members;
    progress.phase('friendships', g.nbrs.length);
    await writeFriendships(sink, g, o.seed, now);
    counts.friendships = g.nbrs.length;
    const e = drawEntries(g, o.seed, now);
    progress.phase('diary entries', e.count);
    await writeEntries(sink, e, o.seed);
    counts.diary_entries = e.count;
    let fan = 0;
    for (let id = 1; id <= e.count; id++) if (!e.self[id]) fan += degree(g, e.author[id]!);
    progress.phase('feed', fan);
    await writeFeed(sink, g, e);
    counts.feed_items = fan;
    progress.phase('diary comments', e.count * 1.5);
    counts.diary_comments = await writeComments(sink, g, e, o.seed, now);
    progress.phase('footprints', o.members * 5);
    counts.footprints = await writeFootprints(sink, g, o.seed, now);
    progress.phase('messages', o.members * 1.4);
    counts.messages = await writeMessages(sink, g, o.seed, now);
    progress.phase('echoes', o.members * 0.8);
    counts.echoes = await writeEchoes(sink, g, o.seed, now);
    progress.phase('game scores', o.members * 0.5);
    counts.game_best = await writeGames(sink, o.members, o.seed, now);
    progress.phase('communities', o.members * 3);
    const c = await writeCommunities(sink, o.members, o.seed, now);
    Object.assign(counts, { communities: c.communities, community_members: c.memberships, community_topics: c.topics, community_comments: c.comments });
    progress.phase('marker', 1);
    const marker: ScaleMarker = { v: 1, members: o.members, seed: o.seed, now };
    const t = sink.table('app_secrets', ['name', 'value']);
    await t.add([SCALE_MARKER, JSON.stringify(marker)]);
    await t.flush();
    progress.done();
  } finally {
    await sink.close();
  }
  return counts;
}
