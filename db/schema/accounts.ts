/** Row types: members, sign-in and the records that guard it. Timestamps are epoch milliseconds. */
import type { Generated } from 'kysely';

export interface MembersTable {
  id: Generated<number>;
  login: string;
  nickname: string;
  password_hash: string;
  birth_date: string; // YYYY-MM-DD
  mail: string | null;
  mail_verified_at: number | null;
  status: string; // 'pending' | 'active' | 'suspended' | 'withdrawn'
  invited_by: number | null;
  created_at: number;
}

export interface InvitationsTable {
  code: string;
  inviter_id: number | null;
  max_uses: number;
  used_count: number;
  expires_at: number | null;
  created_at: number;
}

export interface SubscriberBindingsTable {
  carrier: string;
  id_hash: string;
  member_id: number;
  created_at: number;
}

export interface SessionsTable {
  id_hash: string;
  member_id: number;
  carrier: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  /** 1 when the session began on its carrier's gateway network (and so must continue there). */
  on_gateway: number;
}

export interface MailVerificationsTable {
  token_hash: string;
  member_id: number;
  mail: string;
  purpose: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface AppSecretsTable {
  name: string;
  value: string;
}

export interface FormNoncesTable {
  nonce_hash: string;
  used_at: number;
}

export interface AttemptFailuresTable {
  id: Generated<number>;
  key_hash: string;
  at: number;
}

export interface AttemptBudgetsTable {
  key_hash: string;
  used: number;
  expires_at: number;
}
