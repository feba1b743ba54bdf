import { form, heading, hr, link, menuItem, para, submit, textField } from '../components.js';
import { h, type Child } from '../html.js';
import type { Page } from '../layout.js';
import { dateTime } from '../format.js';

const TOP: Child[] = [link('/', 'トップへ', { key: '0' })];

export interface PremiumView {
  state: 'registered' | 'payment_failed' | 'cancelled' | 'expired' | 'none';
  active: boolean;
  paidThrough: string | null;
  /** While benefits apply: their last day (YYYY-MM-DD; SoftBank bills from the sign-up day, the others from the 1st). */
  benefitsUntil?: string | null;
  priceYen: number;
  quota: { limit: number; used: number };
  premiumQuota: number;
  memberQuota: number;
  paymentLabel: string | null;
  open: boolean;
}

const STATE: Record<PremiumView['state'], string> = {
  registered: '登録中',
  payment_failed: 'お支払いが確認できません',
  cancelled: '解約済み',
  expired: '終了(携帯電話のご契約終了)',
  none: '未登録',
};

/** mixi Premium: what it gives, the member's state, joining or cancelling at the carrier. */
export function premiumPage(v: PremiumView): Page {
  return {
    title: 'プレミアム',
    blocks: [
      para(`月額${v.priceYen}円(税込)。写真を${v.premiumQuota.toLocaleString('en')}枚まで保存(通常${v.memberQuota}枚)、メッセージ検索が使えます。`),
      para(`状態: ${STATE[v.state]}${v.active && v.paidThrough ? `(${v.paidThrough}分までお支払い済み${v.benefitsUntil ? `・${v.benefitsUntil}までご利用いただけます` : ''})` : ''}`),
      para(`保存している写真: ${v.quota.used}枚 / ${v.quota.limit.toLocaleString('en')}枚`),
      hr(),
      v.state === 'registered'
        ? form({ action: '/premium/cancel' }, submit('プレミアムを解約する'))
        : v.paymentLabel && v.open
          ? [para(v.paymentLabel), form({ action: '/premium/join' }, submit(`月額${v.priceYen}円で登録する`))]
          : para('プレミアムへの登録は携帯電話からどうぞ。'),
      v.active ? [hr(), menuItem('/messages/search', 'メッセージ検索', '1')] : null,
    ],
    footer: TOP,
  };
}

export function premiumDonePage(kind: 'join' | 'cancel', state: 'requested' | 'authorising' | 'completed' | 'declined', problem: string | null = null): Page {
  const what = kind === 'join' ? '登録' : '解約';
  const message = state === 'completed' ? `プレミアムの${what}が完了しました。` : state === 'declined' ? `プレミアムの${what}は完了しませんでした。` : `携帯電話会社で${what}の手続き中です。しばらくしてからご確認ください。`;
  return { title: 'プレミアム', blocks: [problem ? para(`※${problem}`) : null, para(message), hr(), menuItem('/premium', 'プレミアム', '1')], footer: TOP };
}

/** Message search, for Premium members. */
export function messageSearchPage(v: { q: string; error?: string; results: { id: number; subject: string; other: string; incoming: boolean; createdAt: number }[] | null }): Page {
  return {
    title: 'メッセージ検索',
    blocks: [
      form({ action: '/messages/search', method: 'get' }, textField('検索語', { name: 'q', value: v.q, mode: 'hiragana', maxlength: 50 }, v.error), submit('検索')),
      v.results === null
        ? null
        : v.results.length
          ? [heading(`${v.results.length}件`), ...v.results.map((m) => [link(`/messages/${m.id}`, m.subject), ` ${m.incoming ? 'from' : 'to'} ${m.other} ${dateTime(m.createdAt)}`, h('br')])]
          : para('見つかりませんでした。'),
    ],
    footer: [link('/messages', '受信箱'), h('br'), ...TOP],
  };
}

/** Search is a Premium benefit: others are told so, with the way to join. */
export function premiumOnlyPage(what: string): Page {
  return {
    title: 'プレミアム会員限定',
    blocks: [para(`${what}はプレミアム会員(月額315円)の機能です。`), menuItem('/premium', 'プレミアムについて', '1')],
    footer: [link('/messages', '受信箱'), h('br'), ...TOP],
  };
}
