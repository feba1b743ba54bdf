import type { Logger } from 'pino';
import { AttemptLimiter } from '../core/limits.js';
import { AccessGate } from '../core/access.js';
import { MemberService } from '../core/members/service.js';
import { SessionService } from '../core/sessions/service.js';
import { FormTokenService } from '../core/sessions/form-tokens.js';
import { DiaryService } from '../core/diary/service.js';
import { CommentService } from '../core/diary/comments.js';
import { FriendService } from '../core/friends/service.js';
import { FootprintService } from '../core/footprints/service.js';
import { MessageService } from '../core/messages/service.js';
import { TopService } from '../core/top/service.js';
import { ProfileService } from '../core/profiles/service.js';
import { PhotoService } from '../core/photos/service.js';
import { BlogImportService, type FeedFetcher } from '../core/blog/service.js';
import { CourseService, PREMIUM } from '../core/course/service.js';
import { calendarOf } from '../carriers/billing.js';
import { PointService } from '../core/course/points.js';
import { GameService } from '../core/games/service.js';
import { NoticeService } from '../core/notices/service.js';
import { CommunityService } from '../core/communities/service.js';
import { MembershipService } from '../core/communities/membership.js';
import { TopicService } from '../core/communities/topics.js';
import { EventService } from '../core/communities/events.js';
import { EchoService } from '../core/echo/service.js';
import { AlbumService } from '../core/albums/service.js';
import { MailPostService } from '../core/mailpost/service.js';
import { AdService } from '../core/ads/service.js';
import { AdSalesService } from '../core/ads/sales.js';
import { AdvertiserService } from '../core/ads/console.js';
import { CollectionService } from '../core/collection/service.js';
import { DecoGalleryService } from '../core/decomail/service.js';
import type { DecoDoc } from '../core/decomail/model.js';
import { DomainError } from '../core/errors.js';
import { StaffService } from '../core/staff/service.js';
import { ModerationService } from '../core/staff/moderation.js';
import { PostScreen } from '../core/staff/screen.js';
import { AccountService } from '../core/accounts/service.js';
import { probeImage } from '../media/image-probe.js';
import type { NoticeComposer } from '../core/notices/ports.js';
import { systemClock, type Clock, type Mailer } from '../core/ports.js';
import { scope, type Store } from '../core/store.js';
import { jimpCodec } from '../media/jimp-codec.js';
import type { Services } from './services.js';

/** What the domain services are built from (the composition root gathers it). */
export interface Wiring {
  store: Store;
  clock: Clock;
  logger: Logger;
  mailer: Mailer;
  composer: NoticeComposer;
  feedFetcher: FeedFetcher;
  subscriberKey: Buffer;
  /** The domain of members' mail-posting addresses. */
  mailDomain: string;
  verifyLink(token: string): string;
  /** An absolute link to one of our pages, for mails. */
  link(path: string, params: Record<string, string>): string;
}

export type DomainServices = Pick<
  Services,
  'access' | 'members' | 'sessions' | 'formTokens' | 'loginLimiter' | 'diary' | 'comments' | 'friends' | 'footprints' | 'messages' | 'top' | 'profiles' | 'photos' | 'blog' | 'course' | 'points' | 'games' | 'notices' | 'health' | 'communities' | 'communityMembers' | 'topics' | 'events' | 'echo' | 'mailPost' | 'albums' | 'ads' | 'adSales' | 'advertisers' | 'collection' | 'decoGallery' | 'premium' | 'staff' | 'moderation' | 'accounts'
>;

/**
 * Builds every domain service, each with only its slice of the store (`scope`: the repositories
 * it reads, and a unit of work over the ones it writes together) and the access gate where it
 * reads members' content. The `Store` itself goes no further than this function.
 */
