/** Row types of the database, shared by both dialects. Timestamps are epoch milliseconds. */
import type { AppSecretsTable, AttemptBudgetsTable, AttemptFailuresTable, FormNoncesTable, InvitationsTable, MailVerificationsTable, MembersTable, SessionsTable, SubscriberBindingsTable } from './schema/accounts.js';
import type { BlocksTable, FootprintsTable, FriendRequestsTable, FriendshipsTable, MessagesTable } from './schema/social.js';
import type { BlogFeedsTable, BlogItemsTable, DiaryCommentsTable, DiaryEntriesTable, FeedItemsTable } from './schema/diary.js';
import type { BookmarksTable, EndorsementsTable, PhotoVariantsTable, PhotosTable, ProfilesTable, ReportsTable } from './schema/profiles.js';
import type { BillingNotificationsTable, BillingSettlementsTable, CourseChargesTable, CourseOrdersTable, CourseSubscriptionsTable, PointBalancesTable, PointLedgerTable } from './schema/billing.js';
import type { GameBestTable, GamePlaysTable } from './schema/games.js';
import type { AlbumCommentsTable, AlbumPhotosTable, AlbumsTable, EchoesTable, MailPostAddressesTable } from './schema/echo.js';
import type { CommunitiesTable, CommunityCommentsTable, CommunityMembersTable, CommunityParticipantsTable, CommunityPollChoicesTable, CommunityPollVotesTable, CommunityTopicPhotosTable, CommunityTopicsTable } from './schema/communities.js';

// Each feature's tables live in db/schema/; importers keep one path.
export type * from './schema/accounts.js';
export type * from './schema/social.js';
export type * from './schema/diary.js';
export type * from './schema/profiles.js';
export type * from './schema/billing.js';
export type * from './schema/games.js';
export type * from './schema/communities.js';
export type * from './schema/echo.js';

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
  communities: CommunitiesTable;
  community_members: CommunityMembersTable;
  community_topics: CommunityTopicsTable;
  community_comments: CommunityCommentsTable;
  community_participants: CommunityParticipantsTable;
  community_poll_choices: CommunityPollChoicesTable;
  community_poll_votes: CommunityPollVotesTable;
  community_topic_photos: CommunityTopicPhotosTable;
  echoes: EchoesTable;
  mail_post_addresses: MailPostAddressesTable;
  albums: AlbumsTable;
  album_photos: AlbumPhotosTable;
  album_comments: AlbumCommentsTable;
}
