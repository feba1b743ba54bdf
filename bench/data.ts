/**
 * The bench data set (shared by `npm run bench`'s server and the in-process page driver).
 */
import type { Store } from '../core/store.js';
import type { Visibility } from '../core/diary/ports.js';

/**
 * A data set of a realistic shape around the demo members: each member has ~10 diary entries,
 * ~20 friends, comments and footprints; the demo members are friends with many of them.
 */
export async function populate(store: Store, n: number): Promise<void> {
  const now = Date.now();
  const vis: Visibility[] = ['friends', 'members', 'public', 'friends-of-friends', 'self'];
  const ids: number[] = [];
  await store.transaction(async (tx) => {
    for (let i = 0; i < n; i++) {
      ids.push(await tx.members.insert({ login: `bench${i}`, nickname: `ベンチ${i}`, passwordHash: 'x', birthDate: '1990-01-01', mail: null, mailVerifiedAt: now, status: 'active', invitedBy: null, createdAt: now }));
    }
    const demo = [1, 2, 3, 4];
    for (const [k, id] of ids.entries()) {
      for (let f = 1; f <= 10; f++) await tx.friendships.befriend(id, ids[(k + f * 37) % n]!, now);
      if (k % 10 === 0) for (const d of demo) await tx.friendships.befriend(id, d, now);
      for (let e = 0; e < 10; e++) {
        const entry = await tx.diary.insert({ memberId: id, title: `日記${e}☀️`, body: '今日はマイミクと渋谷で表示ソフトの能力テストをしました。\n'.repeat(8), visibility: vis[e % vis.length]!, createdAt: now - (k * 10 + e) * 60_000, updatedAt: now });
        if (e < 3) await tx.comments.insert({ entryId: entry, authorId: ids[(k + 1) % n]!, replyTo: null, body: 'いいね！', createdAt: now - e * 1000 });
      }
      await tx.footprints.insert(ids[(k + 3) % n]!, id, now - k * 1000);
    }
  });
  await store.feeds.rebuild();
  console.log(`bench data: ${n} members, ${n * 10} diary entries, ~${n * 20} friendships, ${n * 3} comments, ${n} footprints`);
  await populateCommunities(store, ids, now);
}

/**
 * 50 communities (after the two demo ones, so ids 3…52) of which the demo docomo member (id 2)
 * joined all; community 3 has every bench member and, as its first topic (id 5, after the four
 * demo topics), a thread of 1,000 comments; each community has 20 more topics.
 */
async function populateCommunities(store: Store, ids: number[], now: number): Promise<void> {
  await store.transaction(async (tx) => {
    for (let c = 0; c < 50; c++) {
      const cid = await tx.communities.insert({ adminId: ids[c]!, name: `ベンチコミュ${c}📱`, category: 'hobby', description: 'ベンチマーク用のコミュニティです。\n'.repeat(3), joinPolicy: 'open', readers: 'members', photoId: null, status: 'open', memberCount: 0, lastActivityAt: now - c * 60_000, createdAt: now });
      await tx.communityMembers.add({ communityId: cid, memberId: ids[c]!, role: 'admin', joinedAt: now });
      await tx.communityMembers.add({ communityId: cid, memberId: 2, role: 'member', joinedAt: now });
      if (c === 0) for (const id of ids.slice(1)) await tx.communityMembers.add({ communityId: cid, memberId: id, role: 'member', joinedAt: now });
      const base = { communityId: cid, kind: 'topic' as const, body: 'トピックの本文です☀️\n'.repeat(5), eventAt: null, place: null, deadline: null, capacity: null, createdAt: now, updatedAt: now };
      if (c === 0) {
        const big = await tx.communityTopics.insert({ ...base, authorId: ids[1]!, title: '1000コメントのトピック', commentCount: 1000, lastCommentAt: now });
        for (let k = 1; k <= 1000; k++) await tx.communityComments.insert({ topicId: big, number: k, authorId: ids[k % ids.length]!, body: `>>${Math.max(1, k - 1)} コメント${k}です🍙`, deleted: false, createdAt: now - (1000 - k) * 1000 });
      }
      for (let t = 0; t < 20; t++) await tx.communityTopics.insert({ ...base, authorId: ids[(c + t) % ids.length]!, title: `話題${t}`, commentCount: 0, lastCommentAt: now - t * 60_000 });
      await tx.communities.recount(cid);
    }
  });
  console.log('bench communities: 50 (the demo docomo member in all), one of every bench member, a topic of 1,000 comments');
}
