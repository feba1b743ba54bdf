/** Row types: the point course and the points ledger. Timestamps are epoch milliseconds. */
import type { Generated } from 'kysely';

export interface CourseOrdersTable {
  token: string;
  member_id: number;
  carrier: string;
  kind: string;
  state: string;
  created_at: number;
  updated_at: number;
}

export interface CourseSubscriptionsTable {
  member_id: number;
  carrier: string;
  contract_ref: string;
  state: string;
  joined_at: number;
  cancelled_at: number | null;
  updated_at: number;
  /** The carrier's date of the latest notice applied to this contract (0022). */
  last_notice_at: number | null;
}

export interface CourseChargesTable {
  id: Generated<number>;
  member_id: number;
  month: string;
  carrier: string;
  contract_ref: string;
  amount_yen: number;
  status: string;
  attempt: number;
  created_at: number;
  updated_at: number;
}

export interface PointLedgerTable {
  id: Generated<number>;
  member_id: number;
  delta: number;
  kind: string;
  ref: string;
  note: string;
  created_at: number;
}

export interface PointBalancesTable {
  member_id: number;
  balance: number;
  updated_at: number;
}

export interface BillingNotificationsTable {
  carrier: string;
  notification_id: string;
  kind: string;
  outcome: string;
  received_at: number;
}

export interface BillingSettlementsTable {
  carrier: string;
  month: string;
  settlement_id: string;
  records: number;
  matched: number;
  report: string;
  received_at: number;
}
