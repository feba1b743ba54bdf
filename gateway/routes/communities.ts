import type { Context } from 'hono';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { redirectTo, sendPage } from '../render.js';
import { handleForm } from '../forms.js';
import { CATEGORY_LABELS, communityFormPage, communityFrontPage, communityLinesPage, communityListPage } from '../../templates/pages/communities.js';
import { COMMUNITY_PAGE_SIZE } from '../../core/communities/service.js';
import { photoView } from '../photo-view.js';
import { feature, type Feature } from './feature.js';
import { idParam, memberId, queryInt, viewerId, who } from './shared.js';

const values = (c: Context<AppEnv>) => {
  const f = c.get('form');
  return { name: f.get('name') ?? '', category: f.get('category') ?? '', description: f.get('description') ?? '', joinPolicy: f.get('joinPolicy') ?? '', readers: f.get('readers') ?? '' };
};

/** Finding communities (search, ranking, マイミク's, a member's), creating, editing, closing, the front page. */
export function communityRoutes(s: Services): Feature {
  // Guests find and open communities whose topics are open to everyone (the service decides which).
  const f = feature({ auth: 'member', guestPaths: ['/communities', '/communities/:id{[0-9]+}'] });

  f.get('/communities', async (c) => {
    const q = c.get('query');
    const order = q.get('order') === 'activity' ? 'activity' : 'members';
    const page = queryInt(c, 'page', 1, 500);
    const found = await s.communities.find(viewerId(c), { keyword: q.get('q') ?? '', category: q.get('category') ?? '', order, page });
    const category = CATEGORY_LABELS.find(([k]) => k === q.get('category'))?.[0] ?? '';
    return sendPage(c, communityListPage({ communities: found, q: (q.get('q') ?? '').slice(0, 50), category, order, page, hasMore: found.length === COMMUNITY_PAGE_SIZE, me: viewerId(c) }));
  });

  f.get('/communities/friends', async (c) => {
    const list = await s.communities.friendsJoined(memberId(c));
    return sendPage(c, communityLinesPage('マイミクの参加コミュニティ', list.map((x) => ({ ...x.community, note: `マイミク${x.friends}人` }))));
  });

  f.get('/members/:id/communities', async (c) => {
    const { owner, communities } = await s.communities.ofMember(memberId(c), idParam(c, 'id'));
    return sendPage(c, communityLinesPage(`${owner.nickname}さんの参加コミュニティ`, communities, { href: `/members/${owner.id}`, label: 'プロフィール' }));
  });

  f.get('/communities/new', (c) => sendPage(c, communityFormPage({ values: {} })));
  f.post('/communities/new', (c) => {
    const v = values(c);
    return handleForm(c, { act: () => s.communities.create(memberId(c), v), redirect: (id) => `/communities/${id}`, rerender: (r) => communityFormPage({ values: v, errors: r.fields }) });
  });

  f.get('/communities/:id{[0-9]+}', async (c) => {
    const me = viewerId(c);
    const { community: x, role } = await s.communities.view(me, idParam(c, 'id'));
    const topics = await s.topics.list(me, x.id, null, 1).then((t) => t.slice(0, 5), () => null);
    const names = await s.access.names(me, [x.adminId]);
    const admin = names.has(x.adminId) ? who(names, x.adminId) : null;
    const photo = x.photoId === null ? null : await s.photos.find(x.photoId);
    const image = photo ? photoView(c.get('device'), photo) : null;
    return sendPage(c, communityFrontPage({ ...x, admin, role, signedIn: me !== null, topics, image }));
  });

  f.get('/communities/:id/edit', async (c) => {
    const { community: x, role } = await s.communities.view(memberId(c), idParam(c, 'id'));
    if (role !== 'admin') return c.notFound();
    return sendPage(c, communityFormPage({ values: x, id: x.id }));
  });
  f.post('/communities/:id/edit', (c) => {
    const id = idParam(c, 'id');
    const v = values(c);
    return handleForm(c, { act: () => s.communities.edit(memberId(c), id, v), redirect: () => `/communities/${id}`, rerender: (r) => communityFormPage({ values: v, errors: r.fields, id }) });
  });
  f.post('/communities/:id/close', async (c) => {
    await s.communities.close(memberId(c), idParam(c, 'id'));
    return redirectTo(c, '/communities');
  });

  return f;
}
