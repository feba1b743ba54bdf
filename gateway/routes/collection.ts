import type { Context } from 'hono';
import type { CatalogueEntry } from '../../core/collection/service.js';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { redirectTo, sendPage } from '../render.js';
import { handleForm } from '../forms.js';
import { cataloguePage, designPage, notEnoughForDesignPage, type DesignView } from '../../templates/pages/collection.js';
import { pageSkin, skinImageFit } from '../skin-view.js';
import { feature, type Feature } from './feature.js';
import { idParam, memberId, notFound } from './shared.js';

function view(e: CatalogueEntry): DesignView {
  const s = e.skin;
  return { id: s.id, name: s.name, description: s.description, kind: s.kind, price: s.pricePoints, sponsor: s.sponsor, accent: s.accent, owned: e.owned, appliedTo: e.appliedTo };
}

async function design(c: Context<AppEnv>, s: Services, id: number, o: { error?: string; notice?: string } = {}) {
  const me = memberId(c);
  const [e, balance] = await Promise.all([s.collection.design(me, id), s.points.balance(me)]);
  return designPage({ design: view(e), balance, preview: pageSkin(c.get('device'), e.skin), ...o });
}

async function catalogue(c: Context<AppEnv>, s: Services, notice?: string) {
  const me = memberId(c);
  const [list, balance] = await Promise.all([s.collection.catalogue(me), s.points.balance(me)]);
  return cataloguePage({ designs: list.map(view), balance, ...(notice ? { notice } : {}) });
}

/** mixi Collection (ミクコレ): the catalogue, taking or buying a design, wearing it, taking it off. */
export function collectionRoutes(s: Services): Feature {
  // Skin images dress pages guests may read too (a public diary entry), and show nothing private.
  const f = feature({ auth: 'member', areas: ['/collection', '/collection/*'], guestPaths: ['/skins/:id/:slot/:width'] });

  f.get('/collection', async (c) => sendPage(c, await catalogue(c, s)));
  f.get('/collection/:id{[0-9]+}', async (c) => sendPage(c, await design(c, s, idParam(c, 'id'))));

  f.post('/collection/:id/acquire', (c) => {
    const id = idParam(c, 'id');
    return handleForm(c, {
      act: async () => {
        const r = await s.collection.acquire(memberId(c), id);
        return sendPage(c, await design(c, s, id, { notice: r === 'acquired' ? '手に入れました。使う場所を選んでください。' : 'このデザインはもう持っています。' }));
      },
      refuse: (e) => (e.code === 'insufficient_points' ? 409 : null),
      rerender: async () => {
        const e = await s.collection.design(memberId(c), id);
        return notEnoughForDesignPage({ id, name: e.skin.name, price: e.skin.pricePoints, balance: await s.points.balance(memberId(c)) });
      },
    });
  });

  f.post('/collection/:id/apply', (c) => {
    const id = idParam(c, 'id');
    return handleForm(c, {
      act: async () => {
        await s.collection.apply(memberId(c), id, c.get('form').get('area') ?? '');
        return sendPage(c, await design(c, s, id, { notice: 'デザインを変更しました。' }));
      },
      rerender: (r) => design(c, s, id, { error: r.message }),
    });
  });

  f.post('/collection/remove', (c) =>
    handleForm(c, {
      act: async () => {
        await s.collection.remove(memberId(c), c.get('form').get('area') ?? '');
        return redirectTo(c, '/collection');
      },
      rerender: (r) => catalogue(c, s, r.message),
    }),
  );

  f.get('/skins/:id/:slot/:width', async (c) => {
    const slot = c.req.param('slot');
    if (slot !== 'header' && slot !== 'background') notFound();
    const img = await s.collection.image(idParam(c, 'id'), slot, idParam(c, 'width'), skinImageFit(c.get('device'), slot));
    return c.body(img.bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': img.type, 'Cache-Control': 'public, max-age=86400', Vary: 'User-Agent' });
  });

  return f;
}
