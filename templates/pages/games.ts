import { form, heading, hr, link, menuItem, para, submit } from '../components.js';
import { h, type Child } from '../html.js';
import type { Page } from '../layout.js';

const back: Child[] = [link('/games', 'ゲーム一覧', { key: '9' }), h('br'), link('/', 'トップへ', { key: '0' })];

export function gamesPage(games: { id: string; title: string; description: string; playable: boolean }[]): Page {
  return {
    title: 'ゲーム',
    blocks: games.map((g, i) => [menuItem(`/games/${g.id}`, g.title, String(i + 1)), para(g.description), g.playable ? null : para('※この機種では遊べません(Flash Lite 1.1以上)'), hr()]),
    footer: [link('/', 'トップへ', { key: '0' })],
  };
}

export interface RankLine {
  rank: number;
  name: string;
  score: number;
  me: boolean;
}

function rankLines(lines: RankLine[]): Child {
  if (!lines.length) return para('まだ記録がありません。');
  return lines.map((l) => [`${l.rank}位 ${l.name} ${l.score}回${l.me ? ' ←あなた' : ''}`, h('br')]);
}

export interface GameView {
  id: string;
  title: string;
  description: string;
  playable: boolean;
  /** Points one play costs (0: free) and the member's balance. */
  price: number;
  balance: number;
  myWeek: number | null;
  myAll: number | null;
  week: RankLine[];
}

export function gamePage(v: GameView): Page {
  return {
    title: v.title,
    blocks: [
      para(v.description),
      !v.playable
        ? para('この機種では遊べません(Flash Lite 1.1以上の機種でどうぞ)。')
        : v.price > 0
          ? form({ action: `/games/${v.id}/play` }, para(`1回${v.price}pt(残高 ${v.balance}pt)`), submit(`${v.price}ptであそぶ`))
          : link(`/games/${v.id}/play`, 'あそぶ', { key: '1' }),
      hr(),
      para(`あなたの記録: 今週 ${v.myWeek ?? '-'}回 / 歴代 ${v.myAll ?? '-'}回`),
      heading('今週のランキング'),
      rankLines(v.week),
      link(`/games/${v.id}/ranking?p=week`, '今週のランキング', { key: '2' }),
      h('br'),
      link(`/games/${v.id}/ranking?p=all`, '歴代ランキング', { key: '3' }),
      h('br'),
      link(`/games/${v.id}/ranking?p=week&f=1`, 'マイミク内ランキング', { key: '4' }),
    ],
    footer: back,
  };
}

export function playPage(v: { title: string; swf: string; width: number; height: number }): Page {
  return {
    title: v.title,
    blocks: [
      h('object', { data: v.swf, type: 'application/x-shockwave-flash', width: v.width, height: v.height }, h('param', { name: 'movie', value: v.swf }), h('param', { name: 'quality', value: 'high' })),
      para('キーで遊んでください。時間が来ると結果へ進みます。'),
    ],
    footer: back,
  };
}

export function notEnoughPointsPage(v: { id: string; title: string; price: number; balance: number }): Page {
  return {
    title: v.title,
    blocks: [para(`ポイントが足りません(1回${v.price}pt、残高 ${v.balance}pt)。`), link('/course', 'ポイントコース(毎月300pt)', { key: '1' }), h('br'), link(`/games/${v.id}`, v.title, { key: '5' })],
    footer: back,
  };
}

export function resultPage(v: { id: string; title: string; score: number; weekBest: number; allBest: number; weekRank: number }): Page {
  return {
    title: `${v.title} 結果`,
    blocks: [
      heading(`${v.score}回!`),
      v.score >= v.allBest ? para('自己ベスト更新!') : null,
      para(`今週のベスト ${v.weekBest}回(${v.weekRank}位)`),
      para(`歴代ベスト ${v.allBest}回`),
      hr(),
      link(`/games/${v.id}`, 'もう一度あそぶ', { key: '1' }),
      h('br'),
      link(`/games/${v.id}/ranking?p=week`, 'ランキング', { key: '2' }),
    ],
    footer: back,
  };
}

export function rankingPage(v: { id: string; title: string; heading: string; lines: RankLine[] }): Page {
  return {
    title: `${v.title} ランキング`,
    blocks: [
      heading(v.heading),
      rankLines(v.lines),
      hr(),
      link(`/games/${v.id}/ranking?p=week`, '今週', { key: '2' }),
      ' ',
      link(`/games/${v.id}/ranking?p=all`, '歴代', { key: '3' }),
      ' ',
      link(`/games/${v.id}/ranking?p=week&f=1`, 'マイミク内', { key: '4' }),
      h('br'),
      link(`/games/${v.id}`, v.title, { key: '5' }),
    ],
    footer: back,
  };
}
