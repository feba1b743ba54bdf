/** The staff console (PC browsers): sign-in, the report queue, content, members, NG words, staff, audit. */
import { errorList, form, heading, hidden, hr, link, para, passwordField, select, submit, textBlock, textField } from '../components.js';
import { fullDateTime } from '../format.js';
import { h, type Child } from '../html.js';
import type { Page } from '../layout.js';

const SITE = '足あと スタッフコンソール';

export interface ContentLine {
  kind: string;
  id: number;
  authorId: number;
  authorName: string;
  title: string;
  body: string;
  context: string;
  path: string | null;
  createdAt: number;
}

const KIND_LABEL: Record<string, string> = { diary: '日記', comment: '日記コメント', message: 'メッセージ', topic: 'トピック', ccomment: 'コミュニティコメント', echo: 'エコー', community: 'コミュニティ', member: 'メンバー' };
export const kindLabel = (k: string) => KIND_LABEL[k] ?? k;

function table(head: string[], rows: Child[][]): Child {
  return h('table', { border: 1 }, h('tr', null, ...head.map((x) => h('th', null, x))), ...rows.map((r) => h('tr', null, ...r.map((x) => h('td', null, x)))));
}

function page(title: string, blocks: Child[], nav = true): Page {
  return { title, site: SITE, blocks: [...blocks, nav ? [hr(), link('/staff', 'コンソールのトップへ')] : null] };
}

export function staffLoginPage(o: { login?: string; error?: string } = {}): Page {
  return page('スタッフログイン', [o.error ? para(o.error) : null, form({ action: '/staff/login' }, textField('ログインID', { name: 'login', value: o.login ?? '', size: 20, maxlength: 64 }), passwordField('パスワード', 'password'), submit('ログイン'))], false);
}

export function staffHomePage(name: string, role: string, menu: [string, string][]): Page {
  return page('スタッフコンソール', [para(`${name} さん(役割: ${role})`), h('ul', { id: 'staff-menu' }, ...menu.map(([href, label]) => h('li', null, link(href, label)))), hr(), form({ action: '/staff/logout' }, submit('ログアウト'))], false);
}

export function contentBlock(c: ContentLine | null): Child {
  if (!c) return para('(内容は削除されています)');
  return h(
    'div',
    { class: 'reported-content' },
    para(`${kindLabel(c.kind)} #${c.id} — 投稿者: `, link(`/staff/members/${c.authorId}`, `${c.authorName} (ID ${c.authorId})`), ` — ${fullDateTime(c.createdAt)}`),
    para(`場所: ${c.context}`, c.path ? [' (', h('code', null, c.path), ')'] : null),
    c.title ? para(h('b', null, c.title)) : null,
    c.body ? textBlock(c.body) : null,
  );
}

export function reportQueuePage(rows: { id: number; kind: string; reason: string; createdAt: number; excerpt: string }[]): Page {
  return page('通報の一覧', [
    rows.length
      ? table(['通報', '種類', '理由', '内容', '日時'], rows.map((r) => [link(`/staff/reports/${r.id}`, `#${r.id}`), kindLabel(r.kind), r.reason, r.excerpt, fullDateTime(r.createdAt)]))
      : para('未対応の通報はありません。'),
  ]);
}

export interface ReportCaseView {
  id: number;
  kind: string;
  targetId: number;
  reason: string;
  resolved: boolean;
  content: ContentLine | null;
  hidden: 'staff' | 'held' | null;
  hideable: boolean;
  author: { id: number; status: string } | null;
  mayHide: boolean;
  maySuspend: boolean;
}

export function reportCasePage(v: ReportCaseView): Page {
  const contentForms: Child[] = [];
  if (v.mayHide && v.hideable && v.content) {
    contentForms.push(
      v.hidden === 'staff'
        ? [para('この内容は非表示にしています。'), form({ action: `/staff/content/${v.kind}/${v.targetId}/restore` }, submit('表示に戻す'))]
        : form({ action: `/staff/content/${v.kind}/${v.targetId}/hide` }, hidden('report', String(v.id)), submit('この内容を非表示にする')),
    );
  }
  if (v.maySuspend && v.author) {
    contentForms.push(
      v.author.status === 'suspended'
        ? para('投稿者は利用停止中です。')
        : form({ action: `/staff/members/${v.author.id}/suspend` }, textField('停止の理由', { name: 'reason', value: `通報 #${v.id}`, size: 30, maxlength: 200 }), submit('投稿者を利用停止にする')),
    );
  }
  return page(`通報 #${v.id}`, [
    para(`通報の理由: ${v.reason || '(なし)'}`, v.resolved ? ' (対応済み)' : ''),
    heading('通報された内容'),
    contentBlock(v.content),
    hr(),
    ...contentForms,
    v.resolved ? null : form({ action: `/staff/reports/${v.id}/dismiss` }, submit('問題なしとして閉じる')),
    para(link('/staff/reports', '通報の一覧へ')),
  ]);
}

