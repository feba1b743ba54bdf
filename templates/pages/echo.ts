import { errorList, form, heading, hidden, hr, link, para, submit, textArea } from '../components.js';
import { h, type Child } from '../html.js';
import type { Page } from '../layout.js';
import { dateTime } from '../format.js';

type Who = { id: number; nickname: string };
export interface EchoView {
  id: number;
  author: Who;
  body: string;
  createdAt: number;
  replyTo: number | null;
  mine: boolean;
}

const TOP: Child[] = [link('/', 'トップへ', { key: '0' })];

function echoLine(e: EchoView): Child {
  return [link(`/members/${e.author.id}`, e.author.nickname), ` ${e.body} `, link(`/echo/${e.id}`, `${dateTime(e.createdAt)}${e.replyTo !== null ? ' (返信)' : ''}`), h('br')];
}

function postForm(action: string, label: string, value = '', error?: string, max = 150): Child {
  return form({ action }, textArea(`${label}(${max}文字まで)`, { name: 'body', value, rows: 2 }, error), submit(label === '返信' ? '返信する' : 'エコーする'));
}

/** Friends' echoes (and one's own) with the post form, as mixi Echo's front page. */
export function echoHomePage(v: { me: number; echoes: EchoView[]; page: number; more: boolean; value?: string; error?: string; notice?: string }): Page {
  return {
    title: 'エコー',
    blocks: [
      v.notice ? para(v.notice) : null,
      postForm('/echo', 'いまなにしてる?', v.value, v.error),
      hr(),
      heading('マイミクのエコー'),
      v.echoes.length ? v.echoes.map(echoLine) : para('まだエコーはありません。'),
      v.page > 1 ? link(`/echo?page=${v.page - 1}`, '前へ') : null,
      v.more ? [' ', link(`/echo?page=${v.page + 1}`, '次へ')] : null,
      hr(),
      link(`/members/${v.me}/echo`, '自分のエコー'),
    ],
    footer: TOP,
  };
}

/** One echo, what it answers, its replies, the reply form (and delete for the author). */
export function echoThreadPage(v: { echo: EchoView; parent: EchoView | null; replies: EchoView[]; value?: string; error?: string }): Page {
  const e = v.echo;
  return {
    title: 'エコー',
    blocks: [
      v.parent ? [para('返信先:'), echoLine(v.parent), hr()] : null,
      para(link(`/members/${e.author.id}`, e.author.nickname)),
      para(e.body),
      para(dateTime(e.createdAt)),
      e.mine ? form({ action: `/echo/${e.id}/delete` }, submit('削除する')) : null,
      hr(),
      errorList(v.error ? { body: v.error } : undefined),
      form({ action: `/echo/${e.id}/reply` }, textArea('返信(150文字まで)', { name: 'body', value: v.value ?? '', rows: 2 }), hidden('reply', String(e.id)), submit('返信する')),
      v.replies.length ? [heading('返信'), ...v.replies.map(echoLine)] : null,
    ],
    footer: [link('/echo', 'エコー'), h('br'), ...TOP],
  };
}

/** One member's echoes. */
export function memberEchoPage(v: { owner: Who; echoes: EchoView[]; page: number; more: boolean }): Page {
  return {
    title: `${v.owner.nickname}さんのエコー`,
    blocks: [
      v.echoes.length ? v.echoes.map(echoLine) : para('まだエコーはありません。'),
      v.page > 1 ? link(`/members/${v.owner.id}/echo?page=${v.page - 1}`, '前へ') : null,
      v.more ? [' ', link(`/members/${v.owner.id}/echo?page=${v.page + 1}`, '次へ')] : null,
    ],
    footer: [link('/echo', 'エコー'), h('br'), link(`/members/${v.owner.id}`, `${v.owner.nickname}さん`), h('br'), ...TOP],
  };
}
