import { errorList, form, heading, hr, link, menuItem, para, select, submit, textArea, textBlock, textField } from '../components.js';
import { h } from '../html.js';
import type { Page } from '../layout.js';

export const VISIBILITY_LABELS: [string, string][] = [
  ['self', '非公開(自分のみ)'],
  ['friends', 'マイミクまで'],
  ['friends-of-friends', 'マイミクのマイミクまで'],
  ['members', '全員(メンバー)'],
  ['public', '全体に公開'],
];

export interface DiaryFormView {
  values: { title?: string; body?: string; visibility: string };
  errors?: Record<string, string>;
  titleMax: number;
}

export function diaryFormPage(v: DiaryFormView): Page {
  const e = v.errors ?? {};
  return {
    title: '日記を書く',
    blocks: [
      errorList(e, 'form'),
      form(
        { action: '/diary/new' },
        textField(`タイトル(${v.titleMax}文字まで)`, { name: 'title', value: v.values.title, mode: 'hiragana', maxlength: v.titleMax }, e.title),
        textArea('本文', { name: 'body', value: v.values.body, rows: 6 }, e.body),
        select('公開範囲', 'visibility', VISIBILITY_LABELS, v.values.visibility, e.visibility),
        submit('書き込む'),
      ),
    ],
    footer: [link('/', 'トップへ', { key: '0' })],
  };
}

const dateOf = (ms: number) => {
  const d = new Date(ms + 9 * 3600_000); // members read Japan time
  return `${d.getUTCFullYear()}/${d.getUTCMonth() + 1}/${d.getUTCDate()} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
};

export interface DiaryEntryView {
  id: number;
  title: string;
  body: string;
  createdAt: number;
  author: { id: number; nickname: string };
  visibilityLabel: string;
}

export function diaryEntryPage(v: DiaryEntryView): Page {
  return {
    title: v.title,
    blocks: [
      heading(v.title),
      para(link(`/members/${v.author.id}`, v.author.nickname), ` ${dateOf(v.createdAt)}`),
      para(`(${v.visibilityLabel})`),
      hr(),
      textBlock(v.body),
    ],
    footer: [menuItem(`/members/${v.author.id}/diary`, `${v.author.nickname}さんの日記`, '2'), link('/', 'トップへ', { key: '0' })],
  };
}

export function diaryListPage(owner: { id: number; nickname: string }, entries: { id: number; title: string; createdAt: number }[], page: number, hasMore: boolean, mine: boolean): Page {
  return {
    title: `${owner.nickname}さんの日記`,
    blocks: [
      mine ? [menuItem('/diary/new', '日記を書く', '1'), hr()] : null,
      entries.length ? entries.map((e) => [link(`/diary/${e.id}`, e.title), ` ${dateOf(e.createdAt)}`, h('br')]) : para('日記はまだありません。'),
      page > 1 || hasMore
        ? para(page > 1 ? link(`/members/${owner.id}/diary?page=${page - 1}`, '前の10件', { key: '*' }) : null, ' ', hasMore ? link(`/members/${owner.id}/diary?page=${page + 1}`, '次の10件', { key: '#' }) : null)
        : null,
    ],
    footer: [link(`/members/${owner.id}`, 'プロフィール'), h('br'), link('/', 'トップへ', { key: '0' })],
  };
}

export function profilePage(m: { id: number; nickname: string }, friendsCount: number, isSelf: boolean): Page {
  return {
    title: `${m.nickname}さん`,
    blocks: [
      heading(`${m.nickname}さん`),
      hr(),
      menuItem(`/members/${m.id}/diary`, '日記', '2'),
      menuItem(`/members/${m.id}/friends`, `マイミク(${friendsCount}人)`, '5'),
      isSelf ? menuItem('/settings', '設定') : null,
    ],
    footer: [link('/', 'トップへ', { key: '0' })],
  };
}

export function friendsPage(m: { id: number; nickname: string }, friends: { id: number; nickname: string }[]): Page {
  return {
    title: `${m.nickname}さんのマイミク`,
    blocks: [friends.length ? friends.map((f) => [link(`/members/${f.id}`, f.nickname), h('br')]) : para('マイミクはまだいません。')],
    footer: [link(`/members/${m.id}`, 'プロフィール'), h('br'), link('/', 'トップへ', { key: '0' })],
  };
}
