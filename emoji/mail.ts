/**
 * Mail text for each receiving phone, pictograms included, in the charset and pictogram form
 * its carrier adapter gives (`Carrier.mail`): e.g. docomo handset mail in Shift_JIS, au in
 * ISO-2022-JP with au's mail codes, SoftBank and PCs in UTF-8.
 */
import type { EmojiForm, MailCharset, MailFacts } from '../carriers/index.js';
import { encodeShiftJis } from './sjis.js';
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
