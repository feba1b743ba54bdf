/** Row types: the staff console. Timestamps are epoch milliseconds. */
import type { Generated } from 'kysely';

export interface StaffTable {
  id: Generated<number>;
  login: string;
  name: string;
  role: string;
  password_hash: string;
  created_at: number;
}
export interface StaffSessionsTable {
  token_hash: string;
  staff_id: number;
  expires_at: number;
}
export interface StaffAuditTable {
  id: Generated<number>;
  staff_id: number;
  action: string;
  target_kind: string;
  target_id: number;
  detail: string;
  created_at: number;
}
export interface HiddenContentTable {
  kind: string;
  target_id: number;
  /** 'staff' (hidden by a moderator) or 'held' (an NG word held it for review). */
  reason: string;
  word: string;
  created_at: number;
}
export interface NgWordsTable {
  word: string;
  /** 'hold' (posted, hidden until staff release it) or 'refuse' (not posted). */
  action: string;
  created_at: number;
}
