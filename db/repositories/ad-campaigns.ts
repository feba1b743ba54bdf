import type { AdCampaignRepository, Campaign, Creative, Placement, Target } from '../../core/ads/ports.js';
import type { AdCampaignsTable, AdCreativesTable } from '../schema.js';
import { type Db, insertOnce, num } from '../util.js';
import type { Selectable } from 'kysely';

const list = (s: string) => s.split('\n').filter(Boolean);

function campaign(r: Selectable<AdCampaignsTable>): Campaign {
  return {
    id: num(r.id),
    advertiserId: num(r.advertiser_id),
    name: r.name,
    startsAt: num(r.starts_at),
    endsAt: num(r.ends_at),
    gender: r.gender as Target,
    ageMin: num(r.age_min),
    ageMax: num(r.age_max),
    carriers: list(r.carriers),
    destinations: list(r.destinations),
    cornerTitle: r.corner_title,
    cornerBody: r.corner_body,
    signupQuestion: r.signup_question,
  };
}

const creative = (r: Omit<Selectable<AdCreativesTable>, 'image' | 'created_at'>): Creative => ({
  id: num(r.id),
  campaignId: num(r.campaign_id),
  placement: r.placement as Placement,
  mime: r.mime,
  width: num(r.width),
  height: num(r.height),
  alt: r.alt,
  destination: r.destination,
});

const CREATIVE_COLUMNS = ['id', 'campaign_id', 'placement', 'mime', 'width', 'height', 'alt', 'destination'] as const;

export function adCampaigns(db: Db): AdCampaignRepository {
  return {
    async insert(c, createdAt) {
      const r = await db
        .insertInto('ad_campaigns')
        .values({
          advertiser_id: c.advertiserId,
          name: c.name,
          starts_at: c.startsAt,
          ends_at: c.endsAt,
          gender: c.gender,
          age_min: c.ageMin,
          age_max: c.ageMax,
          carriers: c.carriers.join('\n'),
          destinations: c.destinations.join('\n'),
          corner_title: c.cornerTitle,
          corner_body: c.cornerBody,
          signup_question: c.signupQuestion,
          created_at: createdAt,
        })
        .executeTakeFirstOrThrow();
      return Number(r.insertId);
    },
    async byId(id) {
      const r = await db.selectFrom('ad_campaigns').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? campaign(r) : null;
    },
    async ofAdvertiser(advertiserId) {
      return (await db.selectFrom('ad_campaigns').selectAll().where('advertiser_id', '=', advertiserId).orderBy('id').execute()).map(campaign);
    },
    async running(now) {
      return (await db.selectFrom('ad_campaigns').selectAll().where('starts_at', '<=', now).where('ends_at', '>', now).orderBy('id').execute()).map(campaign);
    },
    async addCreative(c, image, createdAt) {
      const r = await db
        .insertInto('ad_creatives')
        .values({ campaign_id: c.campaignId, placement: c.placement, image, mime: c.mime, width: c.width, height: c.height, alt: c.alt, destination: c.destination, created_at: createdAt })
        .executeTakeFirstOrThrow();
      return Number(r.insertId);
    },
    async creatives(campaignIds) {
      if (!campaignIds.length) return [];
      return (await db.selectFrom('ad_creatives').select(CREATIVE_COLUMNS).where('campaign_id', 'in', [...campaignIds]).orderBy('id').execute()).map(creative);
    },
    async creativeImage(id) {
      const r = await db.selectFrom('ad_creatives').select([...CREATIVE_COLUMNS, 'image']).where('id', '=', id).executeTakeFirst();
      return r ? { creative: creative(r), image: new Uint8Array(r.image) } : null;
    },
    async addChapter(c) {
      const r = await db.insertInto('ad_chapters').values({ campaign_id: c.campaignId, title: c.title, body: c.body, release_at: c.releaseAt }).executeTakeFirstOrThrow();
      return Number(r.insertId);
    },
    async chapters(campaignId) {
      const rows = await db.selectFrom('ad_chapters').selectAll().where('campaign_id', '=', campaignId).orderBy('release_at').orderBy('id').execute();
      return rows.map((r) => ({ id: num(r.id), campaignId: num(r.campaign_id), title: r.title, body: r.body, releaseAt: num(r.release_at) }));
    },
    addSignup(campaignId, s) {
      return insertOnce(() => db.insertInto('ad_signups').values({ campaign_id: campaignId, member_id: s.memberId, nickname: s.nickname, answer: s.answer, created_at: s.createdAt }).execute());
    },
    async signups(campaignId) {
      const rows = await db.selectFrom('ad_signups').selectAll().where('campaign_id', '=', campaignId).orderBy('created_at').execute();
      return rows.map((r) => ({ memberId: num(r.member_id), nickname: r.nickname, answer: r.answer, createdAt: num(r.created_at) }));
    },
  };
}
