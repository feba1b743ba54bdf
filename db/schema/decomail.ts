/** Row types: decorated messages and their template gallery. Timestamps are epoch milliseconds. */
import type { Generated } from 'kysely';

export interface DecoTemplatesTable {
  id: Generated<number>;
  name: string;
  price_points: number;
  width: number;
  height: number;
  data: Buffer;
  created_at: number;
}

export interface DecoTemplateOwnersTable {
  member_id: number;
  template_id: number;
  ref: string;
  acquired_at: number;
}

export interface MessageDecorationsTable {
  message_id: number;
  doc: string;
}
