import type { Services } from '../services.js';
import { sendPage } from '../render.js';
import { verifyOutbound } from '../links.js';
import { errorPage } from '../errors.js';
import { outboundPage } from '../../templates/pages/settings.js';
import { h } from '../../templates/html.js';
import { sampleSwf } from '../emulator/sample-swf.js';
import { feature, type Feature } from './feature.js';
import { faviconIco } from '../../media/favicon.js';
import { SITE_CSS } from '../../templates/web.js';

/** Health, QA device report, and the outbound-link interstitial. */
export function systemRoutes(s: Services): Feature {
  const f = feature({ auth: 'guest' });

  // Browsers ask for it on every site; keitai never do. Drawn once, on the first request.
  let icon: Promise<Buffer> | null = null;
  f.get('/favicon.ico', async (c) => {
    icon ??= faviconIco();
    return c.body((await icon) as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'image/x-icon', 'Cache-Control': 'public, max-age=86400' });
  });

  f.get('/site.css', (c) => c.body(SITE_CSS, 200, { 'Content-Type': 'text/css; charset=UTF-8', 'Cache-Control': 'public, max-age=3600' }));

  f.get('/healthz', async (c) => {
    const ok = await s.health.ping();
    return c.text(ok ? 'ok' : 'database unavailable', ok ? 200 : 503, { 'Cache-Control': 'no-store' });
  });

  f.get('/qa/device', (c) => {
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

  // QA: a handset page embedding a Flash Lite movie, to check the handset's Flash support (and the
  // emulator's player) before the games exist. Only where the emulator is enabled.
  if (s.config.emulator) {
    const swf = sampleSwf();
    f.get('/qa/sample.swf', (c) => c.body(swf as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/x-shockwave-flash', 'Cache-Control': 'no-store' }));
    f.get('/qa/flash', (c) => {
      const d = c.get('device');
      return sendPage(c, {
        title: 'Flash Lite 確認',
        blocks: [
          h('div', null, d.flashLite ? `この端末は Flash Lite ${d.flashLite} に対応しています。` : 'この端末は Flash Lite に対応していません。'),
          d.flashLite ? h('object', { data: '/qa/sample.swf', type: 'application/x-shockwave-flash', width: 240, height: 240 }, h('param', { name: 'movie', value: '/qa/sample.swf' })) : null,
        ],
      });
    });
  }

  // Links to other sites land here first: this page's URL carries no session, so the
  // Referer the handset sends onward reveals nothing.
  f.get('/r', (c) => {
    const url = c.get('query').get('u') ?? '';
    if (!/^https?:\/\//i.test(url) || !verifyOutbound(c.get('render').linkKey, url, c.get('query').get('k') ?? '')) {
      return errorPage(c, 400, 'リンクが正しくありません', 'このリンクは開けません。');
    }
    return sendPage(c, outboundPage(url));
  });

  return f;
}
