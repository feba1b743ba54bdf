import { errorList, form, heading, hidden, hr, link, menuItem, para, submit, textArea, textBlock, textField } from '../components.js';
import { h, type Child } from '../html.js';
import type { Page } from '../layout.js';
import { dateTime, fullDateTime } from '../format.js';
import { topicLine } from './communities.js';

type Who = { id: number; nickname: string };
const back = (cid: number): Child[] => [link(`/communities/${cid}`, 'コミュニティに戻る', { key: '9' }), h('br'), link('/', 'トップへ', { key: '0' })];
export const KIND_NAMES: Record<string, string> = { topic: 'トピック', event: 'イベント', poll: 'アンケート' };

export function topicListPage(cid: number, name: string, kind: string | null, topics: { id: number; kind: string; title: string; commentCount: number; lastCommentAt: number }[], page: number, hasMore: boolean): Page {
  const qs = (p: number) => `/communities/${cid}/topics?${kind ? `kind=${kind}&` : ''}page=${p}`;
  return {
    title: `${name}の${KIND_NAMES[kind ?? 'topic']}一覧`,
    blocks: [
      heading(name),
      topics.length ? topics.map((t) => topicLine(cid, t)) : para('まだありません。'),
      page > 1 || hasMore ? para(page > 1 ? link(qs(page - 1), '前へ', { key: '*' }) : null, ' ', hasMore ? link(qs(page + 1), '次へ', { key: '#' }) : null) : null,
    ],
    footer: back(cid),
  };
}

export interface TopicFormView {
  cid: number;
  kind: string;
  values: Record<string, string | undefined>;
  errors?: Record<string, string>;
  /** Editing an existing topic. */
  topicId?: number;
}

export function topicFormPage(v: TopicFormView): Page {
  const e = v.errors ?? {};
  const x = v.values;
  const name = KIND_NAMES[v.kind] ?? 'トピック';
  return {
    title: v.topicId ? `${name}を編集` : `${name}を作る`,
    blocks: [
      errorList(e, 'form'),
      form(
        { action: v.topicId ? `/communities/${v.cid}/topics/${v.topicId}/edit` : `/communities/${v.cid}/topics/new` },
        hidden('kind', v.kind),
        textField('タイトル(50文字まで)', { name: 'title', value: x.title, mode: 'hiragana', maxlength: 50 }, e.title),
        textArea('本文', { name: 'body', value: x.body, rows: 5 }, e.body),
        v.kind === 'event'
          ? [
              textField('開催日(例 2026-12-24)', { name: 'date', value: x.date, mode: 'numeric', maxlength: 10 }, e.date),
              textField('時刻(例 19:00)', { name: 'time', value: x.time, mode: 'numeric', maxlength: 5 }),
              textField('場所', { name: 'place', value: x.place, mode: 'hiragana', maxlength: 50 }, e.place),
              textField('定員(空欄: 制限なし)', { name: 'capacity', value: x.capacity, mode: 'numeric', maxlength: 4 }, e.capacity),
            ]
          : null,
        v.kind === 'poll' && !v.topicId ? textArea('選択肢(1行に1つ)', { name: 'choices', value: x.choices, rows: 4 }, e.choices) : null,
        v.kind !== 'topic' ? textField('締切日(例 2026-12-20、空欄: なし)', { name: 'deadline', value: x.deadline, mode: 'numeric', maxlength: 10 }, e.deadline) : null,
        submit(v.topicId ? '保存する' : '作成する'),
      ),
    ],
    footer: back(v.cid),
  };
}

/** Member text with `>>3`-style references turned into links to the page holding that comment. */
function withReferences(text: string, pageOf: (n: number) => string): Child {
  return h(
    'div',
    null,
    ...text.split('\n').map((line, i) => [
      i > 0 ? h('br') : null,
      ...line.split(/(>>\d{1,5})/).map((part) => (/^>>\d{1,5}$/.test(part) ? link(pageOf(Number(part.slice(2))), part) : part)),
    ]),
  );
}

export interface TopicPageView {
  cid: number;
  communityName: string;
  topic: { id: number; kind: string; title: string; body: string; createdAt: number; eventAt: number | null; place: string | null; deadline: number | null; capacity: number | null };
  author: Who;
  isAuthor: boolean;
  /** The author, the administrator, or a sub-administrator for anyone's but the administrator's. */
  canDeleteTopic: boolean;
  belongs: boolean;
  signedIn: boolean;
  comments: { id: number; number: number; author: Who; body: string; deleted: boolean; createdAt: number; canDelete: boolean }[];
  page: number;
  pages: number;
  event?: { participants: Who[]; total: number; joined: boolean; canJoin: boolean };
  poll?: { choices: { number: number; label: string; votes: number | null }[]; myVote: number | null; closed: boolean; showResults: boolean; total: number | null };
  /** Photos inline (or as links on small handsets). */
  photos: { src: string; width: number; height: number; inline: boolean }[];
  canAddPhoto: boolean;
  commentValue?: string;
  error?: string;
}

function eventBlock(v: TopicPageView): Child {
  const t = v.topic;
  const e = v.event!;
  const base = `/communities/${v.cid}/topics/${t.id}`;
  return [
    para(`開催: ${t.eventAt !== null ? fullDateTime(t.eventAt) : ''}`),
    para(`場所: ${t.place ?? ''}`),
    t.deadline !== null ? para(`締切: ${dateTime(t.deadline - 1)}`) : null,
    para(`参加者: ${e.total}人${t.capacity !== null ? ` / 定員${t.capacity}人` : ''}`),
    e.participants.length ? para(...e.participants.map((p) => [link(`/members/${p.id}`, p.nickname), ' '])) : null,
    e.total > e.participants.length ? para(link(`${base}/participants`, '参加者一覧を見る')) : null,
    e.canJoin ? form({ action: `${base}/join` }, submit('参加する')) : null,
    e.joined ? form({ action: `${base}/cancel` }, submit('参加を取り消す')) : null,
  ];
}

