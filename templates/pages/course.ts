import { form, heading, hr, link, menuItem, para, submit } from '../components.js';
import { h, type Child } from '../html.js';
import type { Page } from '../layout.js';
import { dateTime } from '../format.js';

export interface CourseView {
  state: 'none' | 'registered' | 'payment_failed' | 'cancelled' | 'expired';
  active: boolean;
  paidThrough: string | null;
  /** While benefits apply: their last day (YYYY-MM-DD). */
  benefitsUntil?: string | null;
  /** The member's carrier bills on the sign-up day each month (not on the 1st). */
  anniversary?: boolean;
  priceYen: number;
  pointsPerMonth: number;
  balance: number;
  /** How this handset's carrier bills, or null when it cannot (PC, smartphone). */
  paymentLabel: string | null;
  /** Joining is open (a carrier billing connection is configured). */
  open: boolean;
  notice?: string;
  error?: string;
}

function monthLabel(month: string): string {
  const [y, m] = month.split('-');
  return `${y}年${Number(m)}月`;
}

/** 「2026年11月末」 when benefits end with the month, else the day: 「2026年12月14日」. */
function untilLabel(paidThrough: string, lastDay: string | null): string {
  if (!lastDay) return `${monthLabel(paidThrough)}末`;
  const [y, m, d] = lastDay.split('-').map(Number) as [number, number, number];
  const monthEnd = new Date(Date.UTC(y, m, 0)).getUTCDate() === d;
  return monthEnd ? `${y}年${m}月末` : `${y}年${m}月${d}日`;
}

function stateLine(v: CourseView): string {
  switch (v.state) {
    case 'registered':
      return v.active ? 'ご利用中' : 'ご利用中(今月分のお支払い確認待ち)';
    case 'cancelled':
      return v.active && v.paidThrough ? `解約済み(${untilLabel(v.paidThrough, v.benefitsUntil ?? null)}までご利用いただけます)` : '解約済み';
    case 'payment_failed':
      return 'お支払いが確認できません(特典は停止中です)';
    case 'expired':
      return '携帯電話のご契約終了により終了しました';
    default:
      return '未登録';
  }
}

export function coursePage(v: CourseView): Page {
  const canJoin = v.state !== 'registered' && v.state !== 'payment_failed';
  return {
    title: 'ポイントコース',
    blocks: [
      v.notice ? para(v.notice) : null,
      v.error ? para(`※${v.error}`) : null,
      heading('ポイントコース'),
      para(`月額${v.priceYen}円(税込)。毎月${v.pointsPerMonth}ポイントがもらえます。`),
      para('特典: 足あとを残さずに訪問できる設定、ゲームなどに使えるポイント。'),
      hr(),
      para(`状態: ${stateLine(v)}`),
      para(`ポイント残高: ${v.balance}pt`),
      link('/points', 'ポイント履歴', { key: '1' }),
      hr(),
      canJoin && v.paymentLabel && v.open
        ? form(
            { action: '/course/join' },
            para(`お支払い: ${v.paymentLabel}`),
            para(v.anniversary ? '登録した日から毎月、登録日と同じ日にご請求します(その日がない月は月末。日割りはありません)。' : '登録した月から毎月1日にご請求します(日割りはありません)。同じ月の再登録は二重にご請求しません。'),
            submit('登録する'),
          )
        : null,
      canJoin && !v.paymentLabel ? para('お申し込みは携帯電話(docomo・au・SoftBank・WILLCOM)からお願いします。') : null,
      canJoin && v.paymentLabel && !v.open ? para('ただいまお申し込みを受け付けていません。') : null,
      v.state === 'payment_failed' ? para('携帯電話会社でのお支払いが確認できませんでした。ご契約の携帯電話会社にお問い合わせください。') : null,
      v.state === 'registered' || v.state === 'payment_failed'
        ? form({ action: '/course/cancel' }, para(v.anniversary ? 'お支払い済みの期間(次回ご請求日の前日まで)は特典をご利用いただけます。' : '解約した月の末日まで特典をご利用いただけます。'), submit('解約する'))
        : null,
      hr(),
      menuItem('/settings', '足あとの設定', '2'),
    ],
    footer: [link('/', 'トップへ', { key: '0' })],
  };
}

export function courseDonePage(kind: 'join' | 'cancel', state: 'requested' | 'authorising' | 'completed' | 'declined', problem: string | null = null): Page {
  const what = kind === 'join' ? '登録' : '解約';
  const message =
    state === 'completed'
      ? `ポイントコースの${what}が完了しました。`
      : state === 'declined'
        ? `ポイントコースの${what}は完了しませんでした。`
        : `携帯電話会社で${what}の手続き中です。しばらくしてからご確認ください。`;
  return {
    title: 'ポイントコース',
    blocks: [problem ? para(`※${problem}`) : null, para(message), hr(), menuItem('/course', 'ポイントコース', '1')],
    footer: [link('/', 'トップへ', { key: '0' })],
  };
}

export interface PointsView {
  balance: number;
  entries: { delta: number; note: string; at: number }[];
  next: string | null;
}

export function pointsPage(v: PointsView): Page {
  return {
    title: 'ポイント',
    blocks: [
      para(`ポイント残高: ${v.balance}pt`),
      hr(),
      v.entries.length
        ? v.entries.map((e): Child => [`${dateTime(e.at)} ${e.delta > 0 ? '+' : ''}${e.delta}pt ${e.note}`, h('br')])
        : para('まだ履歴はありません。'),
      v.next ? link(v.next, '次へ', { key: '#' }) : null,
      hr(),
      menuItem('/course', 'ポイントコース', '1'),
    ],
    footer: [link('/', 'トップへ', { key: '0' })],
  };
}
