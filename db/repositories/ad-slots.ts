import type { AdSlotRepository, Placement, Target } from '../../core/ads/ports.js';
import { type Db, insertOnce, num } from '../util.js';

export function adSlots(db: Db): AdSlotRepository {
  return {
    async take(placement, target, week, cap) {
      await insertOnce(() => db.insertInto('ad_slots').values({ placement, target, week, sold: 0 }).execute());
      // One conditional statement: of two sales racing for the last slot, only one updates a row.
      const r = await db
        .updateTable('ad_slots')
        .set((eb) => ({ sold: eb('sold', '+', 1) }))
        .where('placement', '=', placement)
        .where('target', '=', target)
        .where('week', '=', week)
        .where('sold', '<', cap)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async sold(weeks) {
      if (!weeks.length) return [];
      const rows = await db.selectFrom('ad_slots').selectAll().where('week', 'in', [...weeks]).execute();
      return rows.map((r) => ({ placement: r.placement as Placement, target: r.target as Target, week: r.week, sold: num(r.sold) }));
    },
    async addBooking(b, createdAt) {
      const r = await db.insertInto('ad_bookings').values({ campaign_id: b.campaignId, placement: b.placement, target: b.target, week: b.week, impressions: b.impressions, created_at: createdAt }).executeTakeFirstOrThrow();
      return Number(r.insertId);
    },
    async bookings(campaignIds) {
      if (!campaignIds.length) return [];
      const rows = await db.selectFrom('ad_bookings').selectAll().where('campaign_id', 'in', [...campaignIds]).orderBy('week').orderBy('id').execute();
      return rows.map((r) => ({ id: num(r.id), campaignId: num(r.campaign_id), placement: r.placement as Placement, target: r.target as Target, week: r.week, impressions: num(r.impressions) }));
    },
  };
}
