import MimeNode from 'nodemailer/lib/mime-node';
import type { MailFacts } from '../carriers/index.js';
import { encodeMailText } from '../emoji/mail.js';
import { escapeHtml } from '../templates/escape.js';
import { decoText, type DecoDoc } from '../core/decomail/model.js';
import { decoBgAttr, decoBodyHtml, templateCid } from './deco-message.js';

/**
 * Deco-mail (デコメール) as each carrier's phones read it (keitai-facts §6), in the layout the
 * receiving carrier's adapter names (`Carrier.mail.decoLayout`): `related` (docomo, SoftBank) is
 * multipart/mixed → multipart/related → [multipart/alternative (text/plain, text/html) + inline
 * images with Content-ID, referenced as cid:]; `beside` (au) puts the images beside the
 * alternative part. HTML from the deco-mail subset only (html, head, meta, body, div, font, hr,
 * img, marquee, blink), quoted-printable; text in the charset that carries the receiving
 * carrier's pictograms (`Carrier.mail.charset`, emoji/mail.ts). Size limits: `mail.decoLimits`.
 */

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
  /** A member's decorated message, shown under the headline with its gallery images inline. */
  decorated?: { doc: DecoDoc; images: { id: number; gif: Buffer }[] };
}


/** An RFC 2047 encoded word in the receiving carrier's charset (pictograms included). */
function encodedWord(text: string, mail: MailFacts): string {
  const t = encodeMailText(text, mail);
  return `=?${t.charset}?B?${t.bytes.toString('base64')}?=`;
}

function html(n: DecoNotice, charset: string, cid: string): string {
  return [
    `<html><head><meta http-equiv="Content-Type" content="text/html; charset=${charset}"></head><body${n.decorated ? decoBgAttr(n.decorated.doc) : ''}>`,
    `<div align="center"><img src="cid:${cid}"></div>`,
    `<div><font color="#ff6600">${escapeHtml(n.headline)}</font></div><hr>`,
    ...(n.decorated ? [decoBodyHtml(n.decorated.doc), '<hr>'] : []),
    ...n.lines.map((l) => `<div>${escapeHtml(l)}</div>`),
    '</body></html>',
  ].join('\r\n');
}

/**
 * A plain-text mail in the receiving phone's charset (docomo Shift_JIS, au ISO-2022-JP, SoftBank
 * and PCs UTF-8), subject included: what keitai-era phones read without garbling.
 */
export async function buildPlainMail(m: { from: string; to: string; subject: string; text: string }, mail: MailFacts): Promise<Buffer> {
  const body = encodeMailText(m.text.replace(/\r?\n/g, '\r\n'), mail);
  const root = new MimeNode(`text/plain; charset=${body.charset}`, { newline: 'win' });
  root.setHeader({ From: m.from, To: m.to, Subject: { prepared: true, value: encodedWord(m.subject, mail) }, 'MIME-Version': '1.0' });
  root.setHeader('Content-Transfer-Encoding', body.charset === 'ISO-2022-JP' ? '7bit' : 'base64');
  root.setContent(body.bytes);
  return root.build();
}

/** The whole message, ready for SMTP or the outbox. */
export async function buildDecoMail(n: DecoNotice, mail: MailFacts): Promise<Buffer> {
  const text = encodeMailText([n.headline, '', ...(n.decorated ? [decoText(n.decorated.doc), ''] : []), ...n.lines].join('\r\n'), mail);
  const cid = `banner.${Date.now().toString(36)}@ashiato`;
  // The HTML part is markup: pictogram names that go into it are escaped like its text.
  const markup = encodeMailText(html(n, text.charset, cid), mail, 'markup');

  const root = new MimeNode('multipart/mixed', { newline: 'win' });
  root.setHeader({ From: n.from, To: n.to, Subject: { prepared: true, value: encodedWord(n.subject, mail) }, 'MIME-Version': '1.0' });
  const holder = mail.decoLayout === 'beside' ? root : root.createChild('multipart/related');
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
  // Gallery images of a decorated message, each once, beside the banner (the carrier's layout).
  for (const img of n.decorated?.images ?? []) {
    holder
      .createChild('image/gif', { filename: `tpl${img.id}.gif` })
      .setHeader({ 'Content-ID': `<${templateCid(img.id)}>`, 'Content-Disposition': `inline; filename="tpl${img.id}.gif"`, 'Content-Transfer-Encoding': 'base64' })
      .setContent(img.gif);
  }
  return root.build();
}
