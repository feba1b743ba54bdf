import type { CommunityMemberRepository, CommunityRole, Membership } from '../../core/communities/ports.js';
import { type Db, insertOnce, num } from '../util.js';

const toMembership = (r: { community_id: number; member_id: number; role: string; joined_at: number }): Membership => ({
  communityId: num(r.community_id),
  memberId: num(r.member_id),
  role: r.role as CommunityRole,
  joinedAt: num(r.joined_at),
});

export function communityMembers(db: Db): CommunityMemberRepository {
  return {
    async add(m) {
      return insertOnce(() => db.insertInto('community_members').values({ community_id: m.communityId, member_id: m.memberId, role: m.role, joined_at: m.joinedAt }).execute());
    },
    async setRole(communityId, memberId, role, from) {
      // Conditional on the role the caller decided from: a change made meanwhile wins, this one reports false.
      if (from.length === 0) return false;
      const r = await db.updateTable('community_members').set({ role }).where('community_id', '=', communityId).where('member_id', '=', memberId).where('role', 'in', [...from]).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async remove(communityId, memberId, from) {
      if (from.length === 0) return false;
      const r = await db.deleteFrom('community_members').where('community_id', '=', communityId).where('member_id', '=', memberId).where('role', 'in', [...from]).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async role(communityId, memberId) {
      const r = await db.selectFrom('community_members').select('role').where('community_id', '=', communityId).where('member_id', '=', memberId).executeTakeFirst();
      return r ? (r.role as CommunityRole) : null;
    },
    async ofMember(memberId, roles, limit) {
      if (roles.length === 0) return [];
      const rows = await db.selectFrom('community_members').selectAll().where('member_id', '=', memberId).where('role', 'in', [...roles]).orderBy('joined_at', 'desc').limit(limit).execute();
      return rows.map(toMembership);
    },
    async list(communityId, roles, limit, offset) {
      if (roles.length === 0) return [];
      const rows = await db
        .selectFrom('community_members')
        .selectAll()
        .where('community_id', '=', communityId)
        .where('role', 'in', [...roles])
        .orderBy('joined_at')
        .orderBy('member_id')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map(toMembership);
    },
    async successor(communityId, excluding) {
      for (const role of ['sub', 'member'] as const) {
        const r = await db
          .selectFrom('community_members')
          .select('member_id')
          .where('community_id', '=', communityId)
          .where('role', '=', role)
          .where('member_id', '<>', excluding)
          .orderBy('joined_at')
          .orderBy('member_id')
          .executeTakeFirst();
        if (r) return num(r.member_id);
      }
      return null;
    },
    async joinedBy(memberIds, limit) {
      if (memberIds.length === 0) return [];
      const rows = await db
        .selectFrom('community_members')
        .select(['community_id', (eb) => eb.fn.countAll().as('n')])
        .where('member_id', 'in', [...new Set(memberIds)])
        .where('role', 'in', ['admin', 'sub', 'member'])
        .groupBy('community_id')
        .orderBy('n', 'desc')
        .orderBy('community_id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ communityId: num(r.community_id), count: num(r.n) }));
    },
  };
}
