/**
 * The ports every feature shares (clock, mailer, secrets, the unit of work) and the aggregate db/
 * implements. Each feature declares its own repositories beside its service
 * (core/<feature>/ports.ts); services receive only those, never the `Store`, which only the
 * composition root holds. db/ implements the repositories, mail/ the mailer; core imports neither.
 */
import type { MemberRepository, InvitationRepository, BindingRepository, MailVerificationRepository } from './members/ports.js';
import type { SessionRepository, NonceRepository } from './sessions/ports.js';
import type { FriendshipRepository, FriendRequestRepository, BlockRepository } from './friends/ports.js';
import type { DiaryRepository, CommentRepository, FeedRepository } from './diary/ports.js';
import type { FootprintRepository } from './footprints/ports.js';
import type { MessageRepository } from './messages/ports.js';
import type { ProfileRepository, BookmarkRepository, EndorsementRepository, ReportRepository } from './profiles/ports.js';
import type { PhotoRepository } from './photos/ports.js';
import type { BlogFeedRepository } from './blog/ports.js';
import type { CourseRepository, PointRepository } from './course/ports.js';
import type { GameRepository } from './games/ports.js';

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

export interface SecretRepository {
  get(name: string): Promise<string | null>;
  /** Stores the value unless one exists; returns the stored value either way. */
  putIfAbsent(name: string, value: string): Promise<string>;
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

/**
 * A unit of work over some repositories: everything `work` does through `tx` commits or none of
 * it. A service is given one over just the repositories it writes together.
 */
export interface UnitOfWork<R> {
  transaction<T>(work: (tx: R) => Promise<T>): Promise<T>;
}

/** Repositories plus a unit of work: everything inside `transaction` commits or none of it. */
export interface Store extends Repositories, UnitOfWork<Repositories> {
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

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
