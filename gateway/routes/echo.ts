import type { Context } from 'hono';
import { ECHO_PAGE_SIZE } from '../../core/echo/service.js';
import type { Echo } from '../../core/echo/ports.js';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { redirectTo, sendPage } from '../render.js';
import { handleForm } from '../forms.js';
import { echoHomePage, echoThreadPage, memberEchoPage, type EchoView } from '../../templates/pages/echo.js';
import { feature, type Feature } from './feature.js';
import { idParam, keepOwnEcho, keptFriendsEchoes, memberId, queryInt, reading, who } from './shared.js';

/** Echoes as this member sees them: authors named through the access gate. */
async function views(s: Services, me: number, list: Echo[]): Promise<EchoView[]> {
  return named(me, list, await s.access.names(me, list.map((e) => e.memberId)));
}

function named(me: number, list: readonly Echo[], names: ReadonlyMap<number, string>): EchoView[] {
  // Object.assign, not `{ ...e, newKey }`: on Node 20 a spread followed by new keys takes V8's
  // slow path (0.3–1.3 µs an object, measured).
  return list.filter((e) => names.has(e.memberId)).map((e) => Object.assign({}, e, { author: who(names, e.memberId), mine: e.memberId === me }));
}

/** Friends' echoes and the post form; the first page is the one the top page keeps (keptFriendsEchoes). */
async function home(c: Context<AppEnv>, s: Services, draft: { value?: string; error?: string } = {}) {
  const me = memberId(c);
  const page = queryInt(c, 'page', 1, 100);
  const kept = page === 1 ? await keptFriendsEchoes(reading(c, s), me) : null;
  const list = kept ? kept.echoes : await s.echo.friendsEchoes(me, page);
  const echoes = kept ? named(me, list, kept.names) : await views(s, me, list);
  return echoHomePage({ me, echoes, page, more: list.length === ECHO_PAGE_SIZE, ...draft });
}

async function thread(c: Context<AppEnv>, s: Services, id: number, draft: { value?: string; error?: string } = {}) {
  const me = memberId(c);
  const t = await s.echo.thread(me, id);
  const [echo, ...rest] = await views(s, me, [t.echo, ...(t.parent ? [t.parent] : []), ...t.replies]);
  const parent = t.parent ? (rest.find((x) => x.id === t.parent!.id) ?? null) : null;
  return echoThreadPage({ echo: echo!, parent, replies: rest.filter((x) => x.id !== parent?.id), ...draft });
}

/** Echo: friends' echoes and the post form, one echo with its replies, a member's echoes. */
export function echoRoutes(s: Services): Feature {
  const f = feature({ auth: 'member', areas: ['/echo/*'] });

  f.get('/echo', async (c) => sendPage(c, await home(c, s)));
  f.post('/echo', (c) => {
    const body = c.get('form').get('body') ?? '';
    return handleForm(c, {
      act: async () => {
        const echo = await s.echo.posted(memberId(c), body);
        // The echo is posted: keeping it for the next view may fail (then that view reads it again).
        await keepOwnEcho(s, c.get('member')!.nickname, echo).catch((err: unknown) => c.get('log')?.warn({ err }, 'own echo not kept'));
        return echo.id;
      },
      redirect: () => '/echo',
      rerender: (r) => home(c, s, { value: body, error: r.message }),
    });
  });

  f.get('/echo/:id{[0-9]+}', async (c) => sendPage(c, await thread(c, s, idParam(c, 'id'))));
  f.post('/echo/:id/reply', (c) => {
    const id = idParam(c, 'id');
    const body = c.get('form').get('body') ?? '';
    return handleForm(c, {
      act: () => s.echo.post(memberId(c), body, id),
      redirect: (newId) => `/echo/${newId}`,
      rerender: (r) => thread(c, s, id, { value: body, error: r.message }),
    });
  });
  f.post('/echo/:id/delete', async (c) => {
    await s.echo.delete(memberId(c), idParam(c, 'id'));
    return redirectTo(c, `/members/${memberId(c)}/echo`);
  });

  f.get('/members/:id/echo', async (c) => {
    const me = memberId(c);
    const page = queryInt(c, 'page', 1, 100);
    const r = await s.echo.memberEchoes(me, idParam(c, 'id'), page);
    return sendPage(c, memberEchoPage({ owner: { id: r.owner.id, nickname: r.owner.nickname }, echoes: await views(s, me, r.echoes), page, more: r.echoes.length === ECHO_PAGE_SIZE }));
  });

  return f;
}
