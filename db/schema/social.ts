/** Row types: friends, requests, blocks, footprints and messages. Timestamps are epoch milliseconds. */
import type { Generated } from 'kysely';

export interface FriendshipsTable {
  member_id: number;
  friend_id: number;
  created_at: number;
}

export interface FriendRequestsTable {
  id: Generated<number>;
  from_id: number;
  to_id: number;
  message: string;
  status: string;
  created_at: number;
}

export interface FootprintsTable {
  id: Generated<number>;
  owner_id: number;
  visitor_id: number;
  visited_at: number;
}

export interface MessagesTable {
  id: Generated<number>;
  from_id: number;
  to_id: number;
  subject: string;
  body: string;
  created_at: number;
  read_at: number | null;
  sender_box: string;
  recipient_box: string;
}

export interface BlocksTable {
  blocker_id: number;
  blocked_id: number;
  created_at: number;
}
