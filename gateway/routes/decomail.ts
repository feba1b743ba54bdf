import type { Context } from 'hono';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { sendPage } from '../render.js';
import { handleForm } from '../forms.js';
import { galleryPage } from '../../templates/pages/deco.js';
import { feature, type Feature } from './feature.js';
import { idParam, memberId, notFound } from './shared.js';

async function gallery(c: Context<AppEnv>, s: Services, notice?: string) {
  const me = memberId(c);
  const [items, balance] = await Promise.all([s.decoGallery.gallery(me), s.points.balance(me)]);
  return galleryPage({ items: items.map((g) => ({ id: g.template.id, name: g.template.name, price: g.template.pricePoints, usable: g.usable })), balance, ...(notice ? { notice } : {}) });
}

/** Decorated messages' template gallery (buying paid templates once) and the template images. */
export function decoMailRoutes(s: Services): Feature {
  // Template images are shown inside messages and previews; they show nothing private, and
  // handsets without cookies fetch images without their session.
  const f = feature({ auth: 'member', guestPaths: ['/deco/:id/image'] });

  f.get('/messages/templates', async (c) => sendPage(c, await gallery(c, s)));
  f.post('/messages/templates/:id/acquire', (c) => {
    const id = idParam(c, 'id');
    return handleForm(c, {
      act: async () => sendPage(c, await gallery(c, s, (await s.decoGallery.acquire(memberId(c), id)) === 'acquired' ? '購入しました。メッセージを書くときに選べます。' : 'このテンプレートはもう使えます。')),
      refuse: (e) => (e.code === 'insufficient_points' ? 409 : null),
      rerender: () => gallery(c, s, 'ポイントが足りません。'),
    });
  });

  f.get('/deco/:id/image', async (c) => {
    const gif = await s.decoGallery.image(idParam(c, 'id'));
    if (!gif) notFound();
    return c.body(gif as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'image/gif', 'Cache-Control': 'public, max-age=86400' });
  });

  return f;
}
