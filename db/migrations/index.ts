import type { CreateTableBuilder, Kysely, Migration } from 'kysely';

type DataTypeExpression = Parameters<CreateTableBuilder<string, string>['addColumn']>[1];
import { sql } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_diary.js';
import * as m0003 from './0003_social.js';
import * as m0004 from './0004_profiles.js';
import * as m0005 from './0005_feed_index.js';
import * as m0006 from './0006_photos.js';
import * as m0007 from './0007_blog_import.js';
import * as m0008 from './0008_diary_photos.js';
import * as m0009 from './0009_feed.js';
import * as m0010 from './0010_form_nonces.js';
import * as m0011 from './0011_point_course.js';
import * as m0012 from './0012_games.js';
import * as m0013 from './0013_attempts.js';
import * as m0014 from './0014_mail_notify.js';
import * as m0015 from './0015_attempt_budgets.js';
import * as m0016 from './0016_communities.js';
import * as m0017 from './0017_community_section.js';
import * as m0018 from './0018_ads.js';
import * as m0019 from './0019_echo_mail_post.js';
import * as m0020 from './0020_staff.js';
import * as m0022 from './0022_billing_order.js';
import * as m0024 from './0024_collection.js';
import * as m0025 from './0025_decomail_premium.js';
import * as m0026 from './0026_leases.js';
import * as m0027 from './0027_member_versions.js';
import * as m0028 from './0028_hidden_versions.js';
import * as m0029 from './0029_comment_indexes.js';
import * as m0030 from './0030_ranking_indexes.js';
import * as m0031 from './0031_echo_versions.js';
import * as m0032 from './0032_comment_versions.js';
import * as m0033 from './0033_community_versions.js';
import * as m0034 from './0034_active_friends.js';
import * as m0035 from './0035_block_versions.js';

export type Dialect = 'sqlite' | 'mysql';

/** Per-dialect table options, so one migration set serves both (MySQL needs utf8mb4 for emoji). */
export interface TableOptions {
  table<T extends string, C extends string>(b: CreateTableBuilder<T, C>): CreateTableBuilder<T, C>;
  /** A binary column large enough for a photo (MySQL's plain BLOB stops at 64 KB). */
  blob: DataTypeExpression;
  /** For what the two spell differently (triggers). */
  dialect: Dialect;
}

function tableOptions(dialect: Dialect): TableOptions {
  return {
    table: (b) => (dialect === 'mysql' ? b.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`) : b),
    blob: dialect === 'mysql' ? sql`mediumblob` : 'blob',
    dialect,
  };
}

type Step = { up(db: Kysely<any>, t: TableOptions): Promise<void> };
const STEPS: Record<string, Step> = {
  '0001_foundation': m0001,
  '0002_diary': m0002,
  '0003_social': m0003,
  '0004_profiles': m0004,
  '0005_feed_index': m0005,
  '0006_photos': m0006,
  '0007_blog_import': m0007,
  '0008_diary_photos': m0008,
  '0009_feed': m0009,
  '0010_form_nonces': m0010,
  '0011_point_course': m0011,
  '0012_games': m0012,
  '0013_attempts': m0013,
  '0014_mail_notify': m0014,
  '0015_attempt_budgets': m0015,
  '0016_communities': m0016,
  '0017_community_section': m0017,
  '0018_ads': m0018,
  '0019_echo_mail_post': m0019,
  '0020_staff': m0020,
  '0022_billing_order': m0022,
  '0024_collection': m0024,
  '0025_decomail_premium': m0025,
  '0026_leases': m0026,
  '0027_member_versions': m0027,
  '0028_hidden_versions': m0028,
  '0029_comment_indexes': m0029,
  '0030_ranking_indexes': m0030,
  '0031_echo_versions': m0031,
  '0032_comment_versions': m0032,
  '0033_community_versions': m0033,
  '0034_active_friends': m0034,
  '0035_block_versions': m0035,
};

/** The migration set for one dialect, in order; names are frozen once released. */
export function migrationsFor(dialect: Dialect): Record<string, Migration> {
  const t = tableOptions(dialect);
  return Object.fromEntries(Object.entries(STEPS).map(([name, step]) => [name, { up: (db: Kysely<any>) => step.up(db, t) }]));
}
