import type { Logger } from 'pino';
import type { MemberService } from '../core/members/service.js';
import type { DiaryService } from '../core/diary/service.js';
import type { FriendService } from '../core/friends/service.js';
import type { FootprintService } from '../core/footprints/service.js';
import type { CommentService } from '../core/diary/comments.js';
import type { MessageService } from '../core/messages/service.js';
import type { TopService } from '../core/top/service.js';
import type { ProfileService } from '../core/profiles/service.js';
import type { PhotoService } from '../core/photos/service.js';
import type { BlogImportService } from '../core/blog/service.js';
import type { SessionService } from '../core/sessions/service.js';
import type { FormTokenService } from '../core/sessions/form-tokens.js';
import type { AttemptLimiter } from '../core/limits.js';
import type { Clock } from '../core/ports.js';
import type { Store } from '../core/store.js';
import type { CourseService } from '../core/course/service.js';
import type { PointService } from '../core/course/points.js';
import type { GameService } from '../core/games/service.js';
import type { NoticeService } from '../core/notices/service.js';
import type { CommunityService } from '../core/communities/service.js';
import type { MembershipService } from '../core/communities/membership.js';
import type { TopicService } from '../core/communities/topics.js';
import type { EventService } from '../core/communities/events.js';
import type { AccessGate } from '../core/access.js';
import type { EchoService } from '../core/echo/service.js';
import type { AlbumService } from '../core/albums/service.js';
import type { MailPostService } from '../core/mailpost/service.js';
import type { AdService } from '../core/ads/service.js';
import type { AdSalesService } from '../core/ads/sales.js';
import type { AdvertiserService } from '../core/ads/console.js';
import type { CollectionService } from '../core/collection/service.js';
import type { DecoGalleryService } from '../core/decomail/service.js';
import type { StaffService } from '../core/staff/service.js';
import type { ModerationService } from '../core/staff/moderation.js';
import type { AccountService } from '../core/accounts/service.js';
import type { BillingGateway } from '../carriers/billing.js';
import type { SandboxBilling } from '../carriers/sandbox-billing.js';
import type { ScheduleLease } from '../core/schedule/service.js';
import type { CarrierId } from '../carriers/index.js';
import type { Config } from './config.js';
import { keyedHash } from '../core/crypto.js';

/** Everything the HTTP layer uses, built once by main.ts (or a test) and passed down. */
export interface Services {
  config: Readonly<Config>;
  /**
   * The database, for the composition root, the demo seeder and tests. Gateway code reaches the
   * repositories only through the services below (test/layout.test.ts checks it).
   */
  store: Store;
  /** Whether the database answers (the health check, and "busy" rather than "error" pages). */
  health: Pick<Store, 'ping'>;
  members: MemberService;
  sessions: SessionService;
  /** One-time form tokens (a form sent twice is acted on once). */
  formTokens: FormTokenService;
  diary: DiaryService;
  friends: FriendService;
  footprints: FootprintService;
  comments: CommentService;
  messages: MessageService;
  top: TopService;
  profiles: ProfileService;
  photos: PhotoService;
  blog: BlogImportService;
  course: CourseService;
  points: PointService;
  games: GameService;
  notices: NoticeService;
  /** Communities: creating, finding, the top page's new posts; members and roles; topics; events and polls. */
  communities: CommunityService;
  communityMembers: MembershipService;
  topics: TopicService;
  events: EventService;
  /** Photo albums: albums, photos with captions, comments, covers; friends' updated albums. */
  albums: AlbumService;
  /** Echo: 150-character posts and replies. */
  echo: EchoService;
  /** Posting by mail: members' secret addresses, and mail to them made diary entries. */
  mailPost: MailPostService;
  /** Advertising: serving and counting; the sales side; the advertiser console (its own accounts). */
  ads: AdService;
  adSales: AdSalesService;
  advertisers: AdvertiserService;
  /** mixi Collection: the catalogue of skins, buying with points, dressing profile/diary/album pages. */
  collection: CollectionService;
  /** mixi Premium (¥315 a month): the second course, billed by the same machinery as the point course. */
  premium: CourseService;
  /** Decorated messages' template gallery (free and paid images). */
  decoGallery: DecoGalleryService;
  /** The staff console (its own accounts, roles, audit log) and what staff do: reports, hiding, suspending, NG words. */
  staff: StaffService;
  moderation: ModerationService;
  /** A member's own account: password change and reset, mail address, nickname, leaving (退会). */
  accounts: AccountService;
  /** The one access gate: relations, blocks, who may see whom (routes ask it for names in lists). */
  access: AccessGate;
  /** Carriers that bill the point course, by id (their keys and confirmation pages). */
  billing: ReadonlyMap<CarrierId, BillingGateway>;
  /** The sandbox carrier when BILLING_SANDBOX is on; it posts its notices through `loopback`. */
  sandbox: SandboxBilling | null;
  /** Sends a request into this gateway in-process (set by createApp); `peer`: the TCP peer it comes from (default loopback). */
  loopback: (url: string, init: RequestInit & { peer?: string }) => Promise<Response>;
  clock: Clock;
  logger: Logger;
  /** Signs CSRF tokens and outbound-link redirects. */
  keys: { csrf: Buffer; link: Buffer; memberRef: Buffer };
  loginLimiter: AttemptLimiter;
  /** Seeded demo members (published passwords and subscriber IDs): they sign in only locally. */
  demoMembers: ReadonlySet<number>;
  /** The schedule runner's lease: of all gateway processes on the database, its holder runs the schedule. */
  schedule: ScheduleLease;
}

/** The opaque reference a carrier sees for a member (never the member id), keyed by `keys.memberRef`. */
export function memberRef(key: Buffer, memberId: number): string {
  return keyedHash(key, `member:${memberId}`).slice(0, 24);
}
