import { form, heading, hidden, hr, link, para, passwordField, submit, textField } from '../components.js';
import { h } from '../html.js';
import type { Page } from '../layout.js';
import { dateTime } from '../format.js';

/** The carrier's own pages (sandbox): what the member sees at the carrier, not at Ashiato. */
export interface CarrierConfirmView {
  carrierLabel: string;
  kind: 'join' | 'cancel';
  priceYen: number;
  /** The course bought (default the point course). */
  productName?: string;
  action: string;
  fields: [string, string][];
  returnUrl: string;
  error?: string;
}

export function carrierConfirmPage(v: CarrierConfirmView): Page {
  const join = v.kind === 'join';
  return {
    site: `${v.carrierLabel} (サンドボックス)`,
    title: join ? 'お支払い確認' : '解約の確認',
    blocks: [
      heading(`${v.carrierLabel} ${join ? '購入' : '解約'}の確認(サンドボックス)`),
      para('サイト: 足あと'),
      para(`内容: ${v.productName ?? 'ポイントコース'} 月額${v.priceYen}円(税込)`),
      para(join ? '携帯電話のご利用料金と合わせてご請求します。' : '解約の手続きをします。'),
      v.error ? para(`※${v.error}`) : null,
      form({ action: v.action }, ...v.fields.map(([k, val]) => hidden(k, val)), passwordField('暗証番号(4桁)', 'password', undefined, 'numeric'), submit(join ? '同意して購入' : '解約する')),
      hr(),
      link(v.returnUrl, join ? '購入せずにサイトへ戻る' : '解約せずにサイトへ戻る', { key: '9' }),
    ],
    footer: [],
  };
}

export function carrierResultPage(carrierLabel: string, message: string, returnUrl: string): Page {
  return {
    site: `${carrierLabel} (サンドボックス)`,
    title: 'お支払い',
    blocks: [para(message), hr(), link(returnUrl, 'サイトへ戻る', { key: '1' })],
    footer: [],
  };
}

export interface SandboxConsoleView {
  month: string;
  token: string;
  carriers: { id: string; protocol: string; calendar: string; fault: string }[];
  faults: string[];
  lines: { contract: string; carrier: string; product: string; state: string; months: string[]; failNext: boolean }[];
  deliveries: { at: number; carrier: string; kind: string; status: number; response: string }[];
  result?: string;
}

function radios(name: string, values: string[]) {
  return values.map((x, i) => [h('label', null, h('input', { type: 'radio', name, value: x, checked: i === 0 }), x), ' ']);
}

/** QA console of the sandbox carrier: monthly runs, failures, contract ends, settlements. */
export function sandboxConsolePage(v: SandboxConsoleView): Page {
  const token = hidden('t', v.token);
  return {
    site: '課金サンドボックス',
    title: '携帯電話会社の代わり',
    blocks: [
      heading('課金サンドボックス(携帯電話会社の代わり)'),
      v.result ? [para('結果:'), h('pre', null, v.result)] : null,
      para(v.carriers.map((c) => `${c.id}: ${c.protocol === 'carrier' ? '独自方式' : '決済代行'}・${c.calendar === 'anniversary' ? '登録日課金' : '1日課金'}${c.fault !== 'none' ? `・障害 ${c.fault}` : ''}`).join(' / ')),
      form({ action: '/sandbox/billing/console/due' }, token, submit('今日の課金(課金日が来た契約)')),
      form({ action: '/sandbox/billing/console/run' }, token, textField('月次課金を実行する月 (YYYY-MM)', { name: 'month', value: v.month, size: 8 }), radios('carrier', ['all', ...v.carriers.map((c) => c.id)]), h('label', null, h('input', { type: 'checkbox', name: 'silent', value: '1' }), '通知を送らない(通知の紛失)'), h('br'), submit('月次課金')),
      form({ action: '/sandbox/billing/console/settle' }, token, textField('精算を送る月 (YYYY-MM)', { name: 'month', value: v.month, size: 8 }), radios('carrier', v.carriers.map((c) => c.id)), h('br'), radios('product', ['points', 'premium']), h('br'), submit('精算を送る')),
      form({ action: '/sandbox/billing/console/fault' }, token, radios('carrier', v.carriers.map((c) => c.id)), h('br'), radios('fault', v.faults), h('br'), submit('障害を設定')),
      form({ action: '/sandbox/billing/console/status' }, token, submit('会員状態照会を実行(毎日 4:30 の照合)')),
      hr(),
      heading('契約'),
      v.lines.length
        ? v.lines.map((l) => [
            para(`${l.contract} (${l.carrier}・${l.product === 'premium' ? 'プレミアム' : 'ポイントコース'}) ${l.state} 課金月: ${l.months.join(', ') || 'なし'}${l.failNext ? ' [次回失敗]' : ''}`),
            l.state === 'active' ? form({ action: '/sandbox/billing/console/fail' }, token, hidden('contract', l.contract), submit('次回の課金を失敗させる')) : null,
            l.state !== 'ended'
              ? form({ action: '/sandbox/billing/console/end' }, token, hidden('contract', l.contract), h('label', null, h('input', { type: 'checkbox', name: 'silent', value: '1' }), '通知しない'), ' ', submit('携帯電話の契約を終了'))
              : null,
          ])
        : para('契約はありません。'),
      hr(),
      heading('送った通知(新しい順)'),
      v.deliveries.length ? v.deliveries.map((d) => para(`${dateTime(d.at)} ${d.carrier} ${d.kind} → ${d.status} ${d.response}`)) : para('まだありません。'),
    ],
    footer: [link('/', '足あとトップへ')],
  };
}
