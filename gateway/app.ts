import { Hono } from 'hono';
import type { AppEnv } from './env.js';
import type { Services } from './services.js';
import { clientAddressAndDevice, hostCheck, requestContext, securityHeaders } from './middleware/request.js';
import { decodeInput } from './middleware/input.js';
import { csrfCheck, replayGuard, sessionLoader } from './middleware/session.js';
import { errorHandler, errorPage } from './errors.js';
import { authRoutes } from './routes/auth.js';
import { settingsRoutes } from './routes/settings.js';
import { systemRoutes } from './routes/system.js';
import { diaryRoutes } from './routes/diary.js';
import { socialRoutes } from './routes/social.js';
import { profileRoutes } from './routes/profile.js';
import { emulatorRoutes } from './emulator/index.js';
import { billingCallbackRoutes } from './routes/billing.js';
import { courseRoutes } from './routes/course.js';
import { sandboxRoutes } from './routes/sandbox.js';
import { gameRoutes } from './routes/games.js';

/**
 * The gateway: Host check → carrier → input decoding → session → CSRF → route → page
 * (rendered, split and encoded per handset in gateway/render.ts).
 */
export function createApp(s: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requestContext(s));
  app.use('*', securityHeaders());
  app.use('*', hostCheck(s));
  // Carriers' billing calls: signed JSON from servers, not handsets.
  app.route('/', billingCallbackRoutes(s));
  // QA only: the emulator speaks to this same app as handsets do, so it sits before the
  // handset pipeline (its own requests then pass through all of it).
  if (s.config.emulator) app.route('/emulator', emulatorRoutes(s, () => app));
  app.use('*', clientAddressAndDevice(s));
  app.use('*', decodeInput());
  // The sandbox carrier's pages: handsets reach them, but they are the carrier's, not Ashiato's.
  if (s.sandbox) app.route('/sandbox/billing', sandboxRoutes(s, s.sandbox));
  app.use('*', sessionLoader(s));
  app.use('*', csrfCheck(s));
  app.use('*', replayGuard(s));

  app.route('/', systemRoutes(s));
  app.route('/', authRoutes(s));
  app.route('/', settingsRoutes(s));
  app.route('/', diaryRoutes(s));
  app.route('/', socialRoutes(s));
  app.route('/', profileRoutes(s));
  app.route('/', courseRoutes(s));
  app.route('/', gameRoutes(s));

  app.notFound((c) => errorPage(c, 404, 'ページが見つかりません', 'お探しのページは見つかりませんでした。'));
  app.onError(errorHandler(s.health));
  // In-process requests (the sandbox carrier's notices) enter by the front door like any other.
  s.loopback = async (url, init) => {
    const headers = new Headers(init.headers);
    headers.set('Host', new URL(url).host);
    return app.request(url, { ...init, headers }, { peerAddress: '127.0.0.1' });
  };
  return app;
}