export function createServices(w: Wiring): DomainServices {
  const { store, clock, logger } = w;
  // Content staff hid (or an NG word held) vanishes through the gate; the screen checks new posts.
  const access = new AccessGate(scope(store, ['friendships', 'blocks', 'members', 'hiddenContent']));
  const screen = new PostScreen(scope(store, ['ngWords', 'hiddenContent']), clock);
  const diary = new DiaryService(scope(store, ['diary', 'friendships'], ['diary', 'feeds', 'friendships', 'comments', 'photos']), clock, access, screen);
  const course = new CourseService(scope(store, ['course'], ['course', 'points']), clock, calendarOf);
  // Premium runs the same course machinery (and the same carrier calendars) over its own tables.
  const premium = new CourseService({ course: store.premium, transaction: (work) => store.transaction((tx) => work({ course: tx.premium, points: tx.points })) }, clock, calendarOf, PREMIUM);
  const notices = new NoticeService(scope(store, ['members', 'profiles'], ['profiles']), w.composer, w.mailer, clock, access);
  const communityStore = scope(
    store,
    ['communities', 'communityMembers', 'communityTopics', 'communityComments', 'communityEvents', 'communityPolls', 'friendships'],
    ['communities', 'communityMembers', 'communityTopics', 'communityComments', 'communityEvents', 'communityPolls', 'messages', 'photos'],
  );
  // Topic photos go through the photo service's decode and budget; the photo service asks the
  // topic service who may see a topic's photo.
  const topics = new TopicService(communityStore, clock, access, new AttemptLimiter(store.attempts, clock), (m, bytes) => photos.addAttached(m, bytes), screen);
  const communities = new CommunityService(communityStore, clock, access, new AttemptLimiter(store.attempts, clock), (m, bytes) => photos.addAttached(m, bytes));
  const photos = new PhotoService(
    scope(store, ['photos', 'profiles'], ['photos', 'profiles']),
    jimpCodec,
    clock,
    (viewer, entry) => diary.read(viewer, entry),
    access,
    new AttemptLimiter(store.attempts, clock),
    async (viewer, photoId) => (await topics.photoReadable(viewer, photoId)) || (await communities.photoReadable(viewer, photoId)) || albums.photoReadable(viewer, photoId),
    (memberId) => premium.isActive(memberId),
  );
  // Album photos: decoded through the photo service, readable as their album (the gate decides).
  const albums = new AlbumService(scope(store, ['albums', 'friendships'], ['albums', 'photos']), clock, access, (m, bytes) => photos.prepare(m, bytes), screen);
  const decoGallery = new DecoGalleryService(scope(store, ['decoTemplates'], ['decoTemplates', 'points']), clock);
  const decoMail = async (doc: DecoDoc | null) => (doc ? { doc, images: await decoGallery.images(doc) } : undefined);
  // A failed notice (its images unreadable included) never undoes the message: it is logged.
  const onMessageSent = (to: number, from: number, subject: string, doc: DecoDoc | null) =>
    decoMail(doc)
      .then((deco) => notices.messageArrived(to, from, subject, deco))
      .then(
        () => undefined,
        (err) => logger.warn({ err }, 'message notice mail failed'),
      );
  const adStore = scope(store, ['advertisers', 'adCampaigns', 'adSlots', 'adCounts'], ['advertisers', 'adCampaigns', 'adSlots', 'adCounts']);
  const ads = new AdService(adStore, clock);
  const friends = new FriendService(scope(store, ['blocks', 'friendRequests', 'friendships', 'members'], ['blocks', 'feeds', 'friendRequests', 'friendships', 'messages']), clock, access);
  const communityMembers = new MembershipService(communityStore, clock, access, new AttemptLimiter(store.attempts, clock));
  const staff = new StaffService(
    scope(
      store,
      ['staff', 'staffAudit', 'hiddenContent', 'ngWords', 'reportQueue', 'contentLookup', 'members', 'bindings', 'course', 'points'],
      ['staffAudit', 'hiddenContent', 'ngWords', 'reportQueue', 'staff', 'members', 'sessions'],
    ),
    clock,
    new AttemptLimiter(store.attempts, clock),
  );
  return {
    access,
    ads,
    adSales: new AdSalesService(adStore, clock, probeImage, () => ads.refresh()),
    advertisers: new AdvertiserService(adStore, clock, new AttemptLimiter(store.attempts, clock), () => ads.flush()),
    members: new MemberService({
      store: scope(store, ['attempts', 'bindings', 'invitations', 'mailVerifications', 'members'], ['bindings', 'invitations', 'mailVerifications', 'members']),
      mailer: w.mailer,
      clock,
      subscriberKey: w.subscriberKey,
      verifyLink: w.verifyLink,
      onJoined: async (memberId, inviterId) => void (await friends.befriendInvited(memberId, inviterId)),
      screen,
    }),
    sessions: new SessionService(store.sessions, clock),
    // Form tokens live in wall-clock time, as the sessions' cookies do in the handset.
    formTokens: new FormTokenService(store.nonces, systemClock),
    loginLimiter: new AttemptLimiter(store.attempts, clock),
    diary,
    comments: new CommentService(scope(store, ['comments', 'diary']), diary, clock, access, screen),
    friends,
    footprints: new FootprintService(scope(store, ['footprints', 'profiles'], ['profiles']), clock, access, (id) => course.isActive(id)),
    messages: new MessageService(
      scope(store, ['messages', 'messageDecorations'], ['messages', 'messageDecorations']),
      clock,
      access,
      onMessageSent,
      async (from, to, doc) => {
        await decoGallery.requireUsable(from, doc);
        const problem = await notices.decoProblem(to, (await decoMail(doc))!);
        if (problem) throw new DomainError('invalid_input', { body: problem });
      },
      screen,
    ),
    decoGallery,
    premium,
    top: new TopService(scope(store, ['comments', 'diary', 'feeds', 'footprints', 'friendRequests', 'messages', 'memberVersions']), clock, access),
    profiles: new ProfileService(scope(store, ['bookmarks', 'endorsements', 'friendships', 'photos', 'profiles', 'reports']), clock, access, screen),
    photos,
    blog: new BlogImportService(scope(store, ['blogFeeds', 'profiles'], ['blogFeeds', 'diary', 'feeds', 'friendships']), w.feedFetcher, clock, (details, msg) => logger.info(details, msg)),
    course,
    points: new PointService(scope(store, ['points'], ['points']), clock),
    games: new GameService(scope(store, ['friendships', 'games'], ['games', 'points']), clock, access),
    notices,
    communities,
    communityMembers,
    topics,
    events: new EventService(communityStore, topics, clock, access),
    albums,
    echo: new EchoService(scope(store, ['echoes', 'friendships', 'attempts']), clock, access, screen),
    mailPost: new MailPostService(
      scope(store, ['mailAddresses', 'members', 'profiles', 'attempts'], ['diary', 'feeds', 'friendships', 'photos']),
      clock,
      w.mailer,
      (m, bytes) => photos.prepare(m, bytes),
      w.mailDomain,
      (m, album, images, caption) => albums.addPhotos(m, album, images, caption),
      screen,
    ),
    collection: new CollectionService(scope(store, ['skins', 'skinOwners'], ['skinOwners', 'points']), jimpCodec, clock),
    health: { ping: () => store.ping() },
    staff,
    moderation: new ModerationService(staff),
    accounts: new AccountService({
      store: scope(store, ['members', 'mailVerifications', 'bindings', 'sessions', 'course', 'premium', 'attempts', 'contentLookup', 'invitations'], ['members', 'mailVerifications', 'sessions', 'withdrawals']),
      mailer: w.mailer,
      clock,
      link: w.link,
      screen,
      leaveCommunities: async (memberId) => {
        for (const c of (await communities.ofMember(memberId, memberId)).communities) await communityMembers.leave(memberId, c.id);
      },
    }),
  };
}
