import type { AdCountRepository, Placement } from '../../core/ads/ports.js';
import { type Db, insertOnce, num } from '../util.js';

export function adCounts(db: Db): AdCountRepository {
  const bump = (r: { day: string; creativeId: number; placement: string; group: string; impressions: number; clicks: number }) =>
    db
      .updateTable('ad_counts')
      .set((eb) => ({ impressions: eb('impressions', '+', r.impressions), clicks: eb('clicks', '+', r.clicks) }))
      .where('day', '=', r.day)
      .where('creative_id', '=', r.creativeId)
      .where('placement', '=', r.placement)
      .where('grp', '=', r.group)
      .executeTakeFirst();
  return {
    markSeen(day, kind, creativeId, memberId) {
      return insertOnce(() => db.insertInto('ad_seen').values({ day, kind, creative_id: creativeId, member_id: memberId }).execute());
    },
    async seen(day, kind, creativeId, memberId) {
      const r = await db.selectFrom('ad_seen').select('member_id').where('day', '=', day).where('kind', '=', kind).where('creative_id', '=', creativeId).where('member_id', '=', memberId).executeTakeFirst();
      return !!r;
    },
    async add(row) {
      if (Number((await bump(row)).numUpdatedRows) > 0) return;
      const fresh = await insertOnce(() =>
        db.insertInto('ad_counts').values({ day: row.day, creative_id: row.creativeId, campaign_id: row.campaignId, placement: row.placement, grp: row.group, impressions: row.impressions, clicks: row.clicks }).execute(),
      );
      if (!fresh) await bump(row); // another writer created the row first
    },
    async forCampaign(campaignId, fromDay, toDay) {
      const rows = await db.selectFrom('ad_counts').selectAll().where('campaign_id', '=', campaignId).where('day', '>=', fromDay).where('day', '<=', toDay).orderBy('day').execute();
      return rows.map((r) => ({ day: r.day, creativeId: num(r.creative_id), campaignId: num(r.campaign_id), placement: r.placement as Placement, group: r.grp, impressions: num(r.impressions), clicks: num(r.clicks) }));
    },
    async uniques(creativeIds, fromDay, toDay) {
      const out = new Map<string, number>();
      if (!creativeIds.length) return out;
      const rows = await db
        .selectFrom('ad_seen')
        .select(['day', (eb) => eb.fn.count<number>('member_id').distinct().as('n')])
        .where('kind', '=', 'i')
        .where('creative_id', 'in', [...creativeIds])
        .where('day', '>=', fromDay)
        .where('day', '<=', toDay)
        .groupBy('day')
        .execute();
      for (const r of rows) out.set(r.day, Number(r.n));
      return out;
    },
  };
}
