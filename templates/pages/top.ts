import { heading, hr, link, menuItem, para } from '../components.js';
import { h, type Child } from '../html.js';
import type { Page } from '../layout.js';

export interface TopView {
  memberId: number;
  nickname: string;
  /** Short notices at the top (new messages, requests …), each with a link. */
  alerts: { href: string; text: string }[];
  /** Sections filled by later capabilities; each shows at most a few lines. */
  sections: { title: string; lines: Child[]; more?: string }[];
  /** Advertising: the login jack or the top-page banner, and campaign corners (optional). */
  ads?: Child;
}

/** The member's home: alerts, then one keypad shortcut per function, as mixi Mobile's top page. */
export function topPage(v: TopView): Page {
  const id = v.memberId;
  return {
    title: 'トップ',
    blocks: [
      para(`${v.nickname}さん`),
      v.alerts.length ? h('div', null, ...v.alerts.map((a) => [link(a.href, `★${a.text}`), h('br')])) : null,
      v.ads ?? null,
      hr(),
      menuItem('/diary/new', '日記を書く', '1'),
      menuItem(`/members/${id}/diary`, '日記', '2'),
      menuItem('/messages', 'メッセージ', '3'),
      menuItem('/footprints', '足あと', '4'),
      menuItem(`/members/${id}/friends`, 'マイミク一覧', '5'),
      menuItem(`/members/${id}`, 'プロフィール', '6'),
      // Every digit is taken: communities, Echo and albums sit unnumbered beside the points.
      menuItem('/communities', 'コミュニティ'),
      menuItem('/echo', 'エコー'),
      menuItem(`/members/${id}/albums`, 'フォトアルバム'),
      menuItem('/games', 'ゲーム', '7'),
      menuItem('/points', 'ポイント', '*'),
      menuItem('/search', '検索', '8'),
      menuItem('/bookmarks', 'お気に入り', '9'),
      ...v.sections.map((s) => [hr(), heading(s.title), ...s.lines.map((l) => [l, h('br')]), s.more ? link(s.more, 'もっと見る') : null]),
      hr(),
      menuItem('/friends/requests', 'マイミク申請・友人かも'),
      menuItem('/invite', '友だちを招待'),
      menuItem('/settings', '設定', '0'),
      menuItem('/logout', 'ログアウト'),
    ],
  };
}
