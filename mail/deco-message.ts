import { CARRIERS, type DecoLimits, type MailFacts } from '../carriers/index.js';
import { encodeMailText } from '../emoji/mail.js';
import { escapeHtml } from '../templates/escape.js';
import { decoText, type DecoDoc, type DecoRun } from '../core/decomail/model.js';

/**
 * A member's decorated message as deco-mail HTML: written here from the checked document (never
 * from what the member sent), in the deco-mail subset only — a `<div>` per line, `<font color
 * size>`, `<blink>`, `<marquee>`, `<hr>`, gallery images by `cid:`. Colours and sizes are
 * re-checked, text escaped.
 */

const HEX = /^#[0-9a-f]{6}$/;

export function templateCid(id: number): string {
  return `tpl${id}@ashiato`;
}

function run(r: DecoRun): string {
  if (r.t === 'img') return `<img src="cid:${templateCid(r.template)}">`;
  if (r.t !== 'text') return '';
  let s = escapeHtml(r.text);
  const color = r.color && HEX.test(r.color) ? ` color="${r.color}"` : '';
  const size = r.size && Number.isInteger(r.size) && r.size >= 1 && r.size <= 7 ? ` size="${r.size}"` : '';
  if (color || size) s = `<font${color}${size}>${s}</font>`;
  if (r.blink) s = `<blink>${s}</blink>`;
  if (r.marquee) s = `<marquee>${s}</marquee>`;
  return s;
}

/** The body's inner HTML (lines as divisions, rules as <hr>). */
export function decoBodyHtml(doc: DecoDoc): string {
  const out: string[] = [];
  let line = '';
  const flush = () => {
    out.push(`<div>${line}</div>`);
    line = '';
  };
  for (const r of doc.runs) {
    if (r.t === 'br') flush();
    else if (r.t === 'hr') {
      if (line) flush();
      out.push('<hr>');
    } else line += run(r);
  }
  if (line) flush();
  return out.join('\r\n');
}

export function decoBgAttr(doc: DecoDoc): string {
  return doc.bg && HEX.test(doc.bg) ? ` bgcolor="${doc.bg}"` : '';
}

/** The smallest of every carrier's limits: what a mail to an unknown phone must fit. */
function strictest(): DecoLimits {
  const all = CARRIERS.map((c) => c.mail.decoLimits);
  return { textAndHtml: Math.min(...all.map((l) => l.textAndHtml)), images: Math.min(...all.map((l) => l.images)), imageBytes: Math.min(...all.map((l) => l.imageBytes)) };
}

/**
 * Whether a decorated message fits the receiving carrier's deco-mail (keitai-facts §6: text +
 * HTML bytes, image count and bytes, the notice's banner included); the reason in Japanese, or
 * null. `mail` null: the recipient's phone is unknown, so every carrier's limit applies.
 */
export function decoProblem(doc: DecoDoc, images: { gif: Buffer }[], mail: MailFacts | null, bannerBytes: number): string | null {
  const limits = mail ? mail.decoLimits : strictest();
  const facts = mail ?? CARRIERS[0]!.mail;
  const text = encodeMailText(decoText(doc), facts).bytes.length;
  const html = encodeMailText(`<html><head><meta http-equiv="Content-Type" content="text/html"></head><body${decoBgAttr(doc)}>${decoBodyHtml(doc)}</body></html>`, facts, 'markup').bytes.length;
  // Room kept for the notice's own lines and headers around the message.
  if (text + html + 600 > limits.textAndHtml) return `デコメールが大きすぎます(相手の機種では文字と装飾で${limits.textAndHtml.toLocaleString('en')}バイトまで)`;
  if (images.length + 1 > limits.images) return `画像が多すぎます(相手の機種では${limits.images - 1}枚まで)`;
  if (images.reduce((n, i) => n + i.gif.length, bannerBytes) > limits.imageBytes) return `画像が大きすぎます(相手の機種では合計${Math.floor(limits.imageBytes / 1000)}KBまで)`;
  return null;
}
