/**
 * Footprints, messages, Echo and game scores of the generated set, each in time order (ids as the
 * app would give them) and within the rules the app keeps (footprints collapse repeat visits,
 * so each visitor appears once per owner here; a week's best never beats the all-time best).
 */
import { createHash } from 'node:crypto';
import { GAMES, weekOf } from '../../core/games/service.js';
import { startOfJapanDay } from '../../core/time.js';
import { chronological, floats, ints } from './chrono.js';
import { degree, randomFriend, type Graph } from './graph.js';
import { DAY, HOUR } from './plan.js';
import { Rng } from './rng.js';
import type { Sink } from './sink.js';
import { echoBody, messageBody, messageSubject } from './text.js';

/** Visits to each member's pages: mostly friends, some strangers; about a third of them today. */
export async function writeFootprints(sink: Sink, g: Graph, seed: number, now: number): Promise<number> {
  const rng = new Rng(seed, 6);
  const today = startOfJapanDay(now);
  const owner = ints();
  const visitor = ints();
  const when = floats();
  for (let m = 1; m <= g.members; m++) {
    const k = Math.min(30, rng.geometric(6));
    const seen = new Set<number>([m]);
    for (let i = 0; i < k; i++) {
      const v = rng.chance(0.7) && degree(g, m) > 0 ? randomFriend(g, m, rng)! : 1 + rng.int(g.members);
      if (seen.has(v)) continue;
      seen.add(v);
      owner.push(m);
      visitor.push(v);
      when.push(rng.chance(0.35) ? today + Math.floor(rng.next() * Math.max(1, now - 1000 - today)) : now - DAY - Math.floor(rng.next() * 29 * DAY));
    }
  }
  const order = chronological(when.data, when.length);
  const t = sink.table('footprints', ['id', 'owner_id', 'visitor_id', 'visited_at']);
  for (let i = 0; i < order.length; i++) await t.add([i + 1, owner.data[order[i]!]!, visitor.data[order[i]!]!, when.data[order[i]!]!]);
  await t.flush();
  return order.length;
}

/** Messages between friends; older ones read. */
export async function writeMessages(sink: Sink, g: Graph, seed: number, now: number): Promise<number> {
  const rng = new Rng(seed, 7);
  const from = ints();
  const to = ints();
  const when = floats();
  for (let m = 1; m <= g.members; m++) {
    if (degree(g, m) === 0) continue;
    const k = Math.min(10, rng.geometric(1.5));
    for (let i = 0; i < k; i++) {
      from.push(randomFriend(g, m, rng)!);
      to.push(m);
      when.push(now - 60_000 - Math.floor(60 * DAY * Math.pow(rng.next(), 2)));
    }
  }
  const order = chronological(when.data, when.length);
  const t = sink.table('messages', ['id', 'from_id', 'to_id', 'subject', 'body', 'created_at', 'read_at', 'sender_box', 'recipient_box']);
  for (let i = 0; i < order.length; i++) {
    const c = order[i]!;
    const at = when.data[c]!;
    const read = at < now - DAY && rng.chance(0.8) ? at + Math.floor(rng.next() * 12 * HOUR) : null;
    await t.add([i + 1, from.data[c]!, to.data[c]!, messageSubject(rng), messageBody(rng), at, read, 'sent', 'inbox']);
  }
  await t.flush();
  return order.length;
}

/** Echo: a third of members post; some answer an earlier echo. */
export async function writeEchoes(sink: Sink, g: Graph, seed: number, now: number): Promise<number> {
  const rng = new Rng(seed, 8);
  const who = ints();
  const when = floats();
  for (let m = 1; m <= g.members; m++) {
    if (!rng.chance(0.33)) continue;
    const k = 1 + rng.geometric(1.5);
    for (let i = 0; i < k; i++) {
      who.push(m);
      when.push(now - 60_000 - Math.floor(30 * DAY * Math.pow(rng.next(), 2)));
    }
  }
  const order = chronological(when.data, when.length);
  const t = sink.table('echoes', ['id', 'member_id', 'body', 'reply_to', 'created_at']);
  for (let i = 0; i < order.length; i++) {
    const reply = i > 0 && rng.chance(0.2) ? 1 + rng.int(i) : null;
    await t.add([i + 1, who.data[order[i]!]!, echoBody(rng), reply, when.data[order[i]!]!]);
  }
  await t.flush();
  return order.length;
}

/** Japan's Monday 00:00 of the ranking week `now` falls in. */
function weekStart(now: number): number {
  return Date.parse(`${weekOf(now).slice(1)}T00:00:00+09:00`);
}

/**
 * Scores in the free game (the paid one would need point spending in the ledger): 30% have an
 * all-time best, 40% of those a best this week too; each best has the finished play it came from.
 */
export async function writeGames(sink: Sink, members: number, seed: number, now: number): Promise<number> {
  const rng = new Rng(seed, 9);
  const game = GAMES.find((x) => x.pricePoints === 0)!;
  const max = game.seconds * game.maxPerSecond;
  const week = weekOf(now);
  const monday = weekStart(now);
  const best = sink.table('game_best', ['game_id', 'period', 'member_id', 'score', 'achieved_at']);
  const plays = sink.table('game_plays', ['token_hash', 'member_id', 'game_id', 'started_at', 'finished_at', 'score']);
  const play = async (m: number, score: number, at: number, k: string) =>
    plays.add([createHash('sha256').update(`scale:${seed}:${m}:${k}`).digest('hex'), m, game.id, at - game.seconds * 1000, at, score]);
  let rows = 0;
  for (let m = 1; m <= members; m++) {
    if (!rng.chance(0.3)) continue;
    // Most play a little; few come near the best possible score.
    const old = 20 + Math.floor((max - 40) * Math.pow(rng.next(), 2));
    const oldAt = monday - 1000 - Math.floor(rng.next() * 60 * DAY);
    let all = old;
    let allAt = oldAt;
    await play(m, old, oldAt, 'all');
    if (rng.chance(0.4)) {
      const w = 20 + Math.floor((max - 20) * Math.pow(rng.next(), 2));
      const wAt = monday + Math.floor(rng.next() * Math.max(1, now - 1000 - monday));
      await play(m, w, wAt, 'week');
      await best.add([game.id, week, m, w, wAt]);
      rows++;
      if (w > all) [all, allAt] = [w, wAt];
    }
    await best.add([game.id, 'all', m, all, allAt]);
    rows++;
  }
  await best.flush();
  await plays.flush();
  return rows;
}
