/** Row types: diary entries, comments, friends' feeds and imported blogs. Timestamps are epoch milliseconds. */
import type { Generated } from 'kysely';

export interface DiaryEntriesTable {
  id: Generated<number>;
  member_id: number;
  title: string;
  body: string;
  visibility: string;
  created_at: number;
  updated_at: number;
}

export interface DiaryCommentsTable {
  id: Generated<number>;
  entry_id: number;
  author_id: number;
  reply_to: number | null;
  body: string;
  created_at: number;
}

export interface BlogFeedsTable {
  member_id: number;
  url: string;
  last_fetched_at: number | null;
  last_error: string | null;
  created_at: number;
}

export interface BlogItemsTable {
  member_id: number;
  item_hash: string;
  entry_id: number;
}

export interface FeedItemsTable {
  member_id: number;
  entry_id: number;
  author_id: number;
  created_at: number;
}
