/**
 * Mail text for each receiving carrier, pictograms included, for the mail and deco-mail
 * capabilities: docomo handset mail in Shift_JIS, au in ISO-2022-JP with au's mail codes,
 * SoftBank and PCs in UTF-8.
 */
import { encodeShiftJis } from './sjis.js';
import { matchAt, toReceiver } from './convert.js';
import { emojiTables, type PictogramCarrier } from './tables.js';
import { transcoderFor } from './transcoder.js';

export interface MailText {
  charset: 'Shift_JIS' | 'ISO-2022-JP' | 'UTF-8';
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

/** ISO-2022-JP for au handsets: text through JIS X 0208, pictograms as au's mail JIS codes. */
function iso2022jpForAu(text: string): Buffer {
  const t = emojiTables();
  const out: number[] = [];
  let jis = false;
  const mode = (toJis: boolean) => {
    if (toJis !== jis) out.push(...(toJis ? ESC_JIS : ESC_ASCII));
    jis = toJis;
  };
  // Half-width katakana has no place in ISO-2022-JP: members' ｶﾀｶﾅ goes full-width.
  const s = text.replace(/[\uff61-\uff9f]+/g, (m) => m.normalize('NFKC'));
  for (let i = 0; i < s.length; i++) {
    const m = matchAt('au-sjis', s, i);
    if (m) {
      for (const ch of m[0]) {
        const p = t.pictograms.au.get(ch.charCodeAt(0));
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

/** The body of a mail to a handset of `carrier` (null: a PC address). */
export function encodeMailText(text: string, carrier: PictogramCarrier | null): MailText {
  if (carrier === 'docomo') return { charset: 'Shift_JIS', bytes: transcoderFor('docomo-sjis', 'Shift_JIS').encode(text) };
  if (carrier === 'au') return { charset: 'ISO-2022-JP', bytes: iso2022jpForAu(text) };
  if (carrier === 'softbank') return { charset: 'UTF-8', bytes: Buffer.from(toReceiver(text, 'softbank-utf8'), 'utf8') };
  return { charset: 'UTF-8', bytes: Buffer.from(toReceiver(text, 'unicode'), 'utf8') };
}
