import { errorList, form, heading, hidden, hr, link, menuItem, para, select, submit, textArea, textBlock, textField } from '../components.js';
import { h, type Child } from '../html.js';
import type { Page } from '../layout.js';
import { dateTime } from '../format.js';
import { VISIBILITY_LABELS } from './diary.js';

const TOP: Child[] = [link('/', 'トップへ', { key: '0' })];
type Who = { id: number; nickname: string };
const GENDER_LABELS: [string, string][] = [
  ['none', '非公開'],
  ['female', '女性'],
  ['male', '男性'],
];
const SECTION_LABELS: [string, string][] = [
  ['friend-diaries', 'マイミクの最新日記'],
  ['footprints', '足あと'],
  ['comments', '日記への新着コメント'],
  ['communities', 'コミュニティの新着'],
  ['echo', 'マイミクのエコー'],
  ['albums', 'マイミクの更新アルバム'],
];

export interface ProfilePageView {
  member: Who;
  /** The photo to show inline (URL and size), or a link when the handset's pages are too small. */
  photo: { src: string; width: number; height: number; inline: boolean } | null;
  gender: string;
  age: number | null;
  area: string;
  intro: string;
  endorsements: { author: Who; body: string; createdAt: number; removable: boolean }[];
  friendsCount: number;
  isSelf: boolean;
  signedIn: boolean;
  isFriend: boolean;
  /** The viewer's マイミク request to this member is waiting for an answer. */
  requestPending?: boolean;
  blocked: boolean;
  bookmarked: boolean;
}

export function profilePage(v: ProfilePageView): Page {
  const m = v.member;
  const other = v.signedIn && !v.isSelf;
  const facts = [
    v.gender !== 'none' ? GENDER_LABELS.find(([g]) => g === v.gender)?.[1] : null,
    v.age !== null ? `${v.age}歳` : null,
    v.area || null,
  ].filter(Boolean);
  return {
    title: `${m.nickname}さん`,
    blocks: [
      heading(`${m.nickname}さん`),
      v.photo ? (v.photo.inline ? h('div', null, h('img', { src: v.photo.src, width: v.photo.width, height: v.photo.height, alt: '写真' })) : para(link(v.photo.src, '写真を見る'))) : null,
      facts.length ? para(facts.join(' / ')) : null,
      v.isFriend ? para('マイミクです') : null,
      v.intro ? [hr(), textBlock(v.intro)] : null,
      hr(),
      menuItem(`/members/${m.id}/diary`, '日記', '2'),
      menuItem(`/members/${m.id}/friends`, `マイミク(${v.friendsCount}人)`, '5'),
      menuItem(`/members/${m.id}/communities`, '参加コミュニティ'),
      menuItem(`/members/${m.id}/albums`, 'フォトアルバム'),
      menuItem(`/members/${m.id}/echo`, 'エコー'),
      other && !v.isFriend && !v.blocked ? (v.requestPending ? para('マイミク申請中です(返事を待っています)') : menuItem(`/members/${m.id}/friend-request`, 'マイミクに追加', '3')) : null,
      other && !v.blocked ? menuItem(`/messages/new?to=${m.id}`, 'メッセージを送る', '4') : null,
      other && v.isFriend ? menuItem(`/members/${m.id}/endorse`, '紹介文を書く') : null,
      other && !v.blocked ? form({ action: `/members/${m.id}/bookmark` }, hidden('op', v.bookmarked ? 'remove' : 'add'), submit(v.bookmarked ? 'お気に入りから外す' : 'お気に入りに追加')) : null,
      v.endorsements.length
        ? [
            hr(),
            heading('紹介文'),
            ...v.endorsements.map((e) => [
              link(`/members/${e.author.id}`, e.author.nickname),
              ` ${dateTime(e.createdAt)}`,
              textBlock(e.body),
              e.removable ? form({ action: `/members/${m.id}/endorsements/${e.author.id}/delete` }, submit('削除')) : null,
            ]),
          ]
        : null,
      other ? [hr(), form({ action: `/members/${m.id}/block` }, hidden('op', v.blocked ? 'unblock' : 'block'), submit(v.blocked ? 'ブロックを解除' : 'ブロックする')), link(`/report?kind=member&id=${m.id}`, '問題を報告')] : null,
      v.isSelf ? menuItem('/settings/profile', 'プロフィールを編集') : null,
      v.isSelf ? menuItem('/settings/photo', 'プロフィール写真') : null,
      v.isSelf ? menuItem('/collection', 'きせかえ(ミクコレ)') : null,
      v.isSelf ? menuItem('/premium', 'プレミアム') : null,
    ],
    footer: TOP,
  };
}

export interface ProfileFormView {
  values: { gender: string; showAge: boolean; area: string; intro: string; searchOptOut: boolean; defaultVisibility: string; topSections: string[] };
  prefectures: readonly string[];
  errors?: Record<string, string>;
  notice?: string;
}

