/**
 * Communities (one per 100 members), memberships with a popular head and a long tail, topics
 * with numbered comments; the counters the app keeps (member_count, comment_count,
 * last_comment_at, last_activity_at) are computed from the rows written, as recount/nextNumber do.
 */
import { CATEGORIES } from '../../core/communities/ports.js';
import { DAY, HOUR } from './plan.js';
import { Rng } from './rng.js';
import type { Sink } from './sink.js';
import { comment, communityName, topicTitle } from './text.js';

export interface CommunityCounts {
  communities: number;
  memberships: number;
  topics: number;
  comments: number;
}

export async function writeCommunities(sink: Sink, members: number, seed: number, now: number): Promise<CommunityCounts> {
  const rng = new Rng(seed, 10);
  const n = Math.max(3, Math.round(members / 100));
  const roster: number[][] = Array.from({ length: n + 1 }, () => []);
  const admin = new Int32Array(n + 1);
  for (let c = 1; c <= n; c++) {
    admin[c] = 1 + rng.int(members);
    roster[c]!.push(admin[c]!);
  }
  // Each member joins a few; low-numbered communities are the popular ones.
  for (let m = 1; m <= members; m++) {
    const k = Math.min(20, rng.geometric(2.5));
    for (let i = 0; i < k; i++) {
      const c = 1 + Math.floor(n * Math.pow(rng.next(), 2.5));
      const r = roster[c]!;
      // A member's draws are consecutive: a repeat of m can only be the last one added (or the admin).
      if (r[r.length - 1] !== m && r[0] !== m) r.push(m);
    }
  }
  const cm = sink.table('community_members', ['community_id', 'member_id', 'role', 'joined_at']);
  const tp = sink.table('community_topics', ['id', 'community_id', 'author_id', 'kind', 'title', 'body', 'comment_count', 'last_comment_at', 'event_at', 'place', 'deadline', 'capacity', 'created_at', 'updated_at']);
  const cc = sink.table('community_comments', ['id', 'topic_id', 'number', 'author_id', 'body', 'deleted', 'created_at']);
  const rows: (string | number | null)[][] = [];
  const counts: CommunityCounts = { communities: n, memberships: 0, topics: 0, comments: 0 };
  for (let c = 1; c <= n; c++) {
    const people = roster[c]!;
    const created = now - 120 * DAY - Math.floor(rng.next() * 60 * DAY);
    for (const [i, m] of people.entries()) {
      await cm.add([c, m, i === 0 ? 'admin' : 'member', created + (i === 0 ? 0 : 1000 + Math.floor(rng.next() * 100 * DAY))]);
    }
    counts.memberships += people.length;
    let activity = created;
    const topics = Math.min(30, 1 + rng.geometric(Math.min(10, people.length / 20)));
    for (let t = 0; t < topics; t++) {
      const topicId = ++counts.topics;
      const at = now - 60_000 - Math.floor(rng.next() * 60 * DAY);
      const k = Math.min(300, rng.geometric(Math.min(40, 1 + people.length / 10)));
      let last = at;
      for (let i = 1; i <= k; i++) {
        last = Math.min(now - 1000, last + 1000 + Math.floor(rng.next() * 6 * HOUR));
        await cc.add([++counts.comments, topicId, i, rng.pick(people), i > 1 && rng.chance(0.3) ? `>>${rng.between(1, i - 1)} ${comment(rng)}` : comment(rng), 0, last]);
      }
      await tp.add([topicId, c, rng.pick(people), 'topic', topicTitle(rng), `${topicTitle(rng)}\n${comment(rng)}`, k, last, null, null, null, null, at, at]);
      activity = Math.max(activity, last);
    }
    const readers = rng.chance(0.6) ? 'members' : rng.chance(0.6) ? 'everyone' : 'community';
    rows.push([c, admin[c]!, communityName(rng, c), rng.pick(CATEGORIES), `${communityName(rng, c)}のコミュニティです。\n${comment(rng)}`, null, rng.chance(0.85) ? 'open' : 'approval', readers, 'open', people.length, activity, created]);
  }
  await cm.flush();
  await tp.flush();
  await cc.flush();
  const co = sink.table('communities', ['id', 'admin_id', 'name', 'category', 'description', 'photo_id', 'join_policy', 'readers', 'status', 'member_count', 'last_activity_at', 'created_at']);
  for (const r of rows) await co.add(r);
  await co.flush();
  return counts;
}
