import { errorList, form, heading, hr, link, menuItem, para, select, submit, textArea, textBlock, textField } from '../components.js';
import { h, type Child } from '../html.js';
import type { Page } from '../layout.js';
import { dateTime } from '../format.js';

const TOP: Child[] = [menuItem('/communities', 'コミュニティ', '9'), link('/', 'トップへ', { key: '0' })];
type Who = { id: number; nickname: string };

export const CATEGORY_LABELS: [string, string][] = [
  ['hobby', '趣味'],
  ['music', '音楽'],
  ['sports', 'スポーツ'],
  ['food', 'グルメ'],
  ['area', '地域'],
  ['school', '学校'],
  ['work', '仕事'],
  ['mobile', 'ケータイ'],
  ['other', 'その他'],
];
export const JOIN_LABELS: [string, string][] = [
  ['open', '誰でも参加できる'],
  ['approval', '管理人の承認が必要'],
];
export const READER_LABELS: [string, string][] = [
  ['everyone', '誰でも読める'],
  ['members', 'ログインしたメンバー'],
  ['community', 'コミュニティ参加者のみ'],
];
const label = (table: [string, string][], k: string) => table.find(([v]) => v === k)?.[1] ?? k;

export interface CommunityLine {
  id: number;
  name: string;
  memberCount: number;
  /** e.g. how many マイミク joined. */
  note?: string;
}

const lines = (list: CommunityLine[]): Child =>
  list.length ? list.map((c) => [link(`/communities/${c.id}`, c.name), ` (${c.memberCount}人${c.note ? `・${c.note}` : ''})`, h('br')]) : para('見つかりませんでした。');

export interface CommunityListView {
  communities: CommunityLine[];
  q: string;
  category: string;
  order: 'members' | 'activity';
  page: number;
  hasMore: boolean;
  /** The signed-in member's id (null: a guest). */
  me: number | null;
}

/** Search by keyword and category, and the ranking (by members, by recent activity). */
export function communityListPage(v: CommunityListView): Page {
  const qs = (p: number) => `/communities?q=${encodeURIComponent(v.q)}&category=${v.category}&order=${v.order}&page=${p}`;
  return {
    title: 'コミュニティ',
    blocks: [
      v.me !== null
        ? [menuItem('/communities/new', 'コミュニティを作る', '1'), menuItem(`/members/${v.me}/communities`, '参加コミュニティ', '2'), menuItem('/communities/friends', 'マイミクの参加コミュニティ', '3')]
        : null,
      form({ action: '/communities', method: 'get' }, textField('キーワード', { name: 'q', value: v.q, mode: 'hiragana', maxlength: 50 }), select('カテゴリ', 'category', [['', 'すべて'], ...CATEGORY_LABELS], v.category), submit('検索')),
      para(v.order === 'members' ? '人数順' : link(`/communities?q=${encodeURIComponent(v.q)}&category=${v.category}&order=members`, '人数順'), ' | ', v.order === 'activity' ? '活発順' : link(`/communities?q=${encodeURIComponent(v.q)}&category=${v.category}&order=activity`, '活発順')),
      hr(),
      heading(v.q || v.category ? '検索結果' : v.order === 'members' ? 'ランキング(人数)' : 'ランキング(最近の書き込み)'),
      lines(v.communities),
      v.page > 1 || v.hasMore ? para(v.page > 1 ? link(qs(v.page - 1), '前へ', { key: '*' }) : null, ' ', v.hasMore ? link(qs(v.page + 1), '次へ', { key: '#' }) : null) : null,
    ],
    footer: [link('/', 'トップへ', { key: '0' })],
  };
}

/** A plain list of communities (my マイミク's, a member's own). */
export function communityLinesPage(title: string, list: CommunityLine[], back?: { href: string; label: string }): Page {
  return { title, blocks: [heading(title), lines(list)], footer: [back ? [link(back.href, back.label), h('br')] : null, ...TOP] };
}

export interface CommunityFormView {
  values: { name?: string; category?: string; description?: string; joinPolicy?: string; readers?: string };
  errors?: Record<string, string>;
  /** Editing an existing community. */
  id?: number;
}

