import type { DeviceProfile } from '../../carriers/index.js';
import { decoEffects } from '../../carriers/skin-styling.js';
import type { DecoDoc, DecoRun } from '../../core/decomail/model.js';
import { DECO_BACKGROUNDS, DECO_PALETTE, DECO_SIZES } from '../../core/decomail/model.js';
import { errorList, form, heading, hidden, hr, link, para, select, submit, textArea, textField } from '../components.js';
import { h, type Child } from '../html.js';
import type { Page, PageSkin } from '../layout.js';

const HEX = /^#[0-9a-f]{6}$/;
const CSS_SIZES = ['', 'x-small', 'small', 'medium', 'large', 'x-large', 'xx-large', 'xx-large'];

export const decoImageSrc = (id: number) => `/deco/${id}/image`;

function text(r: Extract<DecoRun, { t: 'text' }>, fx: ReturnType<typeof decoEffects>): Child {
  let node: Child = r.text;
  const color = r.color && HEX.test(r.color) ? r.color : null;
  const size = r.size && r.size >= 1 && r.size <= 7 && r.size !== 3 ? r.size : null;
  const css: string[] = [];
  if (fx.font === 'tag') {
    // i-mode ignores size; colour is what a cHTML handset shows.
    if (color) node = h('font', { color }, node);
  } else {
    if (color) css.push(`color:${color}`);
    if (size) css.push(`font-size:${CSS_SIZES[size]}`);
  }
  if (r.blink && fx.blink === 'css') css.push('text-decoration:blink');
  if (css.length) node = h('span', { style: css.join(';') }, node);
  if (r.blink && fx.blink === 'tag') node = h('blink', null, node);
  if (r.marquee && fx.marquee === 'tag') node = h('marquee', null, node);
  if (r.marquee && fx.marquee === 'wap-css') node = h('div', { style: 'display:-wap-marquee' }, node);
  return node;
}

/** A decorated message drawn for this handset from its checked document. */
export function decoBlock(doc: DecoDoc, device: DeviceProfile): Child {
  const fx = decoEffects(device);
  const lines: Child[][] = [[]];
  for (const r of doc.runs) {
    if (r.t === 'br') lines.push([]);
    else if (r.t === 'hr') lines.push([h('hr')], []);
    else if (r.t === 'img') lines[lines.length - 1]!.push(h('img', { src: decoImageSrc(r.template), alt: '' }));
    else lines[lines.length - 1]!.push(text(r, fx));
  }
  // A plain division: the paginator may cut a long message between its lines.
  return h('div', null, ...lines.map((l, i) => [i ? h('br') : null, ...l]));
}

/** The message's background colour as the page's design (text light on a dark background). */
export function decoSkin(doc: DecoDoc): PageSkin | undefined {
  if (!doc.bg || !HEX.test(doc.bg)) return undefined;
  const n = Number.parseInt(doc.bg.slice(1), 16);
  const light = ((n >> 16) & 255) * 0.299 + ((n >> 8) & 255) * 0.587 + (n & 255) * 0.114 > 128;
  return { bgColor: doc.bg, textColor: light ? '#000000' : '#ffffff', linkColor: light ? '#0000ee' : '#ffdd55', accent: '', header: null, background: null };
}

export interface ComposeValues {
  subject: string;
  body: string;
  color: string;
  size: string;
  bg: string;
  effect: string;
  template: string;
  html: string;
}

export interface ComposeView {
  to: { id: number; nickname: string };
  values: ComposeValues;
  errors?: Record<string, string>;
  /** Effects this handset's browser had (offered only then). */
  effects: { blink: boolean; marquee: boolean };
  templates: { id: number; name: string }[];
  /** PCs and smartphones may paste deco-mail HTML (sanitised). */
  htmlField: boolean;
  preview?: { doc: DecoDoc; device: DeviceProfile };
}

/** Writing a message, plain or decorated (デコメ), with a preview drawn as the handset shows it. */
export function decoComposePage(v: ComposeView): Page {
  const e = v.errors ?? {};
  const effects: [string, string][] = [['', 'なし'], ...(v.effects.blink ? [['blink', '点滅'] as [string, string]] : []), ...(v.effects.marquee ? [['marquee', '流れる文字'] as [string, string]] : [])];
  return {
    title: 'メッセージを書く',
    ...(v.preview?.doc.bg ? { skin: decoSkin(v.preview.doc) } : {}),
    blocks: [
      para(`宛先: ${v.to.nickname}さん`),
      errorList(e, 'form'),
      v.preview ? [heading('プレビュー'), decoBlock(v.preview.doc, v.preview.device), hr()] : null,
      form(
        { action: '/messages/new' },
        hidden('to', String(v.to.id)),
        textField('件名', { name: 'subject', value: v.values.subject, mode: 'hiragana', maxlength: 50 }, e.subject),
        textArea('本文', { name: 'body', value: v.values.body, rows: 5 }, e.body),
        heading('デコメ'),
        e.template ? para(`※${e.template}`) : null,
        select('文字の色', 'color', [...DECO_PALETTE], v.values.color || '#000000'),
        select('文字の大きさ', 'size', [...DECO_SIZES], v.values.size || '3'),
        select('背景の色', 'bg', [...DECO_BACKGROUNDS], v.values.bg),
        effects.length > 1 ? select('動き', 'effect', effects, v.values.effect) : null,
        select('テンプレート画像', 'template', [['', 'なし'], ...v.templates.map((t): [string, string] => [String(t.id), t.name])], v.values.template),
        v.htmlField ? textArea('デコメHTML(任意・貼り付け)', { name: 'html', value: v.values.html, rows: 3 }) : null,
        submit('プレビュー', 'preview'),
        ' ',
        submit('送信する'),
      ),
      link('/messages/templates', 'テンプレートギャラリー'),
    ],
    footer: [link('/messages', '受信箱'), h('br'), link('/', 'トップへ', { key: '0' })],
  };
}

/** The template gallery: free images, and paid ones bought once with points. */
export function galleryPage(v: { items: { id: number; name: string; price: number; usable: boolean }[]; balance: number; notice?: string }): Page {
  return {
    title: 'デコメテンプレート',
    blocks: [
      v.notice ? para(v.notice) : null,
      para(`所持ポイント ${v.balance}pt`),
      hr(),
      v.items.map((t) => [
        h('img', { src: decoImageSrc(t.id), alt: '' }),
        ` ${t.name} `,
        t.usable ? (t.price ? '購入済み' : '無料') : form({ action: `/messages/templates/${t.id}/acquire` }, submit(`${t.price}ptで購入`)),
        h('br'),
      ]),
    ],
    footer: [link('/messages', '受信箱'), h('br'), link('/', 'トップへ', { key: '0' })],
  };
}
