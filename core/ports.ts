/**
 * What core/ needs from the outside world. db/ implements the repositories, mail/ the mailer;
 * core never imports either.
 */

export type MemberStatus = 'pending' | 'active' | 'suspended';

export interface Member {
  id: number;
  login: string;
  nickname: string;
  birthDate: string;
  mail: string | null;
  mailVerifiedAt: number | null;
  status: MemberStatus;
  invitedBy: number | null;
  createdAt: number;
}

export interface MemberRecord extends Member {
  passwordHash: string;
}

export type NewMember = Omit<MemberRecord, 'id'>;

export interface MemberRepository {
  insert(m: NewMember): Promise<number>;
  findById(id: number): Promise<MemberRecord | null>;
  findByLogin(login: string): Promise<MemberRecord | null>;
  findMany(ids: readonly number[]): Promise<MemberRecord[]>;
  update(id: number, patch: Partial<Pick<MemberRecord, 'status' | 'mail' | 'mailVerifiedAt' | 'passwordHash' | 'nickname'>>): Promise<void>;
  count(): Promise<number>;
}

export interface Invitation {
  code: string;
  inviterId: number | null;
  maxUses: number;
  usedCount: number;
  expiresAt: number | null;
  createdAt: number;
}

export interface InvitationRepository {
  find(code: string): Promise<Invitation | null>;
  /** Takes one use atomically; false when the code is unknown, used up or expired. */
  take(code: string, now: number): Promise<boolean>;
  insert(inv: Invitation): Promise<void>;
}

export interface BindingRepository {
  memberFor(carrier: string, idHash: string): Promise<number | null>;
  /** Binds; returns false when that ID is already bound (to anyone). */
  bind(memberId: number, carrier: string, idHash: string, now: number): Promise<boolean>;
  unbind(memberId: number, carrier: string): Promise<boolean>;
  listForMember(memberId: number): Promise<{ carrier: string; createdAt: number }[]>;
}

export interface SessionRecord {
  idHash: string;
  memberId: number;
  /** The kind of handset that signed in; a session is refused from any other kind. */
  carrier: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  /** Began on its carrier's gateway network: resumed only from there (a copied URL is useless elsewhere). */
  onGateway: boolean;
}

export interface SessionRepository {
  insert(s: SessionRecord): Promise<void>;
  find(idHash: string): Promise<SessionRecord | null>;
  touch(idHash: string, at: number): Promise<void>;
  delete(idHash: string): Promise<void>;
  deleteForMember(memberId: number): Promise<void>;
  deleteExpired(now: number, idleBefore: number): Promise<number>;
}

