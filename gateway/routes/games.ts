import type { Context } from 'hono';
import iconv from 'iconv-lite';
import { flashLiteAtLeast, gameById, GAMES, type Game } from '../../core/games/service.js';
import { DomainError } from '../../core/errors.js';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { redirectTo, renderContext, sendPage } from '../render.js';
import { handleForm } from '../forms.js';
import { withParams } from '../links.js';
import { mashGameSwf } from '../../media/mash-game.js';
import { numberGameSwf } from '../../media/number-game.js';
import { gamePage, gamesPage, notEnoughPointsPage, playPage, rankingPage, resultPage, type RankLine } from '../../templates/pages/games.js';
import { feature, type Feature } from './feature.js';
import { memberId, notFound, reading } from './shared.js';

const sjisForm = (v: Record<string, string>) =>
  Object.entries(v)
    .map(([k, x]) => `${k}=${[...iconv.encode(x, 'Shift_JIS')].map((b) => (/[A-Za-z0-9*\-._]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('')}`)
    .join('&');

const MOVIES: Record<string, typeof mashGameSwf> = { mash: mashGameSwf, number: numberGameSwf };

function gameOf(c: Context<AppEnv>): Game {
  const g = gameById(c.req.param('id') ?? '');
  if (!g) notFound();
  return g;
}

const playable = (c: Context<AppEnv>, g: Game) => flashLiteAtLeast(c.get('device').flashLite, g.flashLite);

/**
 * The movie fits the screen width of keitai of its era (at most 240 px) less the browser's
 * margins, 4:3, so the line under it shows on the first screen too.
 */
function size(c: Context<AppEnv>) {
  const w = Math.min(232, Math.max(112, c.get('device').screenWidth - 8));
  return { width: w, height: Math.round((w * 3) / 4) };
}

async function lines(c: Context<AppEnv>, s: Services, g: Game, period: 'week' | 'all', friendsOnly: boolean, limit: number): Promise<RankLine[]> {
  const rows = await s.games.ranking(g.id, period, memberId(c), friendsOnly, limit);
  const names = await s.access.names(memberId(c), rows.map((r) => r.memberId));
  return rows.map((r) => ({ rank: r.rank, name: names.get(r.memberId) ?? '(退会)', score: r.score, me: r.memberId === memberId(c) }));
}

/** Free games start from a link; a paid one from a form, so its points are spent only on purpose. */
async function play(c: Context<AppEnv>, s: Services, g: Game): Promise<Response> {
  if (!playable(c, g)) return redirectTo(c, `/games/${g.id}`);
  const { token } = await s.games.start(memberId(c), g.id);
  const { width, height } = size(c);
  // A handset without cookies keeps its session in URLs: the movie's address carries it, so the
  // result page the movie opens is still signed in (the renderer does not rewrite <object data>).
  const swf = renderContext(c, c.get('render')).url(withParams(`/games/${g.id}/play.swf`, { t: token }), { subscriberId: false });
  return sendPage(c, playPage({ title: g.title, swf, width, height }));
}

/** Flash Lite games: the list, a game's page, starting a play, rankings (members only). */
export function gameRoutes(s: Services): Feature {
  const f = feature({ auth: 'member' });

  f.get('/games', (c) => sendPage(c, gamesPage(GAMES.map((g) => ({ id: g.id, title: g.title, description: g.description, playable: playable(c, g) })))));

  f.get('/games/:id', async (c) => {
    const g = gameOf(c);
    const [mine, balance] = await Promise.all([s.games.myBest(g.id, memberId(c)), s.points.balance(memberId(c))]);
    return sendPage(
      c,
      gamePage({ id: g.id, title: g.title, description: g.description, playable: playable(c, g), price: g.pricePoints, balance, myWeek: mine.week, myAll: mine.all, week: await lines(c, s, g, 'week', false, 5) }),
    );
  });

  f.get('/games/:id/play', (c) => {
    const g = gameOf(c);
    return g.pricePoints > 0 ? redirectTo(c, `/games/${g.id}`) : play(c, s, g);
  });
  f.post('/games/:id/play', (c) => {
    const g = gameOf(c);
    return handleForm(c, {
      act: () => play(c, s, g),
      refuse: (e) => (e.code === 'insufficient_points' ? 409 : null),
      rerender: async () => notEnoughPointsPage({ id: g.id, title: g.title, price: g.pricePoints, balance: await s.points.balance(memberId(c)) }),
    });
  });

  f.get('/games/:id/ranking', async (c) => {
    const g = gameOf(c);
    const period = c.get('query').get('p') === 'all' ? 'all' : 'week';
    const friendsOnly = c.get('query').get('f') === '1';
    const heading = `${friendsOnly ? 'マイミク内' : ''}${period === 'all' ? '歴代' : '今週の'}ランキング`;
    return sendPage(c, rankingPage({ id: g.id, title: g.title, heading, lines: await lines(c, reading(c, s), g, period, friendsOnly, 30) }));
  });

  return f;
}

/**
 * A play's movie, its score and its result. The movie's request and its score come back without
 * the session (Flash does not carry it), so the one-time play token alone identifies them.
 */
export function gamePlayRoutes(s: Services): Feature {
  const f = feature({ auth: 'guest' });

  f.get('/games/:id/play.swf', async (c) => {
    const g = gameOf(c);
    const token = c.get('query').get('t') ?? '';
    if (!(await s.games.playable(g.id, token))) throw new DomainError('token_invalid');
    const t = encodeURIComponent(token);
    // The result page keeps the session the movie was fetched with (cookie-less handsets: in its URL).
    const resultUrl = renderContext(c, c.get('render')).url(`/games/${g.id}/result?t=${t}`, { subscriberId: false });
    const swf = MOVIES[g.id]!({ submitUrl: `/games/${g.id}/score?t=${t}&s=`, resultUrl, seconds: g.seconds, ...size(c) });
    return c.body(swf as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/x-shockwave-flash', 'Cache-Control': 'no-store' });
  });

  /**
   * The movie's loadVariables call: the answer is name=value pairs the movie takes as variables
   * (`state=3` lets its next key press open the result page; `state=4` ends it there).
   */
  f.get('/games/:id/score', async (c) => {
    // name=value pairs percent-encoded in Shift_JIS, as the movie's Flash Lite reads them.
    const vars = (status: 200 | 400, v: Record<string, string>) =>
      c.body(sjisForm(v), status, { 'Content-Type': 'text/plain; charset=Shift_JIS', 'Cache-Control': 'no-store' });
    const g = gameOf(c);
    try {
      const r = await s.games.finish(g.id, c.get('query').get('t') ?? '', c.get('query').get('s') ?? '');
      return vars(200, { state: '3', rank: String(r.weekRank), best: String(r.weekBest), disp: `${r.score}回! 今週${r.weekRank}位(ベスト${r.weekBest}回)\rキーを押すと結果へ` });
    } catch (e) {
      if (!(e instanceof DomainError) || (e.code !== 'token_invalid' && e.code !== 'invalid_input')) throw e;
      return vars(400, { state: '4', disp: 'この記録は登録されませんでした。' });
    }
  });

  f.get('/games/:id/result', async (c) => {
    const g = gameOf(c);
    const r = await s.games.result(g.id, c.get('query').get('t') ?? '');
    if (!r) notFound();
    return sendPage(c, resultPage({ id: g.id, title: g.title, score: r.score, weekBest: r.weekBest, allBest: r.allBest, weekRank: r.weekRank }));
  });

  return f;
}
