import type { Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/** Advertising: advertisers and their sessions, campaigns, creatives, weekly slots, counts. Frozen. */
export async function up(db: Kysely<any>, t: TableOptions): Promise<void> {
  await t
    .table(db.schema.createTable('advertisers'))
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('login', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await t
    .table(db.schema.createTable('advertiser_sessions'))
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('advertiser_id', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await t
    .table(db.schema.createTable('ad_campaigns'))
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('advertiser_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('gender', 'varchar(8)', (c) => c.notNull())
    .addColumn('age_min', 'integer', (c) => c.notNull())
    .addColumn('age_max', 'integer', (c) => c.notNull())
    .addColumn('carriers', 'varchar(100)', (c) => c.notNull())
    .addColumn('destinations', 'text', (c) => c.notNull())
    .addColumn('corner_title', 'varchar(100)', (c) => c.notNull())
    .addColumn('corner_body', 'text', (c) => c.notNull())
    .addColumn('signup_question', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ad_campaigns_advertiser').on('ad_campaigns').columns(['advertiser_id']).execute();
  await t
    .table(db.schema.createTable('ad_creatives'))
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('campaign_id', 'integer', (c) => c.notNull())
    .addColumn('placement', 'varchar(8)', (c) => c.notNull())
    .addColumn('image', t.blob, (c) => c.notNull())
    .addColumn('mime', 'varchar(32)', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('alt', 'varchar(100)', (c) => c.notNull())
    .addColumn('destination', 'varchar(500)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ad_creatives_campaign').on('ad_creatives').columns(['campaign_id']).execute();
  // Sold slots per placement, target group and week: a conditional increment sells the last one once.
  await t
    .table(db.schema.createTable('ad_slots'))
    .addColumn('placement', 'varchar(8)', (c) => c.notNull())
    .addColumn('target', 'varchar(8)', (c) => c.notNull())
    .addColumn('week', 'varchar(12)', (c) => c.notNull())
    .addColumn('sold', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('ad_slots_pk', ['placement', 'target', 'week'])
    .execute();
  await t
    .table(db.schema.createTable('ad_bookings'))
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('campaign_id', 'integer', (c) => c.notNull())
    .addColumn('placement', 'varchar(8)', (c) => c.notNull())
    .addColumn('target', 'varchar(8)', (c) => c.notNull())
    .addColumn('week', 'varchar(12)', (c) => c.notNull())
    .addColumn('impressions', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ad_bookings_campaign').on('ad_bookings').columns(['campaign_id']).execute();
  await t
    .table(db.schema.createTable('ad_chapters'))
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('campaign_id', 'integer', (c) => c.notNull())
    .addColumn('title', 'varchar(100)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('release_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ad_chapters_campaign').on('ad_chapters').columns(['campaign_id', 'release_at']).execute();
  // Per member per day: a first impression (uniques), a click, a login jack shown (day '-': ever).
  await t
    .table(db.schema.createTable('ad_seen'))
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('kind', 'varchar(4)', (c) => c.notNull())
    .addColumn('creative_id', 'integer', (c) => c.notNull())
    .addColumn('member_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('ad_seen_pk', ['day', 'kind', 'creative_id', 'member_id'])
    .execute();
  await t
    .table(db.schema.createTable('ad_counts'))
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('creative_id', 'integer', (c) => c.notNull())
    .addColumn('campaign_id', 'integer', (c) => c.notNull())
    .addColumn('placement', 'varchar(8)', (c) => c.notNull())
    .addColumn('grp', 'varchar(40)', (c) => c.notNull())
    .addColumn('impressions', 'integer', (c) => c.notNull())
    .addColumn('clicks', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('ad_counts_pk', ['day', 'creative_id', 'placement', 'grp'])
    .execute();
  await db.schema.createIndex('ad_counts_campaign').on('ad_counts').columns(['campaign_id', 'day']).execute();
  await t
    .table(db.schema.createTable('ad_signups'))
    .addColumn('campaign_id', 'integer', (c) => c.notNull())
    .addColumn('member_id', 'integer', (c) => c.notNull())
    .addColumn('nickname', 'varchar(100)', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ad_signups_pk', ['campaign_id', 'member_id'])
    .execute();
}
