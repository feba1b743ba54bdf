/** Row types: mixi Collection (skins). Timestamps are epoch milliseconds. */
import type { Generated } from 'kysely';

export interface SkinsTable {
  id: Generated<number>;
  name: string;
  description: string;
  kind: string;
  price_points: number;
  campaign_id: number | null;
  sponsor: string | null;
  bg_color: string;
  text_color: string;
  link_color: string;
  accent: string;
  available_from: number | null;
  available_until: number | null;
  created_at: number;
}

export interface SkinImagesTable {
  skin_id: number;
  slot: string;
  width: number;
  height: number;
  data: Buffer;
}

export interface SkinOwnersTable {
  member_id: number;
  skin_id: number;
  ref: string;
  acquired_at: number;
}

export interface SkinAppliedTable {
  member_id: number;
  area: string;
  skin_id: number;
  updated_at: number;
}
