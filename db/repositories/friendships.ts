import type { FriendshipRepository } from '../../core/friends/ports.js';
import { compiledOnce, type Db, insertOnce, num } from '../util.js';

export function friendships(db: Db): FriendshipRepository {
  const amongQ = compiledOnce(db, (memberId: number, ids: number[]) => db.selectFrom('friendships').select('friend_id').where('member_id', '=', memberId).where('friend_id', 'in', ids));
  // Active friends are counted by the database's triggers (migration 0034); those hidden from the
  // viewer (a block either way, a handful) are counted off by key.
  const keptQ = compiledOnce(db, (memberId: number) => db.selectFrom('member_versions').select('active_friends').where('member_id', '=', memberId));
  const activeQ = compiledOnce(db, (memberId: number, among: number[]) => {
    const q = db
      .selectFrom('friendships as f')
      .innerJoin('members as m', 'm.id', 'f.friend_id')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('f.member_id', '=', memberId)
      .where('m.status', '=', 'active');
    return among.length ? q.where('f.friend_id', 'in', among) : q;
  });
  /** Pairs (x, y) sharing a friend, x being `memberId`. */
  const sharingWith = (memberId: number) =>
    db.selectFrom('friendships as x').innerJoin('friendships as y', 'y.friend_id', 'x.friend_id').where('x.member_id', '=', memberId);
  /** The friends (theirs) of `memberId`'s friends (mine). */
  const twoSteps = (memberId: number) =>
    db.selectFrom('friendships as mine').innerJoin('friendships as theirs', 'theirs.member_id', 'mine.friend_id').where('mine.member_id', '=', memberId);
  return {
    async befriend(a, b, now) {
      if (a === b) return false;
      return insertOnce(() => db.insertInto('friendships').values([{ member_id: a, friend_id: b, created_at: now }, { member_id: b, friend_id: a, created_at: now }]).execute());
    },
    async unfriend(a, b) {
      await db.deleteFrom('friendships').where((eb) => eb.or([eb.and([eb('member_id', '=', a), eb('friend_id', '=', b)]), eb.and([eb('member_id', '=', b), eb('friend_id', '=', a)])])).execute();
    },
    async friendsOf(memberId) {
      const rows = await db.selectFrom('friendships').select('friend_id').where('member_id', '=', memberId).orderBy('created_at').execute();
      return rows.map((r) => num(r.friend_id));
    },
    async countActiveFriends(memberId, excluding) {
      const hidden = excluding.length ? num((await activeQ(memberId, [...new Set(excluding)]))[0]?.n ?? 0) : 0;
      const [kept] = await keptQ(memberId);
      // Every member has a counter row (made with the member, migration 0027); counted in full otherwise.
      const all = kept ? num(kept.active_friends) : num((await activeQ(memberId, []))[0]?.n ?? 0);
      return Math.max(0, all - hidden);
    },
    async friendsAmong(memberId, ids) {
      if (ids.length === 0) return [];
      const rows = await amongQ(memberId, [...new Set(ids)]);
      return rows.map((r) => num(r.friend_id));
    },
    async areFriends(a, b) {
      const r = await db.selectFrom('friendships').select('friend_id').where('member_id', '=', a).where('friend_id', '=', b).executeTakeFirst();
      return r !== undefined;
    },
    async shareFriend(a, b) {
      const r = await sharingWith(a)
        .select('x.friend_id')
        .where('y.member_id', '=', b)
        .limit(1)
        .executeTakeFirst();
      return r !== undefined;
    },
    async sharingFriendAmong(memberId, ids) {
      if (ids.length === 0) return [];
      const rows = await sharingWith(memberId)
        .select('y.member_id as id')
        .distinct()
        .where('y.member_id', 'in', [...new Set(ids)])
        .execute();
      return rows.map((r) => num(r.id));
    },
    async friendsOfFriends(memberId, limit) {
      const rows = await twoSteps(memberId)
        .select('theirs.friend_id as id')
        .distinct()
        .where('theirs.friend_id', '!=', memberId)
        .limit(limit)
        .execute();
      return rows.map((r) => num(r.id));
    },
    async suggestions(memberId, limit) {
      const rows = await twoSteps(memberId)
        .select(['theirs.friend_id as candidate', (eb) => eb.fn.countAll().as('shared')])
        .where('theirs.friend_id', '!=', memberId)
        .where('theirs.friend_id', 'not in', db.selectFrom('friendships').select('friend_id').where('member_id', '=', memberId))
        .groupBy('theirs.friend_id')
        .orderBy('shared', 'desc')
        .orderBy('theirs.friend_id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ memberId: num(r.candidate), shared: num(r.shared) }));
    },
  };
}
