/** Row types: advertising. Timestamps are epoch milliseconds. */
import type { Generated } from 'kysely';

export interface AdvertisersTable {
  id: Generated<number>;
  login: string;
  name: string;
  password_hash: string;
  created_at: number;
}
export interface AdvertiserSessionsTable {
  token_hash: string;
  advertiser_id: number;
  expires_at: number;
}
export interface AdCampaignsTable {
  id: Generated<number>;
  advertiser_id: number;
  name: string;
  starts_at: number;
  ends_at: number;
  gender: string;
  age_min: number;
  age_max: number;
  carriers: string;
  destinations: string;
  corner_title: string;
  corner_body: string;
  signup_question: string;
  created_at: number;
}
export interface AdCreativesTable {
  id: Generated<number>;
  campaign_id: number;
  placement: string;
  image: Uint8Array;
  mime: string;
  width: number;
  height: number;
  alt: string;
  destination: string;
  created_at: number;
}
export interface AdSlotsTable {
  placement: string;
  target: string;
  week: string;
  sold: number;
}
export interface AdBookingsTable {
  id: Generated<number>;
  campaign_id: number;
  placement: string;
  target: string;
  week: string;
  impressions: number;
  created_at: number;
}
export interface AdChaptersTable {
  id: Generated<number>;
  campaign_id: number;
  title: string;
  body: string;
  release_at: number;
}
export interface AdSeenTable {
  day: string;
  kind: string;
  creative_id: number;
  member_id: number;
}
export interface AdCountsTable {
  day: string;
  creative_id: number;
  campaign_id: number;
  placement: string;
  grp: string;
  impressions: number;
  clicks: number;
}
export interface AdSignupsTable {
  campaign_id: number;
  member_id: number;
  nickname: string;
  answer: string;
  created_at: number;
}