function pollBlock(v: TopicPageView): Child {
  const p = v.poll!;
  const base = `/communities/${v.cid}/topics/${v.topic.id}`;
  const canVote = v.belongs && p.myVote === null && !p.closed;
  return [
    v.topic.deadline !== null ? para(`締切: ${dateTime(v.topic.deadline - 1)}${p.closed ? '(終了)' : ''}`) : null,
    p.choices.map((c) => [
      canVote ? form({ action: `${base}/vote` }, hidden('choice', String(c.number)), submit(c.label)) : [c.label, p.myVote === c.number ? '(投票済)' : ''],
      p.showResults ? ` ${c.votes}票` : null,
      canVote ? null : h('br'),
    ]),
    p.showResults ? para(`合計${p.total}票`) : para('結果は投票後(または締切後)に見られます。'),
  ];
}

/** A topic, event or poll with one page of its numbered comments and the comment form. */
export function topicPage(v: TopicPageView): Page {
  const t = v.topic;
  const base = `/communities/${v.cid}/topics/${t.id}`;
  const pageOf = (n: number) => `${base}?page=${Math.max(1, Math.ceil(n / 20))}`;
  const pager =
    v.pages > 1
      ? para(v.page > 1 ? link(`${base}?page=${v.page - 1}`, '前の20件', { key: '*' }) : null, ` ${v.page}/${v.pages} `, v.page < v.pages ? link(`${base}?page=${v.page + 1}`, '次の20件', { key: '#' }) : null)
      : null;
  return {
    title: t.title,
    blocks: [
      para(link(`/communities/${v.cid}`, v.communityName)),
      heading(`${t.kind !== 'topic' ? `[${KIND_NAMES[t.kind]}]` : ''}${t.title}`),
      para(link(`/members/${v.author.id}`, v.author.nickname), ` ${fullDateTime(t.createdAt)}`),
      textBlock(t.body),
      ...v.photos.map((p, i) => h('div', null, p.inline ? h('img', { src: p.src, width: p.width, height: p.height, alt: `写真${i + 1}` }) : link(p.src, `写真${i + 1}を見る`))),
      v.canAddPhoto ? para(link(`${base}/photos`, '写真を追加')) : null,
      t.kind === 'event' && v.event ? eventBlock(v) : null,
      t.kind === 'poll' && v.poll ? pollBlock(v) : null,
      v.error ? para(`※${v.error}`) : null,
      hr(),
      pager,
      ...v.comments.map((c) =>
        h(
          'div',
          null,
          `[${c.number}] `,
          c.deleted ? 'このコメントは削除されました' : [link(`/members/${c.author.id}`, c.author.nickname), ` ${dateTime(c.createdAt)}`, withReferences(c.body, pageOf)],
          c.canDelete && !c.deleted ? form({ action: `${base}/comments/${c.id}/delete` }, submit('削除')) : null,
          hr(),
        ),
      ),
      pager,
      v.belongs ? form({ action: `${base}/comments` }, textArea('コメントを書く(>>番号で返信)', { name: 'body', value: v.commentValue, rows: 3 }), submit('書き込む')) : v.signedIn ? para('コメントはコミュニティに参加すると書けます。') : null,
      v.isAuthor ? [hr(), menuItem(`${base}/edit`, '編集する')] : null,
      v.canDeleteTopic ? form({ action: `${base}/delete` }, submit('削除する')) : null,
      v.signedIn && !v.isAuthor ? [link(`/report?kind=topic&id=${t.id}`, '問題を報告'), h('br')] : null,
    ],
    footer: back(v.cid),
  };
}

export function topicPhotoPage(cid: number, tid: number, count: number, max: number, error?: string): Page {
  return {
    title: 'トピックに写真を追加',
    blocks: [
      para(`写真 ${count}/${max}枚`),
      error ? para(`※${error}`) : null,
      count < max ? form({ action: `/communities/${cid}/topics/${tid}/photos`, upload: true }, h('input', { type: 'file', name: 'photo' }), h('br'), submit('追加する')) : null,
    ],
    footer: [link(`/communities/${cid}/topics/${tid}`, 'トピックに戻る'), h('br'), ...back(cid)],
  };
}

/** An event's participants, 20 a page (names the viewer may see). */
export function participantsPage(v: { cid: number; tid: number; title: string; total: number; page: number; more: boolean; participants: { id: number; nickname: string }[] }): Page {
  const base = `/communities/${v.cid}/topics/${v.tid}/participants`;
  return {
    title: `${v.title}の参加者`,
    blocks: [
      para(`参加者: ${v.total}人`),
      ...v.participants.map((p) => [link(`/members/${p.id}`, p.nickname), h('br')]),
      v.page > 1 || v.more ? para(v.page > 1 ? link(`${base}?page=${v.page - 1}`, '前へ', { key: '*' }) : null, ' ', v.more ? link(`${base}?page=${v.page + 1}`, '次へ', { key: '#' }) : null) : null,
    ],
    footer: [link(`/communities/${v.cid}/topics/${v.tid}`, 'イベントに戻る'), h('br'), ...back(v.cid)],
  };
}
