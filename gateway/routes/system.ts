import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { sendPage } from '../render.js';
import { verifyOutbound } from '../links.js';
import { errorPage } from '../errors.js';
import { outboundPage } from '../../templates/pages/settings.js';

/** Health, QA device report, and the outbound-link interstitial. */
export function systemRoutes(s: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/healthz', async (c) => {
    const ok = await s.store.ping();
    return c.text(ok ? 'ok' : 'database unavailable', ok ? 200 : 503, { 'Cache-Control': 'no-store' });
  });

  app.get('/qa/device', (c) => {
    const d = c.get('device');
    return c.json(
      {
        carrier: d.carrier,
        model: d.model,
        markup: d.markup,
        charset: d.charset,
        cookies: d.cookies,
        maxPageBytes: d.maxPageBytes,
        screenWidth: d.screenWidth,
        flashLite: d.flashLite,
        clientIp: c.get('clientIp'),
        carrierIpVerified: c.get('carrierIpVerified'),
        crawler: d.crawler,
        subscriberIdPresent: c.get('claimedSubscriberId') !== null,
      },
      200,
      { 'Cache-Control': 'no-store' },
    );
  });

  // Links to other sites land here first: this page's URL carries no session, so the
  // Referer the handset sends onward reveals nothing.
  app.get('/r', (c) => {
    const url = c.get('query').get('u') ?? '';
    if (!/^https?:\/\//i.test(url) || !verifyOutbound(c.get('render').linkKey, url, c.get('query').get('k') ?? '')) {
      return errorPage(c, 400, 'リンクが正しくありません', 'このリンクは開けません。');
    }
    return sendPage(c, c.get('render'), outboundPage(url));
  });

  return app;
}