export function communityFormPage(v: CommunityFormView): Page {
  const e = v.errors ?? {};
  const x = v.values;
  return {
    title: v.id ? 'コミュニティを編集' : 'コミュニティを作る',
    blocks: [
      errorList(e, 'form'),
      form(
        { action: v.id ? `/communities/${v.id}/edit` : '/communities/new' },
        textField('コミュニティ名(50文字まで)', { name: 'name', value: x.name, mode: 'hiragana', maxlength: 50 }, e.name),
        select('カテゴリ', 'category', CATEGORY_LABELS, x.category ?? 'hobby', e.category),
        textArea('説明', { name: 'description', value: x.description, rows: 4 }, e.description),
        select('参加方法', 'joinPolicy', JOIN_LABELS, x.joinPolicy ?? 'open', e.joinPolicy),
        select('トピックを読める人', 'readers', READER_LABELS, x.readers ?? 'members', e.readers),
        submit(v.id ? '保存する' : '作成する'),
      ),
      v.id ? [hr(), form({ action: `/communities/${v.id}/close` }, submit('このコミュニティを閉鎖する'))] : null,
    ],
    footer: v.id ? [link(`/communities/${v.id}`, 'コミュニティに戻る'), h('br'), ...TOP] : TOP,
  };
}

export interface CommunityFrontView {
  id: number;
  name: string;
  category: string;
  description: string;
  joinPolicy: string;
  readers: string;
  memberCount: number;
  admin: Who | null;
  role: string | null;
  signedIn: boolean;
  /** The community's image, inline or as a link on small handsets. */
  image: { src: string; width: number; height: number; inline: boolean } | null;
  /** Latest topics, events, polls (null: the viewer may not read them). */
  topics: { id: number; kind: string; title: string; commentCount: number; lastCommentAt: number }[] | null;
}

const KIND_MARK: Record<string, string> = { topic: '', event: '[イベント]', poll: '[アンケート]' };

export function topicLine(cid: number, t: { id: number; kind: string; title: string; commentCount: number; lastCommentAt: number }): Child {
  return [KIND_MARK[t.kind] ?? '', link(`/communities/${cid}/topics/${t.id}`, t.title), `(${t.commentCount}) ${dateTime(t.lastCommentAt)}`, h('br')];
}

/** The community's front page: what it is, how to join, its newest topics, and what the viewer may do. */
export function communityFrontPage(v: CommunityFrontView): Page {
  const belongs = v.role === 'admin' || v.role === 'sub' || v.role === 'member';
  const manages = v.role === 'admin' || v.role === 'sub';
  return {
    title: v.name,
    blocks: [
      heading(v.name),
      v.image ? h('div', null, v.image.inline ? h('img', { src: v.image.src, width: v.image.width, height: v.image.height, alt: v.name }) : link(v.image.src, '画像を見る')) : null,
      para(`${label(CATEGORY_LABELS, v.category)} / メンバー${v.memberCount}人`),
      v.admin ? para('管理人: ', link(`/members/${v.admin.id}`, v.admin.nickname)) : null,
      para(`参加: ${label(JOIN_LABELS, v.joinPolicy)} / 閲覧: ${label(READER_LABELS, v.readers)}`),
      textBlock(v.description),
      hr(),
      v.role === 'pending' ? para('参加申請中です(管理人の承認待ち)。') : null,
      v.signedIn && v.role === null ? form({ action: `/communities/${v.id}/join` }, submit(v.joinPolicy === 'open' ? 'このコミュニティに参加' : '参加を申請する')) : null,
      belongs ? [menuItem(`/communities/${v.id}/topics/new`, 'トピックを作る', '1'), menuItem(`/communities/${v.id}/topics/new?kind=event`, 'イベントを作る', '2'), menuItem(`/communities/${v.id}/topics/new?kind=poll`, 'アンケートを作る', '3')] : null,
      v.topics === null ? para('トピックはコミュニティに参加すると読めます。') : [heading('最新トピック'), v.topics.length ? v.topics.map((t) => topicLine(v.id, t)) : para('まだありません。'), link(`/communities/${v.id}/topics`, 'トピック一覧', { key: '4' }), h('br')],
      v.topics !== null ? [link(`/communities/${v.id}/topics?kind=event`, 'イベント一覧'), ' ', link(`/communities/${v.id}/topics?kind=poll`, 'アンケート一覧'), h('br')] : null,
      v.signedIn ? menuItem(`/communities/${v.id}/members`, manages ? 'メンバー管理' : 'メンバー一覧', '5') : null,
      v.role === 'admin' ? [menuItem(`/communities/${v.id}/edit`, 'コミュニティを編集'), menuItem(`/communities/${v.id}/image`, '画像を設定')] : null,
      belongs || v.role === 'pending' ? form({ action: `/communities/${v.id}/leave` }, submit(v.role === 'pending' ? '申請を取り消す' : 'コミュニティを退会')) : null,
      v.signedIn && !manages ? [link(`/report?kind=community&id=${v.id}`, '問題を報告'), h('br')] : null,
    ],
    footer: TOP,
  };
}

