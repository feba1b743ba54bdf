import type { Context } from 'hono';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { redirectTo, sendPage } from '../render.js';
import { handleForm } from '../forms.js';
import { friendsPage } from '../../templates/pages/diary.js';
import { friendRequestFormPage, friendRequestsPage } from '../../templates/pages/social.js';
import { feature, type Feature } from './feature.js';
import { idParam, memberId, viewerId, who } from './shared.js';

/** Requests to this member, and 友人かも (members sharing friends), named through the gate. */
async function requestsPage(c: Context<AppEnv>, s: Services, notice?: string): Promise<Response> {
  const me = memberId(c);
  const [requests, suggestions] = await Promise.all([s.friends.pending(me), s.friends.suggestions(me)]);
  const names = await s.access.names(me, [...requests.map((r) => r.fromId), ...suggestions.map((x) => x.memberId)]);
  return sendPage(
    c,
    friendRequestsPage(
      requests.map((r) => ({ id: r.id, from: who(names, r.fromId), message: r.message, createdAt: r.createdAt })),
      suggestions.filter((x) => names.has(x.memberId)).map((x) => ({ who: who(names, x.memberId), shared: x.shared })),
      notice,
    ),
  );
}

/** マイミク: friend lists, requests with a message, accepting, declining and removing. */
export function friendRoutes(s: Services): Feature {
  const f = feature({ auth: 'member', areas: ['/friends/*'] });
  /** Another member this one may write to (the access gate: blocked either way looks missing). */
  const reachable = (c: Context<AppEnv>, id: number) => s.access.contact(memberId(c), id);

  f.get('/members/:id/friends', async (c) => {
    const { owner, friends } = await s.friends.listFor(viewerId(c), idParam(c, 'id'));
    return sendPage(c, friendsPage(owner, friends, viewerId(c) === owner.id));
  });

  // Already asked: the profile says 申請中, rather than a second form or a 409 page.
  const settled = (c: Context<AppEnv>, to: number) => s.friends.requested(memberId(c), to);
  f.get('/members/:id/friend-request', async (c) => {
    const to = await reachable(c, idParam(c, 'id'));
    return (await settled(c, to.id)) ? redirectTo(c, `/members/${to.id}`) : sendPage(c, friendRequestFormPage(to, ''));
  });
  f.post('/members/:id/friend-request', async (c) => {
    const to = await reachable(c, idParam(c, 'id'));
    if (await settled(c, to.id)) return redirectTo(c, `/members/${to.id}`);
    const message = c.get('form').get('message') ?? '';
    return handleForm(c, {
      act: () => s.friends.request(memberId(c), to.id, message),
      redirect: () => `/members/${to.id}`,
      rerender: (r) => friendRequestFormPage(to, message, r.message),
    });
  });

  f.get('/friends/requests', (c) => requestsPage(c, s));
  f.post('/friends/requests/:id', async (c) => {
    const id = idParam(c, 'id');
    if (c.get('form').get('op') === 'accept') {
      const r = await s.friends.accept(memberId(c), id);
      return requestsPage(c, s, `${(await reachable(c, r.fromId)).nickname}さんとマイミクになりました。`);
    }
    await s.friends.decline(memberId(c), id);
    return requestsPage(c, s, '申請をお断りしました。');
  });
  f.post('/friends/:id/remove', async (c) => {
    await s.friends.remove(memberId(c), idParam(c, 'id'));
    return redirectTo(c, `/members/${memberId(c)}/friends`);
  });

  return f;
}
