import { errorList, form, heading, hidden, hr, link, menuItem, para, select, submit, textArea, textBlock, textField } from '../components.js';
import { h } from '../html.js';
import type { Page } from '../layout.js';
import { fullDateTime } from '../format.js';

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
  /** Editing an existing entry. */
  entryId?: number;
}

export function diaryFormPage(v: DiaryFormView): Page {
  const e = v.errors ?? {};
  return {
    title: v.entryId ? '日記を編集' : '日記を書く',
    blocks: [
      errorList(e, 'form'),
      form(
        { action: v.entryId ? `/diary/${v.entryId}/edit` : '/diary/new' },
        textField(`タイトル(${v.titleMax}文字まで)`, { name: 'title', value: v.values.title, mode: 'hiragana', maxlength: v.titleMax }, e.title),
        textArea('本文', { name: 'body', value: v.values.body, rows: 6 }, e.body),
        select('公開範囲', 'visibility', VISIBILITY_LABELS, v.values.visibility, e.visibility),
        submit('書き込む'),
      ),
    ],
    footer: [link('/', 'トップへ', { key: '0' })],
  };
}

const dateOf = fullDateTime;

export interface CommentView {
  id: number;
  author: { id: number; nickname: string };
  body: string;
  createdAt: number;
  replyTo: { id: number; nickname: string } | null;
  canDelete: boolean;
}

export interface DiaryEntryView {
  id: number;
  title: string;
  body: string;
  createdAt: number;
  author: { id: number; nickname: string };
  visibilityLabel: string;
  comments: CommentView[];
  /** Signed-in readers may comment; `replyTo` when answering a comment. */
  canComment: boolean;
  /** A guest reads a public entry without its comments (commenters show themselves to members only). */
  commentsForMembers?: boolean;
  replyTo: { id: number; nickname: string } | null;
  isAuthor: boolean;
  /** Photos inline (or as links on small handsets). */
  photos: { src: string; width: number; height: number; inline: boolean }[];
  canAddPhoto: boolean;
  commentValue?: string;
  commentError?: string;
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
      ...v.photos.map((p, i) => h('div', null, p.inline ? h('img', { src: p.src, width: p.width, height: p.height, alt: `写真${i + 1}` }) : link(p.src, `写真${i + 1}を見る`))),
      v.canAddPhoto ? para(link(`/diary/${v.id}/photos`, '写真を追加')) : null,
      hr(),
      v.commentsForMembers ? para('コメントはログインすると読めます。') : heading(`コメント(${v.comments.length})`),
      ...v.comments.map((c) =>
        h(
          'div',
          null,
          link(`/members/${c.author.id}`, c.author.nickname),
          ` ${dateOf(c.createdAt)}`,
          c.replyTo ? [h('br'), `>>${c.replyTo.nickname}さん`] : null,
          h('br'),
          textBlock(c.body),
          v.canComment ? [link(`/diary/${v.id}?reply=${c.id}`, '返信'), ' '] : null,
          c.canDelete ? form({ action: `/diary/${v.id}/comments/${c.id}/delete` }, submit('削除')) : null,
          hr(),
        ),
      ),
      v.canComment
        ? form(
            { action: `/diary/${v.id}/comments` },
            v.replyTo ? [para(`>>${v.replyTo.nickname}さんへの返信`), hidden('reply', String(v.replyTo.id))] : null,
            textArea('コメントを書く', { name: 'body', value: v.commentValue, rows: 3 }, v.commentError),
            submit('書き込む'),
          )
        : null,
      v.isAuthor ? [hr(), link(`/diary/${v.id}/edit`, '編集する'), form({ action: `/diary/${v.id}/delete` }, submit('この日記を削除'))] : null,
      v.canComment && !v.isAuthor ? [h('br'), link(`/report?kind=diary&id=${v.id}`, '問題を報告')] : null,
    ],
    footer: [menuItem(`/members/${v.author.id}/diary`, `${v.author.nickname}さんの日記`, '2'), link('/', 'トップへ', { key: '0' })],
  };
}

export function diaryListPage(
  owner: { id: number; nickname: string },
  entries: { id: number; title: string; createdAt: number }[],
  page: number,
  hasMore: boolean,
  mine: boolean,
  months: { month: string; count: number }[] = [],
  month?: string,
): Page {
  return {
    title: month ? `${owner.nickname}さんの日記 ${month}` : `${owner.nickname}さんの日記`,
    blocks: [
      mine ? [menuItem('/diary/new', '日記を書く', '1'), hr()] : null,
      months.length ? para(...months.slice(0, 12).map((m) => [month === m.month ? m.month : link(`/members/${owner.id}/diary?month=${m.month}`, m.month), `(${m.count}) `])) : null,
      entries.length ? entries.map((e) => [link(`/diary/${e.id}`, e.title), ` ${dateOf(e.createdAt)}`, h('br')]) : para('日記はまだありません。'),
      page > 1 || hasMore
        ? para(page > 1 ? link(`/members/${owner.id}/diary?page=${page - 1}`, '前の10件', { key: '*' }) : null, ' ', hasMore ? link(`/members/${owner.id}/diary?page=${page + 1}`, '次の10件', { key: '#' }) : null)
        : null,
    ],
    footer: [link(`/members/${owner.id}`, 'プロフィール'), h('br'), link('/', 'トップへ', { key: '0' })],
  };
}

export function friendsPage(m: { id: number; nickname: string }, friends: { id: number; nickname: string }[], mine: boolean): Page {
  return {
    title: `${m.nickname}さんのマイミク`,
    blocks: [
      friends.length
        ? friends.map((f) => [link(`/members/${f.id}`, f.nickname), mine ? form({ action: `/friends/${f.id}/remove` }, submit('マイミクから外す')) : h('br')])
        : para('マイミクはまだいません。'),
    ],
    footer: [link(`/members/${m.id}`, 'プロフィール'), h('br'), link('/', 'トップへ', { key: '0' })],
  };
}

export function diaryPhotoPage(entryId: number, count: number, max: number, error?: string): Page {
  return {
    title: '日記に写真を追加',
    blocks: [
      para(`写真 ${count}/${max}枚`),
      error ? para(`※${error}`) : null,
      count < max ? form({ action: `/diary/${entryId}/photos`, upload: true }, h('input', { type: 'file', name: 'photo' }), h('br'), submit('追加する')) : null,
    ],
    footer: [link(`/diary/${entryId}`, '日記に戻る'), h('br'), link('/', 'トップへ', { key: '0' })],
  };
}
