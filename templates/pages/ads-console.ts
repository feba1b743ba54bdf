/** The advertiser console (PC browsers): sign-in, own campaigns, the report with its chart, creatives. */
import { errorList, form, heading, hr, link, para, passwordField, select, submit, textField } from '../components.js';
import { h, type Child } from '../html.js';
import type { Page } from '../layout.js';

const SITE = '足あと 広告主コンソール';
const pct = (clicks: number, imps: number) => (imps ? `${((clicks / imps) * 100).toFixed(2)}%` : '-');

export function consoleLoginPage(o: { login?: string; error?: string } = {}): Page {
  return {
    title: 'ログイン',
    site: SITE,
    blocks: [o.error ? para(o.error) : null, form({ action: '/advertiser/login' }, textField('ログインID', { name: 'login', value: o.login ?? '', size: 20, maxlength: 64 }), passwordField('パスワード', 'password'), submit('ログイン'))],
  };
}

export function consoleHomePage(name: string, campaigns: { id: number; name: string; period: string }[]): Page {
  return {
    title: 'キャンペーン一覧',
    site: SITE,
    blocks: [
      para(`${name} 様`),
      campaigns.length ? h('ul', null, ...campaigns.map((c) => h('li', null, link(`/advertiser/campaigns/${c.id}`, c.name), ` (${c.period})`))) : para('キャンペーンはまだありません。'),
      hr(),
      form({ action: '/advertiser/logout' }, submit('ログアウト')),
    ],
  };
}

export interface ReportView {
  id: number;
  name: string;
  days: { day: string; impressions: number; uniques: number; clicks: number }[];
  by: Record<'gender' | 'age' | 'carrier', { key: string; impressions: number; clicks: number }[]>;
  booked: number;
  delivered: number;
  creatives: { id: number; placement: string; width: number; height: number; alt: string }[];
  destinations: string[];
  /** Screen widths the creatives are previewed at (one per handset class). */
  previews: { label: string; width: number }[];
  upload?: { errors?: Record<string, string> };
}

/** Daily impressions (bars) and clicks (line, own scale), drawn on the server: no script needed. */
export function chart(days: ReportView['days']): Child {
  const W = 640;
  const H = 200;
  const pad = 30;
  const maxI = Math.max(1, ...days.map((d) => d.impressions));
  const maxC = Math.max(1, ...days.map((d) => d.clicks));
  const step = (W - 2 * pad) / Math.max(1, days.length);
  const y = (v: number, max: number) => H - pad - ((H - 2 * pad) * v) / max;
  const bars = days.map((d, i) =>
    h('rect', { x: (pad + i * step + 2).toFixed(1), y: y(d.impressions, maxI).toFixed(1), width: (step - 4).toFixed(1), height: (H - pad - y(d.impressions, maxI)).toFixed(1), fill: '#6a9fd8', 'data-day': d.day, 'data-impressions': d.impressions }, h('title', null, `${d.day}: ${d.impressions}表示 / ${d.clicks}クリック`)),
  );
  const points = days.map((d, i) => `${(pad + i * step + step / 2).toFixed(1)},${y(d.clicks, maxC).toFixed(1)}`).join(' ');
  const labels = days.map((d, i) => (i % 2 === days.length % 2 ? null : h('text', { x: (pad + i * step + step / 2).toFixed(1), y: H - 10, 'font-size': 10, 'text-anchor': 'middle' }, d.day.slice(5))));
  return h(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': '日別の表示回数とクリック数', id: 'report-chart' },
    h('text', { x: pad, y: 14, 'font-size': 11 }, `表示 最大${maxI} / クリック 最大${maxC}`),
    ...bars,
    h('polyline', { points, fill: 'none', stroke: '#d0502a', 'stroke-width': 2 }),
    ...labels,
  );
}

function table(head: string[], rows: Child[][]): Child {
  return h('table', { border: 1 }, h('tr', null, ...head.map((x) => h('th', null, x))), ...rows.map((r) => h('tr', null, ...r.map((x) => h('td', null, x)))));
}

export function reportPage(v: ReportView): Page {
  const dims: [keyof ReportView['by'], string][] = [
    ['gender', '性別'],
    ['age', '年代'],
    ['carrier', 'キャリア'],
  ];
  return {
    title: v.name,
    site: SITE,
    blocks: [
      link('/advertiser', 'キャンペーン一覧'),
      heading('配信状況'),
      para(`予約インプレッション ${v.booked} / 配信済み ${v.delivered} (${v.booked ? ((v.delivered / v.booked) * 100).toFixed(1) : '0'}%)`),
      chart(v.days),
      table(
        ['日付', '表示', 'ユニーク', 'クリック', 'CTR'],
        v.days.map((d) => [d.day, d.impressions, d.uniques, d.clicks, pct(d.clicks, d.impressions)]),
      ),
      link(`/advertiser/campaigns/${v.id}/report.csv`, 'CSVダウンロード'),
      ' ',
      link(`/advertiser/campaigns/${v.id}/signups`, '応募フォームの回答'),
      ...dims.map(([k, label]) => [heading(`${label}別CTR`), table([label, '表示', 'クリック', 'CTR'], v.by[k].map((r) => [r.key, r.impressions, r.clicks, pct(r.clicks, r.impressions)]))]),
      heading('クリエイティブ(端末ごとの見え方)'),
      ...v.creatives.map((c) =>
        h('div', null, `#${c.id} ${c.placement} ${c.width}×${c.height} `, ...v.previews.map((p) => {
          const w = Math.min(c.width, p.width);
          return h('span', null, ` ${p.label}: `, h('img', { src: `/advertiser/creatives/${c.id}/image`, width: w, height: Math.max(1, Math.round((c.height * w) / c.width)), alt: c.alt }));
        })),
      ),
      heading('クリエイティブの入稿'),
      form(
        { action: `/advertiser/campaigns/${v.id}/creatives`, upload: true },
        errorList(v.upload?.errors),
        select('掲載面', 'placement', [['xl', 'XLバナー(GIF 192×106)'], ['top', 'トップバナー'], ['jack', 'ログインジャック']], 'xl'),
        select('リンク先', 'destination', v.destinations.map((d) => [d, d]), v.destinations[0] ?? ''),
        textField('代替テキスト', { name: 'alt', size: 30, maxlength: 100 }),
        h('input', { type: 'file', name: 'image' }),
        h('br'),
        submit('入稿する'),
      ),
    ],
  };
}

export function signupsPage(id: number, name: string, rows: { nickname: string; answer: string; createdAt: string }[]): Page {
  return {
    title: `${name} 応募`,
    site: SITE,
    blocks: [link(`/advertiser/campaigns/${id}`, 'レポートへ'), table(['日時', 'ニックネーム', '回答'], rows.map((r) => [r.createdAt, r.nickname, r.answer]))],
  };
}
