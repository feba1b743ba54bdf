/** Row types: profiles, photos, bookmarks, endorsements and reports. Timestamps are epoch milliseconds. */
import type { Generated } from 'kysely';

export interface ProfilesTable {
  member_id: number;
  gender: string;
  show_age: number;
  area: string;
  intro: string;
  search_opt_out: number;
  default_visibility: string;
  top_sections: string;
  updated_at: number;
  photo_id: number | null;
  hide_footprints: Generated<number>;
  mail_notify: Generated<number>;
}

export interface PhotosTable {
  id: Generated<number>;
  member_id: number;
  width: number;
  height: number;
  data: Buffer;
  created_at: number;
  entry_id: number | null;
}

export interface PhotoVariantsTable {
  photo_id: number;
  width: number;
  data: Buffer;
}

export interface BookmarksTable {
  member_id: number;
  target_id: number;
  created_at: number;
}

export interface EndorsementsTable {
  author_id: number;
  member_id: number;
  body: string;
  created_at: number;
}

export interface ReportsTable {
  id: Generated<number>;
  reporter_id: number;
  target_kind: string;
  target_id: number;
  reason: string;
  created_at: number;
  resolved_at: number | null;
}
