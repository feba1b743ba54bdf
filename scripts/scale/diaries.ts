/**
 * Diary entries, the fan-out feed the top page reads (`feed_items`: one row per friend of the
 * author for every entry not kept to oneself, as DiaryService writes it at publishing; every
 * friendship predates every entry, so the feed holds all of them), and comments with replies.
 */
import { chronological, floats, ints } from './chrono.js';
import { degree, friendsOf, randomFriend, type Graph } from './graph.js';
import { HOUR, TIMELINE } from './plan.js';
import { Rng } from './rng.js';
import type { Sink } from './sink.js';
import { comment, diaryBody, diaryTitle } from './text.js';

const VISIBILITY = ['friends', 'friends', 'friends', 'friends', 'friends', 'friends', 'friends', 'friends', 'friends', 'friends',
  'members', 'members', 'members', 'members', 'members', 'friends-of-friends', 'friends-of-friends', 'public', 'public', 'self'] as const;

export interface Entries {
  count: number;
  /** Per entry id (1-based; index 0 unused): author, time, visibility index. */
  author: Int32Array;
  time: Float64Array;
  self: Uint8Array;
}

/** Draws who writes when (a quarter never write; others ~3.5 entries, newest days the busiest). */
export function drawEntries(g: Graph, seed: number, now: number): Entries {
  const rng = new Rng(seed, 2);
  const who = ints();
  const when = floats();
  for (let m = 1; m <= g.members; m++) {
    if (rng.chance(0.25)) continue;
    const k = Math.min(40, 1 + rng.geometric(2.5));
    for (let i = 0; i < k; i++) {
      who.push(m);
      when.push(Math.floor(now - 60_000 - TIMELINE.writtenWithin * Math.pow(rng.next(), 2)));
    }
  }
  const order = chronological(when.data, when.length);
  const n = order.length;
  const e: Entries = { count: n, author: new Int32Array(n + 1), time: new Float64Array(n + 1), self: new Uint8Array(n + 1) };
  const vis = new Rng(seed, 3);
  for (let id = 1; id <= n; id++) {
    e.author[id] = who.data[order[id - 1]!]!;
    e.time[id] = when.data[order[id - 1]!]!;
    e.self[id] = vis.int(VISIBILITY.length) === VISIBILITY.length - 1 ? 1 : 0;
  }
  return e;
}

export async function writeEntries(sink: Sink, e: Entries, seed: number): Promise<void> {
  const rng = new Rng(seed, 4);
  const vis = new Rng(seed, 3);
  const t = sink.table('diary_entries', ['id', 'member_id', 'title', 'body', 'visibility', 'created_at', 'updated_at']);
  for (let id = 1; id <= e.count; id++) {
    // Same draws as drawEntries: the visibility there decided `self`; here its name is written.
    const v = VISIBILITY[vis.int(VISIBILITY.length)]!;
    await t.add([id, e.author[id]!, diaryTitle(rng), diaryBody(rng), v, e.time[id]!, e.time[id]!]);
  }
  await t.flush();
}

/** Every member's feed rows together, in primary-key order (member, entry), as the index wants them. */
export async function writeFeed(sink: Sink, g: Graph, e: Entries): Promise<void> {
  // Entries of each author, ascending (ids are chronological).
  const first = new Int32Array(g.members + 2);
  for (let id = 1; id <= e.count; id++) if (!e.self[id]) first[e.author[id]! + 1]!++;
  for (let m = 1; m <= g.members + 1; m++) first[m]! += first[m - 1]!;
  const byAuthor = new Int32Array(first[g.members + 1]!);
  const fill = first.slice();
  for (let id = 1; id <= e.count; id++) if (!e.self[id]) byAuthor[fill[e.author[id]!]!++] = id;
  const t = sink.table('feed_items', ['member_id', 'entry_id', 'author_id', 'created_at']);
  for (let m = 1; m <= g.members; m++) {
    const mine: number[] = [];
    for (const f of friendsOf(g, m)) for (let k = first[f]!; k < first[f + 1]!; k++) mine.push(byAuthor[k]!);
    mine.sort((x, y) => x - y);
    for (const id of mine) await t.add([m, id, e.author[id]!, e.time[id]!]);
  }
  await t.flush();
}

/** Friends comment (newest entries get theirs within hours); the author answers some. */
export async function writeComments(sink: Sink, g: Graph, e: Entries, seed: number, now: number): Promise<number> {
  const rng = new Rng(seed, 5);
  const entry = ints();
  const author = ints();
  const when = floats();
  const replyTo = ints(); // index into these columns, or -1
  for (let id = 1; id <= e.count; id++) {
    const a = e.author[id]!;
    if (e.self[id] || degree(g, a) === 0) continue;
    const k = Math.min(12, rng.geometric(1.2));
    let at = e.time[id]!;
    for (let i = 0; i < k; i++) {
      at = Math.min(now - 1000, at + Math.floor(rng.next() * 12 * HOUR) + 1000);
      const c = entry.push(id);
      author.push(randomFriend(g, a, rng)!);
      when.push(at);
      replyTo.push(-1);
      if (rng.chance(0.3)) {
        at = Math.min(now - 1000, at + Math.floor(rng.next() * 2 * HOUR) + 1000);
        entry.push(id);
        author.push(a);
        when.push(at);
        replyTo.push(c);
      }
    }
  }
  const order = chronological(when.data, when.length);
  const idOf = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) idOf[order[i]!] = i + 1;
  const t = sink.table('diary_comments', ['id', 'entry_id', 'author_id', 'reply_to', 'body', 'created_at']);
  for (let i = 0; i < order.length; i++) {
    const c = order[i]!;
    const r = replyTo.data[c]!;
    await t.add([i + 1, entry.data[c]!, author.data[c]!, r < 0 ? null : idOf[r]!, comment(rng), when.data[c]!]);
  }
  await t.flush();
  return order.length;
}
