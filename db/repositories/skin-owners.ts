import type { SkinArea, SkinOwnerRepository } from '../../core/collection/ports.js';
import { compiledOnce, type Db, insertOnce, num } from '../util.js';

/** Who owns which design, and which design each member's page areas wear. */
export function skinOwners(db: Db): SkinOwnerRepository {
  const appliedQ = compiledOnce(db, (memberId: number) => db.selectFrom('skin_applied').select(['area', 'skin_id']).where('member_id', '=', memberId));
  return {
    async add(o) {
      return insertOnce(() => db.insertInto('skin_owners').values({ member_id: o.memberId, skin_id: o.skinId, ref: o.ref, acquired_at: o.acquiredAt }).execute());
    },
    async owns(memberId, skinId) {
      return !!(await db.selectFrom('skin_owners').select('skin_id').where('member_id', '=', memberId).where('skin_id', '=', skinId).executeTakeFirst());
    },
    async owned(memberId) {
      const rows = await db.selectFrom('skin_owners').selectAll().where('member_id', '=', memberId).orderBy('acquired_at').execute();
      return rows.map((r) => ({ memberId: num(r.member_id), skinId: num(r.skin_id), ref: r.ref, acquiredAt: num(r.acquired_at) }));
    },
    async apply(memberId, area, skinId, now) {
      const r = await db.updateTable('skin_applied').set({ skin_id: skinId, updated_at: now }).where('member_id', '=', memberId).where('area', '=', area).executeTakeFirst();
      if (Number(r.numUpdatedRows) > 0) return;
      if (!(await insertOnce(() => db.insertInto('skin_applied').values({ member_id: memberId, area, skin_id: skinId, updated_at: now }).execute()))) {
        await db.updateTable('skin_applied').set({ skin_id: skinId, updated_at: now }).where('member_id', '=', memberId).where('area', '=', area).execute();
      }
    },
    async remove(memberId, area) {
      await db.deleteFrom('skin_applied').where('member_id', '=', memberId).where('area', '=', area).execute();
    },
    async applied(memberId) {
      const rows = await appliedQ(memberId);
      return new Map(rows.map((r) => [r.area as SkinArea, num(r.skin_id)]));
    },
  };
}
