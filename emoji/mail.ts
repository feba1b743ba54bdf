/**
 * Mail text for each receiving phone, pictograms included, in the charset and pictogram form
 * its carrier adapter gives (`Carrier.mail`): e.g. docomo handset mail in Shift_JIS, au in
 * ISO-2022-JP with au's mail codes, SoftBank and PCs in UTF-8.
 */
import type { EmojiForm, MailCharset, MailFacts } from '../carriers/index.js';
import iconv from 'iconv-lite';
import { decodeShiftJis, encodeShiftJis, MalformedInputError } from './sjis.js';
import { sjisPictogramDecoder, toInternal } from './input.js';
import { carrierOfForm, matcherFor, toReceiver, type OutputKind } from './convert.js';
import { emojiTables } from './tables.js';
import { transcoderFor } from './transcoder.js';

export interface MailText {
  charset: MailCharset;
  bytes: Buffer;
}

const ESC_JIS = [0x1b, 0x24, 0x42]; // ESC $ B: JIS X 0208
const ESC_ASCII = [0x1b, 0x28, 0x42]; // ESC ( B

/** Shift_JIS double-byte code → JIS X 0208 row/cell bytes. */
export function sjisToJis(s1: number, s2: number): [number, number] {
  const row = s1 < 0xa0 ? (s1 - 0x81) << 1 : (s1 - 0xc1) << 1;
  if (s2 < 0x9f) return [row + 0x21, s2 > 0x7f ? s2 - 0x20 : s2 - 0x1f];
  return [row + 0x22, s2 - 0x7e];
}

/** ISO-2022-JP (au handsets): text through JIS X 0208, pictograms as their family's mail JIS codes. */
function iso2022jp(text: string, form: EmojiForm, kind: OutputKind): Buffer {
  const family = carrierOfForm(form);
  const own = family ? emojiTables().pictograms[family] : null;
  const match = own ? matcherFor(form, kind) : null;
  const out: number[] = [];
  let jis = false;
  const mode = (toJis: boolean) => {
    if (toJis !== jis) out.push(...(toJis ? ESC_JIS : ESC_ASCII));
    jis = toJis;
  };
  // Half-width katakana has no place in ISO-2022-JP: members' ｶﾀｶﾅ goes full-width.
  const s = text.replace(/[\uff61-\uff9f]+/g, (m) => m.normalize('NFKC'));
  for (let i = 0; i < s.length; i++) {
    const m = match ? match(s, i) : null;
    if (m) {
      for (const ch of m[0]) {
        const p = own!.get(ch.charCodeAt(0));
        if (p?.mailJis) {
          mode(true);
          out.push(p.mailJis >> 8, p.mailJis & 0xff);
        } else writeText(ch);
      }
      i += m[1] - 1;
      continue;
    }
    writeText(s[i]!);
  }
  mode(false);
  return Buffer.from(out);

  function writeText(ch: string) {
    const b = encodeShiftJis(ch);
    if (b.length === 1) {
      mode(false);
      out.push(b[0]!);
    } else {
      mode(true);
      out.push(...sjisToJis(b[0]!, b[1]!));
    }
  }
}

/**
 * Mail text for a phone whose carrier's mail is `mail` (a carrier adapter's `mail`). Plain text
 * (a body, a Subject) by default: pictogram names go in as they are (`[<]`); the HTML part of a
 * deco-mail is 'markup', where they are escaped like the text around them.
 */
export function encodeMailText(text: string, mail: Pick<MailFacts, 'charset' | 'emojiForm'>, kind: OutputKind = 'text'): MailText {
  const { charset, emojiForm } = mail;
  if (charset === 'Shift_JIS') return { charset, bytes: transcoderFor(emojiForm, 'Shift_JIS', kind).encode(text) };
  if (charset === 'ISO-2022-JP') return { charset, bytes: iso2022jp(text, emojiForm, kind) };
  return { charset, bytes: Buffer.from(toReceiver(text, emojiForm, kind), 'utf8') };
}

// ---------------------------------------------------------------------------------------------
// The decoding side: mail as phones sent it → text with pictograms in the stored form.

/** au's mail JIS codes (rows 75–7B, unassigned in JIS X 0208) → stored form. */
let auMailJis: Map<number, string> | null = null;
function auMailJisMap(): Map<number, string> {
  if (!auMailJis) {
    auMailJis = new Map();
    for (const p of emojiTables().pictograms.au.values()) if (p.mailJis) auMailJis.set(p.mailJis, p.internal);
  }
  return auMailJis;
}

/** Bad bytes after which the rest of a part is decoded without pictograms, in one linear pass. */
const MAX_BAD_BYTES = 16;

/**
 * Shift_JIS with this form's pictograms; a byte that is not Shift_JIS becomes U+FFFD (mail is not
 * refused for it). Each strict attempt scans what is left, so after MAX_BAD_BYTES the rest (by
 * then not a phone's text) goes through iconv's lenient CP932 in one pass: a 2 MB mail of bad
 * bytes costs milliseconds, not minutes of a blocked gateway.
 */
