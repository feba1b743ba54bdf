/** Row types: Echo and mail-posting addresses. Timestamps are epoch milliseconds. */
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
