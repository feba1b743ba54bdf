/**
 * The aggregate db/ implements: every feature's repositories and one unit of work over all of
 * them. Only the composition root (gateway/bootstrap.ts, gateway/wiring.ts), the demo seeder and
 * db/ hold a `Store`; each service is given a `scope` of it: just the repositories it reads, and
 * a unit of work over just the ones it writes together.
 */
import type { AttemptRepository, SecretRepository, UnitOfWork } from './ports.js';
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
import type { EchoRepository } from './echo/ports.js';
import type { AlbumRepository } from './albums/ports.js';
import type { MailAddressRepository } from './mailpost/ports.js';
import type { CommunityCommentRepository, CommunityEventRepository, CommunityMemberRepository, CommunityPollRepository, CommunityRepository, CommunityTopicRepository } from './communities/ports.js';
import type { AdRepositories } from './ads/ports.js';
import type { SkinOwnerRepository, SkinRepository } from './collection/ports.js';
import type { DecoTemplateRepository, MessageDecorationRepository } from './decomail/ports.js';
import type { StaffRepositories } from './staff/ports.js';
import type { WithdrawalRepository } from './accounts/ports.js';
import type { MemberVersionRepository } from './top/ports.js';
import type { LeaseRepository } from './schedule/ports.js';

export interface Repositories extends AdRepositories, StaffRepositories {
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
  communities: CommunityRepository;
  communityMembers: CommunityMemberRepository;
  communityTopics: CommunityTopicRepository;
  communityComments: CommunityCommentRepository;
  communityEvents: CommunityEventRepository;
  communityPolls: CommunityPollRepository;
  echoes: EchoRepository;
  mailAddresses: MailAddressRepository;
  albums: AlbumRepository;
  skins: SkinRepository;
  skinOwners: SkinOwnerRepository;
  decoTemplates: DecoTemplateRepository;
  messageDecorations: MessageDecorationRepository;
  /** mixi Premium's contracts and charges (the course machinery, its own tables). */
  premium: CourseRepository;
  withdrawals: WithdrawalRepository;
  memberVersions: MemberVersionRepository;
  leases: LeaseRepository;
}

/** Repositories plus a unit of work: everything inside `transaction` commits or none of it. */
export interface Store extends Repositories, UnitOfWork<Repositories> {
  /** True when the database answers (for health checks). */
  ping(): Promise<boolean>;
}

type Key = keyof Repositories;

function pick<K extends Key>(from: Repositories, keys: readonly K[]): Pick<Repositories, K> {
  return Object.fromEntries(keys.map((k) => [k, from[k]])) as Pick<Repositories, K>;
}

/**
 * A service's slice of the store: the repositories `reads` names, and a unit of work whose
 * transactions see only the repositories `writes` names. Nothing else of the store reaches the
 * service, so its constructor says exactly what it touches.
 */
export function scope<R extends Key, W extends Key = never>(store: Store, reads: readonly R[], writes: readonly W[] = []): Pick<Repositories, R> & UnitOfWork<Pick<Repositories, W>> {
  return {
    ...pick(store, reads),
    transaction: (work) => store.transaction((tx) => work(pick(tx, writes))),
  };
}