function lenientShiftJis(bytes: Uint8Array, form: EmojiForm): string {
  const pictogram = sjisPictogramDecoder(form);
  let out = '';
  let rest = bytes;
  for (let bad = 0; ; bad++) {
    if (bad >= MAX_BAD_BYTES) return out + iconv.decode(Buffer.from(rest.buffer, rest.byteOffset, rest.byteLength), 'cp932');
    try {
      return out + decodeShiftJis(rest, pictogram);
    } catch (e) {
      if (!(e instanceof MalformedInputError)) throw e;
      out += decodeShiftJis(rest.subarray(0, e.offset), pictogram) + '\ufffd';
      rest = rest.subarray(e.offset + 1);
    }
  }
}

/** JIS X 0208 row/cell → Shift_JIS bytes (the inverse of sjisToJis). */
function jisToSjis(j1: number, j2: number): [number, number] {
  const s1 = ((j1 + 1) >> 1) + (j1 <= 0x5e ? 0x70 : 0xb0);
  const s2 = j1 & 1 ? j2 + (j2 >= 0x60 ? 0x20 : 0x1f) : j2 + 0x7e;
  return [s1, s2];
}

/** ISO-2022-JP as au (and others) sent it: JIS X 0208, half-width kana (ESC ( I), au mail pictogram codes. */
function decodeIso2022jp(bytes: Uint8Array, form: EmojiForm): string {
  const pictos = auMailJisMap();
  let out = '';
  let sjis: number[] = [];
  const flush = () => {
    if (sjis.length) out += lenientShiftJis(Uint8Array.from(sjis), form);
    sjis = [];
  };
  let mode: 'ascii' | 'jis' | 'kana' = 'ascii';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x1b) {
      const seq = String.fromCharCode(bytes[i + 1] ?? 0, bytes[i + 2] ?? 0);
      if (seq === '$B' || seq === '$@') mode = 'jis';
      else if (seq === '(I') mode = 'kana';
      else if (seq === '(B' || seq === '(J') mode = 'ascii';
      else continue; // a stray ESC is dropped
      i += 2;
      continue;
    }
    if (b === 0x0a || b === 0x0d) {
      mode = 'ascii'; // a line never continues a shift (phones that forget ESC ( B at line ends)
      sjis.push(b);
    } else if (mode === 'jis' && b >= 0x21 && b <= 0x7e && i + 1 < bytes.length) {
      const code = (b << 8) | bytes[i + 1]!;
      const p = pictos.get(code);
      if (p !== undefined) {
        flush();
        out += p;
      } else sjis.push(...jisToSjis(b, bytes[i + 1]!));
      i++;
    } else if (mode === 'kana' && b >= 0x21 && b <= 0x5f) sjis.push(b + 0x80);
    else sjis.push(b);
  }
  flush();
  return out;
}

const SJIS_NAMES = /^(shiftjis|sjis|xsjis|windows31j|cp932|mskanji|csshiftjis|xsjisdocomo|xsjiskddi|xsjissoftbank)$/;
const JIS_NAMES = /^(iso2022jp|csiso2022jp|iso2022jp1|iso2022jp2|iso2022jp3|xiso2022jpkddi)$/;

/**
 * Mail text as a phone of this carrier sent it (`mail` is the sender's adapter's mail facts),
 * decoded to stored text: docomo/Willcom Shift_JIS pictogram bytes, au ISO-2022-JP mail codes,
 * SoftBank UTF-8 private use (and webcodes). Mail that declares ISO-2022-JP or no charset but
 * carries 8-bit bytes (some Willcom and docomo handsets) is read as Shift_JIS; bytes that fit no
 * charset become U+FFFD: a mail is never refused for its text.
 */
export function decodeMailText(bytes: Uint8Array, declared: string | null | undefined, mail: Pick<MailFacts, 'charset' | 'emojiForm'>): string {
  const name = (declared ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
  const eightBit = bytes.some((b) => b >= 0x80);
  // Mail from an address that is not handset mail (a PC, a forwarding service) still carries the
  // pictograms of the phone that wrote it: Shift_JIS ones are read as docomo's, UTF-8 private use as SoftBank's.
  const known = carrierOfForm(mail.emojiForm) !== null;
  const form: EmojiForm = known ? mail.emojiForm : SJIS_NAMES.test(name) || (eightBit && !isUtf8(bytes)) ? 'docomo-sjis' : 'softbank-utf8';
  if (SJIS_NAMES.test(name)) return lenientShiftJis(bytes, form);
  if (JIS_NAMES.test(name) || (!name && !eightBit) || name === 'usascii' || name === 'ascii') {
    if (!eightBit) return decodeIso2022jp(bytes, form);
    return mail.charset === 'UTF-8' && isUtf8(bytes) ? toInternal(Buffer.from(bytes).toString('utf8'), form) : lenientShiftJis(bytes, form);
  }
  if (name === 'utf8' || (!name && isUtf8(bytes))) return toInternal(Buffer.from(bytes).toString('utf8'), form);
  if (!name) return lenientShiftJis(bytes, form);
  if (iconv.encodingExists(name) && !/^utf7|^base64$|^hex$/.test(name)) return toInternal(iconv.decode(Buffer.from(bytes), name), form);
  return Buffer.from(bytes).toString('utf8');
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