export interface MailVerification {
  tokenHash: string;
  memberId: number;
  mail: string;
  purpose: 'register' | 'change';
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export interface MailVerificationRepository {
  insert(v: MailVerification): Promise<void>;
  find(tokenHash: string): Promise<MailVerification | null>;
  /** Marks used only if unused; false when someone already used it (exactly once). */
  markUsed(tokenHash: string, at: number): Promise<boolean>;
}

export interface SecretRepository {
  get(name: string): Promise<string | null>;
  /** Stores the value unless one exists; returns the stored value either way. */
  putIfAbsent(name: string, value: string): Promise<string>;
}

export interface FriendshipRepository {
  /** Records an accepted friendship both ways; false when it already exists. */
  befriend(a: number, b: number, now: number): Promise<boolean>;
  /** Ends a friendship both ways. */
  unfriend(a: number, b: number): Promise<void>;
  /** Friends of this member's friends who are not the member (for search scopes). */
  friendsOfFriends(memberId: number, limit: number): Promise<number[]>;
  /** Members sharing the most friends with this one who are not yet friends, with the count. */
  suggestions(memberId: number, limit: number): Promise<{ memberId: number; shared: number }[]>;
  friendsOf(memberId: number): Promise<number[]>;
  /** True when a and b are friends. */
  areFriends(a: number, b: number): Promise<boolean>;
  /** Which of these members are friends of `memberId` (one indexed lookup, however many friends). */
  friendsAmong(memberId: number, ids: readonly number[]): Promise<number[]>;
  /** True when a and b share at least one friend. */
  shareFriend(a: number, b: number): Promise<boolean>;
  /** Which of these members share at least one friend with `memberId` (one query, for lists). */
  sharingFriendAmong(memberId: number, ids: readonly number[]): Promise<number[]>;
}

export const VISIBILITIES = ['self', 'friends', 'friends-of-friends', 'members', 'public'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export interface DiaryEntry {
  id: number;
  memberId: number;
  title: string;
  body: string;
  visibility: Visibility;
  createdAt: number;
  updatedAt: number;
}

export interface DiaryRepository {
  insert(e: Omit<DiaryEntry, 'id'>): Promise<number>;
  find(id: number): Promise<DiaryEntry | null>;
  findMany(ids: readonly number[]): Promise<DiaryEntry[]>;
  delete(id: number): Promise<void>;
  countSince(memberId: number, since: number): Promise<number>;
  /** Newest first; only entries whose visibility is in `visible`. */
  listByMember(memberId: number, visible: readonly Visibility[], limit: number, offset: number): Promise<DiaryEntry[]>;
  update(id: number, patch: { title: string; body: string; visibility: Visibility; updatedAt: number }): Promise<void>;
  /** Entry months (YYYY-MM, Japan time) with counts, for the month list. */
  months(memberId: number, visible: readonly Visibility[]): Promise<{ month: string; count: number }[]>;
  inMonth(memberId: number, visible: readonly Visibility[], from: number, to: number): Promise<DiaryEntry[]>;
  search(q: DiarySearch): Promise<DiaryEntry[]>;
}

export interface FriendRequest {
  id: number;
  fromId: number;
  toId: number;
  message: string;
  status: 'pending' | 'accepted' | 'declined' | 'withdrawn';
  createdAt: number;
}

export interface FriendRequestRepository {
  insert(r: Omit<FriendRequest, 'id'>): Promise<number>;
  find(id: number): Promise<FriendRequest | null>;
  pendingBetween(fromId: number, toId: number): Promise<FriendRequest | null>;
  pendingTo(memberId: number): Promise<FriendRequest[]>;
  /** Changes status only from pending; false when it was no longer pending. */
  settle(id: number, status: FriendRequest['status']): Promise<boolean>;
  countSince(fromId: number, since: number): Promise<number>;
}

export interface Footprint {
  visitorId: number;
  visitedAt: number;
}

export interface FootprintRepository {
  /** The visitor's latest footprint on the owner's pages, if any. */
  latest(ownerId: number, visitorId: number): Promise<{ id: number; visitedAt: number } | null>;
  insert(ownerId: number, visitorId: number, at: number): Promise<void>;
  touch(id: number, at: number): Promise<void>;
  /** Newest first, leaving out visitors in `hidden`. */
  list(ownerId: number, limit: number, hidden: readonly number[]): Promise<Footprint[]>;
  countSince(ownerId: number, since: number, hidden: readonly number[]): Promise<number>;
}

export interface DiaryComment {
  id: number;
  entryId: number;
  authorId: number;
  replyTo: number | null;
  body: string;
  createdAt: number;
}

export interface CommentRepository {
  insert(c: Omit<DiaryComment, 'id'>): Promise<number>;
  find(id: number): Promise<DiaryComment | null>;
  listForEntry(entryId: number): Promise<DiaryComment[]>;
  delete(id: number): Promise<void>;
  deleteForEntry(entryId: number): Promise<void>;
  /** Comments by others on this member's entries, newest first. */
  recentOnEntriesOf(memberId: number, limit: number, since: number): Promise<DiaryComment[]>;
  countSince(authorId: number, since: number): Promise<number>;
}

export type MessageBox = 'inbox' | 'sent' | 'trash' | 'gone';

export interface Message {
  id: number;
  fromId: number;
  toId: number;
  subject: string;
  body: string;
  createdAt: number;
  readAt: number | null;
  senderBox: MessageBox;
  recipientBox: MessageBox;
}

export interface MessageRepository {
  insert(m: Omit<Message, 'id'>): Promise<number>;
  find(id: number): Promise<Message | null>;
  /** A member's view of one box: received (inbox/trash as recipient) and sent (sent/trash as sender). */
  box(memberId: number, box: 'inbox' | 'sent' | 'trash', limit: number, hidden: readonly number[]): Promise<Message[]>;
  markRead(id: number, at: number): Promise<void>;
  move(id: number, side: 'sender' | 'recipient', box: MessageBox): Promise<void>;
  unreadCount(memberId: number, hidden: readonly number[]): Promise<number>;
  countSince(fromId: number, since: number): Promise<number>;
}

export interface BlockRepository {
  block(blockerId: number, blockedId: number, now: number): Promise<void>;
  unblock(blockerId: number, blockedId: number): Promise<void>;
  /** True when either has blocked the other. */
  between(a: number, b: number): Promise<boolean>;
  /** Everyone this member blocked or was blocked by. */
  involving(memberId: number): Promise<number[]>;
  blockedBy(blockerId: number): Promise<number[]>;
}

export const GENDERS = ['none', 'female', 'male'] as const;
export type Gender = (typeof GENDERS)[number];
export const TOP_SECTIONS = ['friend-diaries', 'footprints', 'comments'] as const;
export type TopSection = (typeof TOP_SECTIONS)[number];

export interface Profile {
  memberId: number;
  photoId: number | null;
  gender: Gender;
  showAge: boolean;
  /** One of the 47 prefectures, or '' for unset. */
  area: string;
  intro: string;
  searchOptOut: boolean;
  defaultVisibility: Visibility;
  topSections: TopSection[];
}

export interface MemberSearch {
  nickname?: string;
  area?: string;
  /** Inclusive birth-date bounds (YYYY-MM-DD) derived from an age range. */
  bornFrom?: string;
  bornTo?: string;
  /** Only members who show their age may match an age search. */
  limit: number;
  excluding: readonly number[];
}

export interface ProfileRepository {
  find(memberId: number): Promise<Profile | null>;
  upsert(p: Profile, now: number): Promise<void>;
  /** The "visit without leaving a footprint" preference (honoured only while the course is active). */
  hidesFootprints(memberId: number): Promise<boolean>;
  /** Sets that preference; the profile row must exist. */
  setHideFootprints(memberId: number, on: boolean, now: number): Promise<void>;
  /** Whether the member wants a mail when a message arrives (true without a profile row). */
  mailNotify(memberId: number): Promise<boolean>;
  /** Sets that preference; the profile row must exist. */
  setMailNotify(memberId: number, on: boolean, now: number): Promise<void>;
  /** Active members who allow being found, newest first. */
  search(q: MemberSearch): Promise<number[]>;
}

export interface Endorsement {
  authorId: number;
  memberId: number;
  body: string;
  createdAt: number;
}

export interface BookmarkRepository {
  add(memberId: number, targetId: number, now: number): Promise<void>;
  remove(memberId: number, targetId: number): Promise<void>;
  list(memberId: number): Promise<number[]>;
}

export interface EndorsementRepository {
  /** Writes or replaces the author's endorsement of the member. */
  put(e: Endorsement): Promise<void>;
  remove(authorId: number, memberId: number): Promise<boolean>;
  forMember(memberId: number): Promise<Endorsement[]>;
}

export interface ReportRepository {
  insert(r: { reporterId: number; targetKind: 'member' | 'diary' | 'comment' | 'message'; targetId: number; reason: string; createdAt: number }): Promise<number>;
  countSince(reporterId: number, since: number): Promise<number>;
}

export interface DiarySearch {
  keyword: string;
  /** Entries by these authors at these visibilities are candidates (computed by the access rules). */
  scopes: { authorIds: readonly number[] | 'any'; visibilities: readonly Visibility[] }[];
  excludingAuthors: readonly number[];
  limit: number;
}

export interface PhotoRecord {
  id: number;
  memberId: number;
  /** Set for diary photos: who may see the entry may see the photo. */
  entryId: number | null;
  width: number;
  height: number;
}

export interface PhotoRepository {
  insert(p: { memberId: number; entryId?: number | null; width: number; height: number; data: Buffer; createdAt: number }): Promise<number>;
  forEntry(entryId: number): Promise<PhotoRecord[]>;
  find(id: number): Promise<PhotoRecord | null>;
  original(id: number): Promise<Buffer | null>;
  variant(id: number, width: number): Promise<Buffer | null>;
  putVariant(id: number, width: number, data: Buffer): Promise<void>;
  delete(id: number): Promise<void>;
}

export interface BlogFeed {
  memberId: number;
  url: string;
  lastFetchedAt: number | null;
  lastError: string | null;
}

export interface BlogFeedRepository {
  find(memberId: number): Promise<BlogFeed | null>;
  put(memberId: number, url: string, now: number): Promise<void>;
  remove(memberId: number): Promise<void>;
  /** Feeds not fetched since `before`, oldest first. */
  due(before: number, limit: number): Promise<BlogFeed[]>;
  recordFetch(memberId: number, at: number, error: string | null): Promise<void>;
  /** Remembers an imported item; false when it was already imported. */
  claimItem(memberId: number, itemHash: string, entryId: number): Promise<boolean>;
  hasItem(memberId: number, itemHash: string): Promise<boolean>;
}

/** Friends' feeds, written when an entry is published (fan-out on write). */
export interface FeedRepository {
  /** Puts an entry into these members' feeds (already present: left as is). */
  fanOut(entry: { id: number; memberId: number; createdAt: number }, recipients: readonly number[]): Promise<void>;
  /** Newest entry ids in a member's feed. */
  latest(memberId: number, limit: number, offset?: number): Promise<number[]>;
  removeEntry(entryId: number): Promise<void>;
  /** Drops each one's entries from the other's feed (unfriended, blocked). */
  removeBetween(a: number, b: number): Promise<void>;
  /** Copies an author's newest shared entries into a member's feed (new friendship). */
  backfill(memberId: number, authorId: number, limit: number): Promise<void>;
  /** Rebuilds every feed from diaries and friendships (bulk imports, demo data). */
  rebuild(): Promise<void>;
}

export interface NonceRepository {
  /** Records a one-time token; false when it was used before (a replayed form). */
  use(nonceHash: string, at: number): Promise<boolean>;
  purge(before: number): Promise<number>;
}

export type CourseState = 'registered' | 'payment_failed' | 'cancelled' | 'expired';
export type OrderKind = 'join' | 'cancel';
/** requested: made here; authorising: the member was sent to the carrier; then completed or declined. */
export type OrderState = 'requested' | 'authorising' | 'completed' | 'declined';

/** One visit to the carrier's confirmation page (joining or cancelling the point course). */
export interface CourseOrder {
  token: string;
  memberId: number;
  carrier: string;
  kind: OrderKind;
  state: OrderState;
  createdAt: number;
  updatedAt: number;
}

export interface CourseSubscription {
  memberId: number;
  carrier: string;
  /** The carrier's reference for this member's contract (named in every renewal). */
  contractRef: string;
  state: CourseState;
  joinedAt: number;
  cancelledAt: number | null;
  updatedAt: number;
}

export interface CourseCharge {
  id: number;
  memberId: number;
  /** Calendar month in Japan, YYYY-MM. */
  month: string;
  carrier: string;
  contractRef: string;
  amountYen: number;
  /** billed: the carrier charged it and points were granted; failed: not collected, points reversed. */
  status: 'billed' | 'failed';
  /** Bumped on each change of status, so each grant and reversal has its own ledger ref. */
  attempt: number;
  createdAt: number;
}

export interface SettlementRecord {
  carrier: string;
  month: string;
  settlementId: string;
  records: number;
  matched: number;
  report: string;
  receivedAt: number;
}

export interface CourseRepository {
  insertOrder(o: CourseOrder): Promise<void>;
  findOrder(token: string): Promise<CourseOrder | null>;
  setOrderState(token: string, state: OrderState, now: number): Promise<void>;
  subscription(memberId: number): Promise<CourseSubscription | null>;
  subscriptionByContract(carrier: string, contractRef: string): Promise<CourseSubscription | null>;
  /** Inserts or replaces the member's one subscription row. */
  putSubscription(s: CourseSubscription): Promise<void>;
  charge(memberId: number, month: string): Promise<CourseCharge | null>;
  /** Inserts a charge; false when the member already has one for that month. */
  insertCharge(c: Omit<CourseCharge, 'id'>): Promise<boolean>;
  setChargeStatus(id: number, status: CourseCharge['status'], attempt: number, now: number): Promise<void>;
  chargesFor(carrier: string, month: string): Promise<CourseCharge[]>;
  /** The latest month this member was billed and not reversed. */
  paidThrough(memberId: number): Promise<string | null>;
  /** Remembers a carrier notification; false when it was received before (a replay). */
  recordNotification(carrier: string, id: string, kind: string, outcome: string, now: number): Promise<boolean>;
  findSettlement(carrier: string, month: string): Promise<SettlementRecord | null>;
  putSettlement(s: SettlementRecord): Promise<void>;
  /** Subscriptions in these states (the sandbox carrier restores its memory from them). */
  subscriptionsIn(states: readonly CourseState[]): Promise<CourseSubscription[]>;
}

export interface PointEntry {
  id: number;
  memberId: number;
  delta: number;
  kind: string;
  /** Unique across the ledger: the same grant or spend can never be written twice. */
  ref: string;
  note: string;
  createdAt: number;
}

export interface PointRepository {
  /**
   * Appends one entry and moves the balance with it. 'duplicate': that ref is already in the
   * ledger (nothing written). 'insufficient': a debit with `keepNonNegative` would take the
   * balance below zero; the ledger row is written, so the caller must roll back its transaction.
   * Call only inside a transaction.
   */
  append(e: Omit<PointEntry, 'id'>, o?: { keepNonNegative?: boolean }): Promise<'ok' | 'duplicate' | 'insufficient'>;
  balance(memberId: number): Promise<number>;
  history(memberId: number, limit: number, offset: number): Promise<PointEntry[]>;
  /** Sum of the member's ledger entries (audits compare it with the balance). */
  ledgerSum(memberId: number): Promise<number>;
}

export interface GamePlay {
  tokenHash: string;
  memberId: number;
  gameId: string;
  startedAt: number;
  finishedAt: number | null;
  score: number | null;
}

export interface BestScore {
  memberId: number;
  score: number;
  achievedAt: number;
}

export interface GameRepository {
  startPlay(p: Omit<GamePlay, 'finishedAt' | 'score'>): Promise<void>;
  findPlay(tokenHash: string): Promise<GamePlay | null>;
  /** Records the score once: false when the play was already finished. */
  finishPlay(tokenHash: string, score: number, at: number): Promise<boolean>;
  /** Keeps the member's best for the period (a lower score changes nothing). */
  raiseBest(gameId: string, period: string, memberId: number, score: number, at: number): Promise<void>;
  best(gameId: string, period: string, memberId: number): Promise<BestScore | null>;
  /** Highest first (earlier wins a tie), optionally only among these members and never these. */
  top(gameId: string, period: string, limit: number, o: { among?: readonly number[]; excluding?: readonly number[] }): Promise<BestScore[]>;
  /** How many members beat this score in the period. */
  countAbove(gameId: string, period: string, score: number): Promise<number>;
}

/** Attempt budgets per key (a digest): used counts within a window that starts at the first use. */
export interface AttemptRepository {
  /** Takes one use in one atomic statement; false (nothing taken) when `max` are used in the window. */
  reserve(keyHash: string, max: number, windowMs: number, now: number): Promise<boolean>;
  /** Gives one use back (the attempt succeeded, or was never made). */
  release(keyHash: string, now: number): Promise<void>;
  used(keyHash: string, now: number): Promise<number>;
  clear(keyHash: string): Promise<void>;
  /** Forgets windows that have ended. */
  purge(now: number): Promise<number>;
}

export interface Repositories {
  attempts: AttemptRepository;
  games: GameRepository;
  course: CourseRepository;
  points: PointRepository;
  nonces: NonceRepository;
  feeds: FeedRepository;
  blogFeeds: BlogFeedRepository;
  photos: PhotoRepository;
  profiles: ProfileRepository;
  bookmarks: BookmarkRepository;
  endorsements: EndorsementRepository;
  reports: ReportRepository;
  friendRequests: FriendRequestRepository;
  footprints: FootprintRepository;
  comments: CommentRepository;
  messages: MessageRepository;
  blocks: BlockRepository;
  friendships: FriendshipRepository;
  diary: DiaryRepository;
  members: MemberRepository;
  invitations: InvitationRepository;
  bindings: BindingRepository;
  sessions: SessionRepository;
  mailVerifications: MailVerificationRepository;
  secrets: SecretRepository;
}

/** Repositories plus a unit of work: everything inside `transaction` commits or none of it. */
export interface Store extends Repositories {
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  /** True when the database answers (for health checks). */
  ping(): Promise<boolean>;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** A whole message built elsewhere (deco-mail); sent as is, `subject` and `text` only describe it. */
  raw?: Buffer;
}

/** Builds the notice a member's phone receives when a message arrives (deco-mail). */
export interface NoticeComposer {
  messageArrived(n: { to: string; nickname: string; fromNickname: string; subject: string }): Promise<OutgoingMail>;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
