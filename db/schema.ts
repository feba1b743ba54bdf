/** Row types of the database, shared by both dialects. Timestamps are epoch milliseconds. */
import type { Generated } from 'kysely';

export interface MembersTable {
  id: Generated<number>;
  login: string;
  nickname: string;
  password_hash: string;
  birth_date: string; // YYYY-MM-DD
  mail: string | null;
  mail_verified_at: number | null;
  status: string; // 'pending' | 'active' | 'suspended'
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

export interface FriendshipsTable {
  member_id: number;
  friend_id: number;
  created_at: number;
}

export interface DiaryEntriesTable {
  id: Generated<number>;
  member_id: number;
  title: string;
  body: string;
  visibility: string;
  created_at: number;
  updated_at: number;
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

export interface DiaryCommentsTable {
  id: Generated<number>;
  entry_id: number;
  author_id: number;
  reply_to: number | null;
  body: string;
  created_at: number;
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

export interface FormNoncesTable {
  nonce_hash: string;
  used_at: number;
}

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

export interface GamePlaysTable {
  token_hash: string;
  member_id: number;
  game_id: string;
  started_at: number;
  finished_at: number | null;
  score: number | null;
}

export interface GameBestTable {
  game_id: string;
  period: string;
  member_id: number;
  score: number;
  achieved_at: number;
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

export interface Database {
  attempt_budgets: AttemptBudgetsTable;
  attempt_failures: AttemptFailuresTable;
  game_plays: GamePlaysTable;
  game_best: GameBestTable;
  course_orders: CourseOrdersTable;
  course_subscriptions: CourseSubscriptionsTable;
  course_charges: CourseChargesTable;
  point_ledger: PointLedgerTable;
  point_balances: PointBalancesTable;
  billing_notifications: BillingNotificationsTable;
  billing_settlements: BillingSettlementsTable;
  form_nonces: FormNoncesTable;
  feed_items: FeedItemsTable;
  blog_feeds: BlogFeedsTable;
  blog_items: BlogItemsTable;
  photos: PhotosTable;
  photo_variants: PhotoVariantsTable;
  profiles: ProfilesTable;
  bookmarks: BookmarksTable;
  endorsements: EndorsementsTable;
  reports: ReportsTable;
  friend_requests: FriendRequestsTable;
  footprints: FootprintsTable;
  diary_comments: DiaryCommentsTable;
  messages: MessagesTable;
  blocks: BlocksTable;
  friendships: FriendshipsTable;
  diary_entries: DiaryEntriesTable;
  members: MembersTable;
  invitations: InvitationsTable;
  subscriber_bindings: SubscriberBindingsTable;
  sessions: SessionsTable;
  mail_verifications: MailVerificationsTable;
  app_secrets: AppSecretsTable;
}
