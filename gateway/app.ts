import { Hono } from 'hono';
import type { AppEnv } from './env.js';
import type { Services } from './services.js';
import { clientAddressAndDevice, hostCheck, requestContext } from './middleware/request.js';
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

/**
 * The gateway: Host check → carrier → input decoding → session → CSRF → route → page
 * (rendered, split and encoded per handset in gateway/render.ts).
 */
export function createApp(s: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requestContext(s));
  app.use('*', hostCheck(s));
  // QA only: the emulator speaks to this same app as handsets do, so it sits before the
  // handset pipeline (its own requests then pass through all of it).
  if (s.config.emulator) app.route('/emulator', emulatorRoutes(s, () => app));
  app.use('*', clientAddressAndDevice(s));
  app.use('*', decodeInput());
  app.use('*', sessionLoader(s));
  app.use('*', csrfCheck(s));
  app.use('*', replayGuard(s));

  app.route('/', systemRoutes(s));
  app.route('/', authRoutes(s));
  app.route('/', settingsRoutes(s));
  app.route('/', diaryRoutes(s));
  app.route('/', socialRoutes(s));
  app.route('/', profileRoutes(s));

  app.notFound((c) => errorPage(c, 404, 'ページが見つかりません', 'お探しのページは見つかりませんでした。'));
  app.onError(errorHandler(s.store));
  return app;
}