export function hiddenListPage(reason: 'staff' | 'held', rows: { kind: string; id: number; word: string; createdAt: number; content: ContentLine | null }[]): Page {
  const title = reason === 'held' ? '確認待ちの投稿(NGワード)' : '非表示にした内容';
  return page(title, [
    rows.length
      ? h('div', null, ...rows.map((r) => [contentBlock(r.content), r.word ? para(`NGワード: ${r.word}`) : null, form({ action: `/staff/content/${r.kind}/${r.id}/restore` }, submit(reason === 'held' ? '公開する' : '表示に戻す')), reason === 'held' ? form({ action: `/staff/content/${r.kind}/${r.id}/hide` }, submit('非表示にする')) : null, hr()]))
      : para('ありません。'),
  ]);
}

export function memberSearchPage(q: string, found: { id: number; nickname: string; login: string; status: string } | null, searched: boolean): Page {
  return page('メンバー検索', [
    form({ action: '/staff/members', method: 'get' }, textField('メンバーID・ログインID・メールアドレス', { name: 'q', value: q, size: 30, maxlength: 200 }), submit('検索')),
    searched ? (found ? para(link(`/staff/members/${found.id}`, `${found.nickname} (ID ${found.id}, ${found.login}, ${found.status})`)) : para('見つかりませんでした。')) : null,
  ]);
}

export interface MemberDetailView {
  id: number;
  nickname: string;
  login: string;
  mail: string | null;
  status: string;
  createdAt: number;
  bindings: string[];
  maySuspend: boolean;
  billing: { course: string; balance: number; points: { at: number; delta: number; kind: string; note: string }[] } | null;
}

export function memberDetailPage(v: MemberDetailView): Page {
  return page(`メンバー ${v.nickname}`, [
    table(['項目', '値'], [['ID', String(v.id)], ['ニックネーム', v.nickname], ['ログインID', v.login], ['メール', v.mail ?? '(なし)'], ['状態', v.status], ['登録', fullDateTime(v.createdAt)], ['かんたんログイン', v.bindings.join(', ') || '(なし)']]),
    v.maySuspend
      ? v.status === 'suspended'
        ? form({ action: `/staff/members/${v.id}/restore` }, submit('利用停止を解除する'))
        : v.status === 'active'
          ? form({ action: `/staff/members/${v.id}/suspend` }, textField('停止の理由', { name: 'reason', size: 30, maxlength: 200 }), submit('利用停止にする'))
          : null
      : null,
    v.billing
      ? [heading('ポイントコース(閲覧のみ)'), para(v.billing.course), para(`ポイント残高: ${v.billing.balance}`), table(['日時', '増減', '種類', 'メモ'], v.billing.points.map((p) => [fullDateTime(p.at), String(p.delta), p.kind, p.note]))]
      : null,
  ]);
}

export function ngWordsPage(words: { word: string; action: string }[], errors?: Record<string, string>): Page {
  return page('NGワード', [
    words.length
      ? table(['言葉', '扱い', ''], words.map((w) => [w.word, w.action === 'refuse' ? '投稿させない' : '確認待ちにする', form({ action: '/staff/ng-words/remove' }, hidden('word', w.word), submit('削除'))]))
      : para('登録されていません。'),
    heading('追加・変更'),
    errorList(errors),
    form({ action: '/staff/ng-words' }, textField('言葉', { name: 'word', size: 20, maxlength: 50 }), select('扱い', 'action', [['hold', '確認待ちにする(投稿は非表示で保留)'], ['refuse', '投稿させない']], 'hold'), submit('登録')),
  ]);
}

export function staffAccountsPage(list: { id: number; login: string; name: string; role: string }[], errors?: Record<string, string>, values: Record<string, string> = {}): Page {
  return page('スタッフアカウント', [
    table(['ID', 'ログインID', '名前', '役割'], list.map((s) => [String(s.id), s.login, s.name, s.role])),
    heading('追加'),
    errorList(errors),
    form(
      { action: '/staff/accounts' },
      textField('ログインID', { name: 'login', value: values.login ?? '', size: 20, maxlength: 32 }),
      textField('名前', { name: 'name', value: values.name ?? '', size: 20, maxlength: 50 }),
      select('役割', 'role', [['moderator', 'モデレーター'], ['support', 'サポート'], ['admin', '管理者']], values.role ?? 'moderator'),
      passwordField('パスワード(12文字以上、2種類以上の文字)', 'password'),
      submit('追加'),
    ),
  ]);
}

export function auditPage(rows: { id: number; staff: string; action: string; target: string; detail: string; at: number }[], pageNo: number): Page {
  return page('操作記録', [
    table(['#', '日時', 'スタッフ', '操作', '対象', '詳細'], rows.map((r) => [String(r.id), fullDateTime(r.at), r.staff, r.action, r.target, r.detail])),
    rows.length === 50 ? para(link(`/staff/audit?page=${pageNo + 1}`, '次へ')) : null,
  ]);
}