export interface MembersView {
  id: number;
  name: string;
  role: string | null;
  page: number;
  hasMore: boolean;
  /** `hidden`: a member a block separates from the viewer, shown unnamed to administrators (who still act on them). */
  members: { who: Who & { hidden?: boolean }; role: string }[];
  pending: (Who & { hidden?: boolean })[];
  banned: (Who & { hidden?: boolean })[];
}

const ROLE_MARK: Record<string, string> = { admin: '(管理人)', sub: '(副管理人)', member: '' };

/** The member list; administrators act on each line (approve, ban, sub-admin, hand over). */
export function communityMembersPage(v: MembersView): Page {
  const act = (target: number, op: string, text: string) => form({ action: `/communities/${v.id}/members/${target}/${op}` }, submit(text));
  const admin = v.role === 'admin';
  const manages = admin || v.role === 'sub';
  const name = (w: Who & { hidden?: boolean }) => (w.hidden ? w.nickname : link(`/members/${w.id}`, w.nickname));
  return {
    title: `${v.name}のメンバー`,
    blocks: [
      v.pending.length ? [heading('参加申請'), ...v.pending.map((p) => [name(p), act(p.id, 'approve', '承認'), act(p.id, 'deny', '拒否'), act(p.id, 'ban', '参加禁止')])] : null,
      heading('メンバー'),
      ...v.members.map((m) => [
        name(m.who),
        ROLE_MARK[m.role] ?? '',
        h('br'),
        manages && m.role !== 'admin' && (admin || m.role === 'member') ? act(m.who.id, 'ban', '参加禁止にする') : null,
        admin && m.role === 'member' && !m.who.hidden ? act(m.who.id, 'sub', '副管理人にする') : null,
        admin && m.role === 'sub' ? act(m.who.id, 'unsub', '副管理人を外す') : null,
        admin && m.role !== 'admin' && !m.who.hidden ? act(m.who.id, 'handover', '管理人を引き継ぐ') : null,
      ]),
      v.page > 1 || v.hasMore
        ? para(v.page > 1 ? link(`/communities/${v.id}/members?page=${v.page - 1}`, '前へ', { key: '*' }) : null, ' ', v.hasMore ? link(`/communities/${v.id}/members?page=${v.page + 1}`, '次へ', { key: '#' }) : null)
        : null,
      v.banned.length ? [hr(), heading('参加禁止'), ...v.banned.map((b) => [b.nickname, admin ? act(b.id, 'unban', '解除') : h('br')])] : null,
    ],
    footer: [link(`/communities/${v.id}`, 'コミュニティに戻る'), h('br'), ...TOP],
  };
}

export function communityImagePage(id: number, hasImage: boolean, error?: string): Page {
  return {
    title: 'コミュニティの画像',
    blocks: [
      para(hasImage ? '画像を差し替えます。' : '画像はまだありません。'),
      error ? para(`※${error}`) : null,
      form({ action: `/communities/${id}/image`, upload: true }, h('input', { type: 'file', name: 'photo' }), h('br'), submit('登録する')),
    ],
    footer: [link(`/communities/${id}`, 'コミュニティに戻る'), h('br'), ...TOP],
  };
}
