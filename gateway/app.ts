import { Hono } from 'hono';
import type { AppEnv } from './env.js';
import type { Services } from './services.js';
import { clientAddressAndDevice, hostCheck, requestContext, securityHeaders } from './middleware/request.js';
import { decodeInput } from './middleware/input.js';
import { csrfCheck, replayGuard, sessionLoader } from './middleware/session.js';
import { errorHandler, errorPage } from './errors.js';
import type { Feature } from './routes/feature.js';
import { systemRoutes } from './routes/system.js';
import { topRoutes } from './routes/top.js';
import { authRoutes } from './routes/auth.js';
import { inviteRoutes, joinRoutes } from './routes/join.js';
import { settingsRoutes } from './routes/settings.js';
import { profileRoutes } from './routes/profile.js';
import { photoRoutes } from './routes/photos.js';
import { blogRoutes } from './routes/blog.js';
import { bookmarkRoutes } from './routes/bookmarks.js';
import { endorsementRoutes } from './routes/endorsements.js';
import { searchRoutes } from './routes/search.js';
import { reportRoutes } from './routes/reports.js';
import { diaryRoutes } from './routes/diary.js';
import { friendRoutes } from './routes/friends.js';
import { blockRoutes } from './routes/blocks.js';
import { footprintRoutes } from './routes/footprints.js';
import { messageRoutes } from './routes/messages.js';
import { courseRoutes } from './routes/course.js';
import { gamePlayRoutes, gameRoutes } from './routes/games.js';
import { communityRoutes } from './routes/communities.js';
import { communityMemberRoutes } from './routes/community-members.js';
import { communityTopicRoutes } from './routes/community-topics.js';
import { communityEventRoutes } from './routes/community-events.js';
import { communityPollRoutes } from './routes/community-polls.js';
import { communityPhotoRoutes } from './routes/community-photos.js';
import { echoRoutes } from './routes/echo.js';
import { collectionRoutes } from './routes/collection.js';
import { decoMailRoutes } from './routes/decomail.js';
import { premiumRoutes } from './routes/premium.js';
import { mailPostRoutes } from './routes/mail-post.js';
import { albumRoutes } from './routes/albums.js';
import { albumPhotoRoutes } from './routes/album-photos.js';
import { adImageRoutes, adRoutes } from './routes/ads.js';
import { advertiserRoutes } from './routes/advertiser.js';
import { staffRoutes } from './routes/staff.js';
import { staffModerationRoutes } from './routes/staff-moderation.js';
import { accountRoutes } from './routes/account.js';
import { passwordResetRoutes } from './routes/password-reset.js';
import { emulatorRoutes } from './emulator/index.js';
import { billingCallbackRoutes } from './routes/billing.js';
import { sandboxRoutes, sandboxServiceRoutes } from './routes/sandbox.js';

/** Ashiato's own pages, one sub-app per feature; each declares its auth level, uploads and guards. */
function features(s: Services): Feature[] {
  return [
    systemRoutes(s),
    topRoutes(s),
    authRoutes(s),
    joinRoutes(s),
    inviteRoutes(s),
    settingsRoutes(s),
    profileRoutes(s),
    photoRoutes(s),
    blogRoutes(s),
    bookmarkRoutes(s),
    endorsementRoutes(s),
    searchRoutes(s),
    reportRoutes(s),
    diaryRoutes(s),
    friendRoutes(s),
    blockRoutes(s),
    footprintRoutes(s),
    messageRoutes(s),
    courseRoutes(s),
    gameRoutes(s),
    gamePlayRoutes(s),
    communityRoutes(s),
    communityMemberRoutes(s),
    communityTopicRoutes(s),
    communityEventRoutes(s),
    communityPollRoutes(s),
    communityPhotoRoutes(s),
    echoRoutes(s),
    mailPostRoutes(s),
    albumRoutes(s),
    albumPhotoRoutes(s),
    adRoutes(s),
    adImageRoutes(s),
    advertiserRoutes(s),
    collectionRoutes(s),
    decoMailRoutes(s),
    premiumRoutes(s),
    staffRoutes(s),
    staffModerationRoutes(s),
    accountRoutes(s),
    passwordResetRoutes(s),
  ];
}

/**
 * The gateway: Host check → carrier → input decoding → session → CSRF → route → page
 * (rendered, split and encoded per handset in gateway/render.ts).
 */
export function createApp(s: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const pages = features(s);
  app.use('*', requestContext(s));
  app.use('*', securityHeaders());
  app.use('*', hostCheck(s));
  // Carriers' billing calls: from their servers, not handsets (and the sandbox's au collection service).
  app.route('/', billingCallbackRoutes(s));
  if (s.sandbox) app.route('/sandbox/billing', sandboxServiceRoutes(s.sandbox));
  // QA only: the emulator speaks to this same app as handsets do, so it sits before the
  // handset pipeline (its own requests then pass through all of it).
  if (s.config.emulator) app.route('/emulator', emulatorRoutes(s, () => app));
  app.use('*', clientAddressAndDevice(s));
  app.use('*', decodeInput({ uploads: pages.flatMap((f) => f.uploads) }));
  // The sandbox carrier's pages: handsets reach them, but they are the carrier's, not Ashiato's.
  if (s.sandbox) app.route('/sandbox/billing', sandboxRoutes(s, s.sandbox));
  app.use('*', sessionLoader(s));
  app.use('*', csrfCheck(s));
  app.use('*', replayGuard(s));

  for (const f of pages) app.route('/', f.app);

  app.notFound((c) => errorPage(c, 404, 'ページが見つかりません', 'お探しのページは見つかりませんでした。'));
  app.onError(errorHandler(s.health));
  // In-process requests (the sandbox carrier's notices) enter by the front door like any other.
  s.loopback = async (url, { peer, ...init }) => {
    const headers = new Headers(init.headers);
    headers.set('Host', new URL(url).host);
    return app.request(url, { ...init, headers }, { peerAddress: peer ?? '127.0.0.1' });
  };
  return app;
}
