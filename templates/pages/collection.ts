import { errorList, form, heading, hidden, hr, link, menuItem, para, select, submit } from '../components.js';
import { h, type Child } from '../html.js';
import type { Page, PageSkin } from '../layout.js';

export type AreaName = 'profile' | 'diary' | 'album';
export const AREA_LABELS: Record<AreaName, string> = { profile: 'プロフィール', diary: '日記', album: 'フォトアルバム' };

export interface DesignView {
  id: number;
  name: string;
  description: string;
  kind: 'free' | 'points' | 'campaign';
  price: number;
  sponsor: string | null;
  accent: string;
  owned: boolean;
  appliedTo: AreaName[];
}

const TOP: Child[] = [link('/collection', 'ミクコレ トップ', { key: '9' }), h('br'), link('/', 'トップへ', { key: '0' })];

function priceLabel(d: DesignView): string {
  if (d.kind === 'campaign') return `無料(提供: ${d.sponsor ?? 'キャンペーン'})`;
  return d.kind === 'free' ? '無料' : `${d.price}pt`;
}

function status(d: DesignView): string {
  if (d.appliedTo.length) return `使用中(${d.appliedTo.map((a) => AREA_LABELS[a]).join('・')})`;
  return d.owned ? '所持' : priceLabel(d);
}

/** The catalogue: every design on offer (and those owned), with the balance. */
export function cataloguePage(v: { designs: DesignView[]; balance: number; notice?: string }): Page {
  return {
    title: 'ミクコレ(デザイン)',
    blocks: [
      v.notice ? para(v.notice) : null,
      para(`プロフィール・日記・フォトアルバムをきせかえ。所持ポイント ${v.balance}pt`),
      hr(),
      v.designs.length
        ? v.designs.map((d, i) => [menuItem(`/collection/${d.id}`, `${d.accent} ${d.name}`, i < 8 ? String(i + 1) : undefined), ` ${status(d)}`, h('br')])
        : para('デザインはまだありません。'),
      hr(),
      heading('きせかえを外す'),
      form({ action: '/collection/remove' }, select('外す場所', 'area', Object.entries(AREA_LABELS) as [string, string][], 'profile'), submit('外す')),
      link('/points', 'ポイント履歴'),
    ],
    footer: [link('/', 'トップへ', { key: '0' })],
  };
}

/** One design, previewed in its own colours; take or buy it, or put it on an area. */
export function designPage(v: { design: DesignView; balance: number; preview: PageSkin; error?: string; notice?: string }): Page {
  const d = v.design;
  const areas = Object.entries(AREA_LABELS) as [string, string][];
  return {
    title: d.name,
    skin: v.preview,
    blocks: [
      v.notice ? para(v.notice) : null,
      errorList(v.error ? { design: v.error } : undefined),
      para(d.description),
      para(`価格: ${priceLabel(d)}`),
      para('このページはプレビューです(このデザインの色で表示しています)。'),
      hr(),
      d.owned
        ? [
            para(status(d)),
            form({ action: `/collection/${d.id}/apply` }, select('使う場所', 'area', [...areas, ['all', 'すべて']], 'all'), submit('このデザインにする')),
          ]
        : form(
            { action: `/collection/${d.id}/acquire` },
            d.price > 0 ? para(`${d.price}ptで購入します(所持 ${v.balance}pt)`) : null,
            hidden('design', String(d.id)),
            submit(d.price > 0 ? `${d.price}ptで購入する` : 'もらう'),
          ),
    ],
    footer: TOP,
  };
}

export function notEnoughForDesignPage(v: { id: number; name: string; price: number; balance: number }): Page {
  return {
    title: 'ポイントが足りません',
    blocks: [para(`「${v.name}」は${v.price}ptです。所持ポイントは${v.balance}ptです。`), link('/course', 'ポイントコースについて'), h('br'), link(`/collection/${v.id}`, 'デザインにもどる')],
    footer: TOP,
  };
}
