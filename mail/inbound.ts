/**
 * Incoming handset mail → a post: subject, text and photos, pictograms in the stored form. The
 * MIME structure is mailparser's; every text is decoded here, by the sender's carrier (its
 * adapter's mail facts), because the same bytes are different pictograms per carrier and the
 * stock decoders drop them (emoji/mail.ts `decodeMailText`).
 */
import { Transform, type TransformCallback } from 'node:stream';
import type { SimpleParserOptions } from 'mailparser';
import type { MailFacts } from '../carriers/index.js';
import { decodeMailText } from '../emoji/mail.js';
import { toInternal } from '../emoji/input.js';
import { htmlToText } from '../core/html-text.js';

export interface HandsetMail {
  subject: string;
  text: string;
  images: Uint8Array[];
  /** Every attached part (decorations of a deco-mail included). */
  parts: number;
}

/** Raised when the message cannot be read as MIME at all. */
export class MalformedMail extends Error {
  constructor(cause?: unknown) {
    super('malformed mail', { cause });
    this.name = 'MalformedMail';
  }
}

const IMAGE_TYPES = new Set(['image/jpeg', 'image/pjpeg', 'image/jpg', 'image/gif', 'image/png', 'image/x-png']);

let mailparser: Promise<typeof import('mailparser')> | undefined;
/** mailparser, loaded on the first mail read (a fifth of a second to load; most processes read none). */
export function loadMailparser(): Promise<typeof import('mailparser')> {
  return (mailparser ??= import('mailparser'));
}

/** mailparser's charset hook (its `Iconv` option): the whole part, decoded once at its end. */
export function decoderClass(mail: Pick<MailFacts, 'charset' | 'emojiForm'>) {
  return class CarrierDecoder extends Transform {
    private chunks: Buffer[] = [];
    constructor(private readonly from: string, _to: string) {
      super();
    }
    override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
      this.chunks.push(chunk);
      done();
    }
    override _flush(done: TransformCallback): void {
      done(null, Buffer.from(decodeMailText(Buffer.concat(this.chunks), this.from, mail), 'utf8'));
    }
  };
}

/** The raw header block, unfolded, as bytes per line (8-bit subjects kept byte for byte). */
function rawHeader(raw: Buffer, name: string): Buffer | null {
  let end = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (end < 0 || (lf >= 0 && lf < end)) end = lf;
  const head = raw.subarray(0, end < 0 ? Math.min(raw.length, 64 * 1024) : end).toString('latin1').replace(/\r?\n[ \t]/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line === undefined ? null : Buffer.from(line.slice(name.length + 1).trim(), 'latin1');
}

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

/** A header value: RFC 2047 words (runs in one charset joined before decoding: phones split JIS mid-escape) and raw 8-bit text. */
export function decodeHeader(value: Buffer, mail: Pick<MailFacts, 'charset' | 'emojiForm'>): string {
  const s = value.toString('latin1');
  let out = '';
  let last = 0;
  let run: { charset: string; bytes: Buffer[] } | null = null;
  const flushRun = () => {
    if (run) out += decodeMailText(Buffer.concat(run.bytes), run.charset.replace(/\*.*$/, ''), mail);
    run = null;
  };
  for (const m of s.matchAll(ENCODED_WORD)) {
    const between = s.slice(last, m.index);
    if (!/^\s*$/.test(between) || last === 0) {
      flushRun();
      out += decodeMailText(Buffer.from(between, 'latin1'), null, mail);
    }
    const bytes = m[2]!.toUpperCase() === 'B' ? Buffer.from(m[3]!, 'base64') : Buffer.from(m[3]!.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))), 'latin1');
    const current = run as { charset: string; bytes: Buffer[] } | null;
    if (current && current.charset.toLowerCase() === m[1]!.toLowerCase()) current.bytes.push(bytes);
    else {
      flushRun();
      run = { charset: m[1]!, bytes: [bytes] };
    }
    last = m.index + m[0].length;
  }
  flushRun();
  out += decodeMailText(Buffer.from(s.slice(last), 'latin1'), null, mail);
  return out;
}

/**
 * Reads a mail as the phone of `mail` sent it. Plain text parts are the text; a deco-mail with
 * only HTML gives its text (markup dropped by core/html-text.ts). JPEG/GIF/PNG parts that are
 * not a deco-mail's inline decorations are the photos.
 */
export async function readHandsetMail(raw: Buffer, mail: Pick<MailFacts, 'charset' | 'emojiForm'>): Promise<HandsetMail> {
  // A message must open with a header line; anything else is not a mail.
  if (!/^[!-9;-~]+:/.test(raw.subarray(0, 200).toString('latin1'))) throw new MalformedMail();
  const options = { Iconv: decoderClass(mail), skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true, maxHtmlLengthToParse: 256 * 1024 };
  let parsed;
  try {
    const { simpleParser } = await loadMailparser();
    parsed = await simpleParser(raw, options as unknown as SimpleParserOptions);
  } catch (e) {
    throw new MalformedMail(e);
  }
  const subjectRaw = rawHeader(raw, 'subject');
  const subject = subjectRaw ? decodeHeader(subjectRaw, mail) : '';
  // Parts mailparser passes through undecoded (UTF-8) still carry the carrier's private-use codes.
  let text = typeof parsed.text === 'string' ? toInternal(parsed.text, mail.emojiForm) : '';
  if (!text.trim() && typeof parsed.html === 'string') text = toInternal(htmlToText(parsed.html), mail.emojiForm);
  const hasHtml = typeof parsed.html === 'string';
  const images = parsed.attachments
    .filter((a) => IMAGE_TYPES.has(a.contentType.toLowerCase()))
    // Inline pictures of a deco-mail's HTML are decoration; a photo is attached beside the text.
    .filter((a) => !(hasHtml && a.related && a.cid && (parsed.html as string).includes(`cid:${a.cid}`)))
    .map((a) => new Uint8Array(a.content));
  return { subject, text, images, parts: parsed.attachments.length };
}
