/** Row types: Echo, albums and mail-posting addresses. Timestamps are epoch milliseconds. */
import type { Generated } from 'kysely';

export interface EchoesTable {
  id: Generated<number>;
  member_id: number;
  body: string;
  reply_to: number | null;
  created_at: number;
}

export interface MailPostAddressesTable {
  token: string;
  member_id: number;
  target: string;
  created_at: number;
}

export interface AlbumsTable {
  id: Generated<number>;
  member_id: number;
  title: string;
  description: string;
  visibility: string;
  cover_photo_id: number | null;
  photo_count: number;
  created_at: number;
  updated_at: number;
}

export interface AlbumPhotosTable {
  photo_id: number;
  album_id: number;
  caption: string;
  created_at: number;
}

export interface AlbumCommentsTable {
  id: Generated<number>;
  photo_id: number;
  author_id: number;
  body: string;
  created_at: number;
}