export function profileFormPage(v: ProfileFormView): Page {
  const e = v.errors ?? {};
  const check = (name: string, value: string, checked: boolean, label: string) => [h('input', { type: 'checkbox', name, value, checked }), label, h('br')];
  return {
    title: 'プロフィール編集',
    blocks: [
      v.notice ? para(v.notice) : null,
      errorList(e, 'form'),
      form(
        { action: '/settings/profile' },
        select('性別', 'gender', GENDER_LABELS, v.values.gender, e.gender),
        check('showAge', '1', v.values.showAge, '年齢を表示する'),
        select('地域', 'area', [['', '未設定'], ...v.prefectures.map((p): [string, string] => [p, p])], v.values.area, e.area),
        textArea('自己紹介', { name: 'intro', value: v.values.intro, rows: 4 }, e.intro),
        select('日記の公開範囲(初期値)', 'defaultVisibility', VISIBILITY_LABELS, v.values.defaultVisibility, e.defaultVisibility),
        check('searchOptOut', '1', v.values.searchOptOut, 'メンバー検索に表示しない'),
        'トップページに表示する項目', h('br'),
        ...SECTION_LABELS.map(([k, label]) => check('topSections', k, v.values.topSections.includes(k), label)),
        submit('保存する'),
      ),
    ],
    footer: [link('/settings', '設定'), h('br'), ...TOP],
  };
}

export function endorseFormPage(to: Who, value: string, error?: string): Page {
  return {
    title: '紹介文を書く',
    blocks: [para(`${to.nickname}さんの紹介文`), form({ action: `/members/${to.id}/endorse` }, textArea('紹介文', { name: 'body', value, rows: 4 }, error), submit('書き込む'))],
    footer: [link(`/members/${to.id}`, `${to.nickname}さん`), h('br'), ...TOP],
  };
}

export function bookmarksPage(list: Who[]): Page {
  return {
    title: 'お気に入り',
    blocks: [list.length ? list.map((w) => [link(`/members/${w.id}`, w.nickname), h('br')]) : para('お気に入りはまだありません。')],
    footer: TOP,
  };
}

export interface SearchView {
  values: { nickname: string; area: string; ageFrom: string; ageTo: string; q: string };
  prefectures: readonly string[];
  members: Who[] | null;
  diaries: { id: number; title: string; author: Who }[] | null;
}

export function searchPage(v: SearchView): Page {
  return {
    title: '検索',
    blocks: [
      heading('メンバー検索'),
      form(
        { action: '/search', method: 'get' },
        textField('ニックネーム', { name: 'nickname', value: v.values.nickname, mode: 'hiragana', maxlength: 20 }),
        select('地域', 'area', [['', '指定なし'], ...v.prefectures.map((p): [string, string] => [p, p])], v.values.area),
        '年齢', h('br'),
        h('input', { type: 'text', name: 'ageFrom', value: v.values.ageFrom, size: 3, maxlength: 3, inputMode: 'numeric' }), '〜',
        h('input', { type: 'text', name: 'ageTo', value: v.values.ageTo, size: 3, maxlength: 3, inputMode: 'numeric' }), '歳', h('br'),
        submit('検索'),
      ),
      v.members ? (v.members.length ? v.members.map((m) => [link(`/members/${m.id}`, m.nickname), h('br')]) : para('見つかりませんでした。')) : null,
      hr(),
      heading('日記検索'),
      form({ action: '/search', method: 'get' }, textField('キーワード', { name: 'q', value: v.values.q, mode: 'hiragana', maxlength: 50 }), submit('検索')),
      v.diaries ? (v.diaries.length ? v.diaries.map((d) => [link(`/diary/${d.id}`, d.title), ` (${d.author.nickname})`, h('br')]) : para('見つかりませんでした。')) : null,
    ],
    footer: TOP,
  };
}

export function reportPage(kind: string, id: number, value: string, error?: string, done = false): Page {
  return {
    title: '問題を報告',
    blocks: done
      ? [para('報告を受け付けました。ご協力ありがとうございます。')]
      : [
          para('運営チームに報告します。報告した人が相手に知らされることはありません。'),
          form({ action: '/report' }, hidden('kind', kind), hidden('id', String(id)), textArea('理由', { name: 'reason', value, rows: 3 }, error), submit('報告する')),
        ],
    footer: TOP,
  };
}

export function photoFormPage(hasPhoto: boolean, error?: string, notice?: string): Page {
  return {
    title: 'プロフィール写真',
    blocks: [
      notice ? para(notice) : null,
      error ? para(`※${error}`) : null,
      form({ action: '/settings/photo', upload: true }, para('JPEG・GIF・PNG、2MBまで'), h('input', { type: 'file', name: 'photo' }), h('br'), submit('アップロード')),
      hasPhoto ? [hr(), form({ action: '/settings/photo/delete' }, submit('写真を削除'))] : null,
    ],
    footer: [link('/settings', '設定'), h('br'), ...TOP],
  };
}

export function blogPage(v: { url: string; lastFetchedAt: number | null; lastError: string | null; error?: string; notice?: string }): Page {
  return {
    title: 'ブログの取り込み',
    blocks: [
      para('外部ブログのRSS/AtomのURLを登録すると、新しい記事が日記に取り込まれます(30分ごと)。'),
      v.notice ? para(v.notice) : null,
      v.error ? para(`※${v.error}`) : null,
      v.lastError ? para(`前回の取り込みに失敗しました: ${v.lastError}`) : null,
      v.lastFetchedAt ? para(`前回の取り込み: ${dateTime(v.lastFetchedAt)}`) : null,
      form({ action: '/settings/blog' }, hidden('op', 'save'), textField('RSS/AtomのURL', { name: 'url', value: v.url, mode: 'alphabet', maxlength: 500 }), submit('登録する')),
      v.url ? [form({ action: '/settings/blog' }, hidden('op', 'import'), submit('今すぐ取り込む')), form({ action: '/settings/blog' }, hidden('op', 'remove'), submit('登録を解除'))] : null,
    ],
    footer: [link('/settings', '設定'), h('br'), ...TOP],
  };
}
