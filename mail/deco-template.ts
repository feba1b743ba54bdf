import type { SimpleParserOptions } from 'mailparser';
import { carrierById, type MailFacts } from '../carriers/index.js';
import { toInternal } from '../emoji/input.js';
import { decodeMailText } from '../emoji/mail.js';
import { decoderClass, loadMailparser } from './inbound.js';

/**
 * Carrier deco-mail template files (keitai-facts §6): a short carrier preamble, then an ordinary
 * MIME entity.
 *  - docomo `.dmt` (application/x-decomail-template): first line `Decomail-Template`, root
 *    multipart/related, HTML in Shift_JIS, images by cid:, `<title>` names it (deco-mail v3).
 *  - au `.khm` (application/x-kddi-htmlmail): first line `KDDI_HTML_MAIL_1_0` / `_2_0` / `_3_0`,
 *    root multipart/mixed, HTML in ISO-2022-JP.
 *  - SoftBank `.hmt` (application/x-htmlmail-template): headers `HTMLMail-Template-Version: 1.0`
 *    and `HTMLMail-Template-Title: <Shift_JIS>`, a blank line, then root multipart/related.
 * The preamble is stripped and the rest parsed with mailparser; text is decoded with the owning
 * carrier's pictograms. The HTML is returned as found: callers sanitise it (core/decomail).
 */

export type TemplateFormat = 'dmt' | 'khm' | 'hmt';

export interface CarrierTemplate {
  format: TemplateFormat;
  title: string | null;
  html: string;
  images: { cid: string; contentType: string; bytes: Buffer }[];
}

export class UnreadableTemplate extends Error {}

const MAX_TEMPLATE_BYTES = 400 * 1024;

function preamble(raw: Buffer): { format: TemplateFormat; rest: Buffer; title: string | null; mail: MailFacts } {
  const head = raw.subarray(0, 2048).toString('latin1');
  const firstLine = /^([^\r\n]*)\r?\n/.exec(head);
  if (!firstLine) throw new UnreadableTemplate('no first line');
  const line = firstLine[1]!.trim();
  if (line === 'Decomail-Template') return { format: 'dmt', rest: raw.subarray(firstLine[0].length), title: null, mail: carrierById('docomo').mail };
  if (/^KDDI_HTML_MAIL_[123]_0$/.test(line)) return { format: 'khm', rest: raw.subarray(firstLine[0].length), title: null, mail: carrierById('au').mail };
  const hmt = /^HTMLMail-Template-Version:[^\r\n]*\r?\n(?:HTMLMail-Template-Title:([^\r\n]*)\r?\n)?\r?\n/i.exec(head);
  if (hmt) {
    const title = hmt[1] ? decodeMailText(Buffer.from(hmt[1].trim(), 'latin1'), 'Shift_JIS', carrierById('softbank').mail) : null;
    return { format: 'hmt', rest: raw.subarray(Buffer.byteLength(hmt[0], 'latin1')), title, mail: carrierById('softbank').mail };
  }
  throw new UnreadableTemplate('not a deco-mail template');
}

export async function readCarrierTemplate(raw: Buffer): Promise<CarrierTemplate> {
  if (raw.length > MAX_TEMPLATE_BYTES) throw new UnreadableTemplate('too large');
  const p = preamble(raw);
  const options = { Iconv: decoderClass(p.mail), skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true, keepCidLinks: true, maxHtmlLengthToParse: 64 * 1024 };
  let parsed;
  try {
    const { simpleParser } = await loadMailparser();
    parsed = await simpleParser(p.rest, options as unknown as SimpleParserOptions);
  } catch (e) {
    throw new UnreadableTemplate(String(e));
  }
  if (typeof parsed.html !== 'string') throw new UnreadableTemplate('no HTML part');
  const html = toInternal(parsed.html, p.mail.emojiForm);
  const title = p.title ?? (/<title>([^<]{1,100})<\/title>/i.exec(html)?.[1]?.trim() || null);
  const images = parsed.attachments.filter((a) => a.cid && /^image\//i.test(a.contentType)).map((a) => ({ cid: a.cid!, contentType: a.contentType.toLowerCase(), bytes: Buffer.from(a.content) }));
  return { format: p.format, title, html, images };
}
