import MimeNode from 'nodemailer/lib/mime-node';
import { encodeMailText } from '../emoji/mail.js';
import type { PictogramCarrier } from '../emoji/tables.js';

/**
 * Deco-mail (デコメール) as each carrier's phones read it (keitai-facts §6):
 * docomo and SoftBank: multipart/mixed → multipart/related → [multipart/alternative (text/plain,
 * text/html) + inline images with Content-ID, referenced as cid:]; au: the images sit beside
 * the alternative part. HTML from the deco-mail subset only (html, head, meta, body, div, font,
 * hr, img, marquee, blink), quoted-printable; text in the charset that carries the receiving
 * carrier's pictograms (emoji/mail.ts): docomo Shift_JIS, au ISO-2022-JP, SoftBank and PCs UTF-8.
 */

export type DecoCarrier = PictogramCarrier | 'pc';

/** Sizes each carrier's mailer accepts: text + HTML bytes, and inline images. */
export const DECO_LIMITS: Record<DecoCarrier, { textAndHtml: number; images: number; imageBytes: number }> = {
  docomo: { textAndHtml: 10_000, images: 20, imageBytes: 90_000 },
  au: { textAndHtml: 10_000, images: 5, imageBytes: 90_000 },
  softbank: { textAndHtml: 30_000, images: 20, imageBytes: 270_000 },
  pc: { textAndHtml: 100_000, images: 20, imageBytes: 300_000 },
};

export const DECO_TAGS = ['html', 'head', 'meta', 'body', 'div', 'font', 'hr', 'img', 'marquee', 'blink'] as const;

export interface DecoNotice {
  from: string;
  to: string;
  subject: string;
  /** A headline in colour, then plain lines (URLs stay text: handsets link them themselves). */
  headline: string;
  lines: string[];
  /** A small decoration image (GIF), shown above the headline. */
  banner: Buffer;
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** An RFC 2047 encoded word in the receiving carrier's charset (pictograms included). */
function encodedWord(text: string, carrier: PictogramCarrier | null): string {
  const t = encodeMailText(text, carrier);
  return `=?${t.charset}?B?${t.bytes.toString('base64')}?=`;
}

function html(n: DecoNotice, charset: string, cid: string): string {
  return [
    `<html><head><meta http-equiv="Content-Type" content="text/html; charset=${charset}"></head><body>`,
    `<div align="center"><img src="cid:${cid}"></div>`,
    `<div><font color="#ff6600">${escapeHtml(n.headline)}</font></div><hr>`,
    ...n.lines.map((l) => `<div>${escapeHtml(l)}</div>`),
    '</body></html>',
  ].join('\r\n');
}

/**
 * A plain-text mail in the receiving phone's charset (docomo Shift_JIS, au ISO-2022-JP, SoftBank
 * and PCs UTF-8), subject included: what keitai-era phones read without garbling.
 */
export async function buildPlainMail(m: { from: string; to: string; subject: string; text: string }, carrier: DecoCarrier): Promise<Buffer> {
  const pc = carrier === 'pc' ? null : carrier;
  const body = encodeMailText(m.text.replace(/\r?\n/g, '\r\n'), pc);
  const root = new MimeNode(`text/plain; charset=${body.charset}`, { newline: 'win' });
  root.setHeader({ From: m.from, To: m.to, Subject: { prepared: true, value: encodedWord(m.subject, pc) }, 'MIME-Version': '1.0' });
  root.setHeader('Content-Transfer-Encoding', body.charset === 'ISO-2022-JP' ? '7bit' : 'base64');
  root.setContent(body.bytes);
  return root.build();
}

/** The whole message, ready for SMTP or the outbox. */
export async function buildDecoMail(n: DecoNotice, carrier: DecoCarrier): Promise<Buffer> {
  const pc = carrier === 'pc' ? null : carrier;
  const text = encodeMailText([n.headline, '', ...n.lines].join('\r\n'), pc);
  const cid = `banner.${Date.now().toString(36)}@ashiato`;
  const markup = encodeMailText(html(n, text.charset, cid), pc);

  const root = new MimeNode('multipart/mixed', { newline: 'win' });
  root.setHeader({ From: n.from, To: n.to, Subject: { prepared: true, value: encodedWord(n.subject, pc) }, 'MIME-Version': '1.0' });
  const holder = carrier === 'au' ? root : root.createChild('multipart/related');
  const alternative = holder.createChild('multipart/alternative');
  alternative
    .createChild(`text/plain; charset=${text.charset}`)
    .setHeader('Content-Transfer-Encoding', text.charset === 'ISO-2022-JP' ? '7bit' : 'base64')
    .setContent(text.bytes);
  alternative.createChild(`text/html; charset=${markup.charset}`).setHeader('Content-Transfer-Encoding', 'quoted-printable').setContent(markup.bytes);
  holder
    .createChild('image/gif', { filename: 'banner.gif' })
    .setHeader({ 'Content-ID': `<${cid}>`, 'Content-Disposition': 'inline; filename="banner.gif"', 'Content-Transfer-Encoding': 'base64' })
    .setContent(n.banner);
  return root.build();
}
