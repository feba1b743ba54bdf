/**
 * Pictograms in: carrier forms that arrive as characters or Shift_JIS codes → the stored form.
 * (Out, the stored form → each receiver's own form, is emoji/convert.ts.)
 */
import type { EmojiForm } from '../../../carriers/index.js';
import { emojiTables } from '../../../emoji/tables.js';
import { carrierOfForm, GETA } from './convert.js';

/** For the Shift_JIS decoder: a user-defined-area code from this carrier → stored form. */
export function sjisPictogramDecoder(form: EmojiForm): ((code: number) => string | undefined) | undefined {
  const carrier = carrierOfForm(form);
  if (!carrier) return undefined;
  // Codes F000–FBFF in an array: an index instead of a hash lookup per pictogram.
  const byCode: (string | undefined)[] = new Array(0x0c00);
  for (const [code, p] of emojiTables().sjisToPictogram[carrier]) if (code >= 0xf000 && code < 0xfc00) byCode[code - 0xf000] = p.internal;
  return (code) => (code >= 0xf000 && code < 0xfc00 ? byCode[code - 0xf000] : undefined);
}

/** Per input form: private-use code unit (U+E000–U+F8FF) → stored form. */
const puaInputs = new Map<string, (string | undefined)[]>();

function puaInputFor(form: EmojiForm): (string | undefined)[] {
  const key = carrierOfForm(form) ?? 'none';
  let table = puaInputs.get(key);
  if (!table) {
    table = new Array(0x1900);
    const carrier = carrierOfForm(form);
    const t = emojiTables();
    if (carrier) {
      if (carrier === 'au') for (const [cp, p] of t.auAutoToPictogram) if (cp >= 0xe000 && cp <= 0xf8ff) table[cp - 0xe000] = p.internal;
      for (const [cp, p] of t.pictograms[carrier]) if (cp >= 0xe000 && cp <= 0xf8ff) table[cp - 0xe000] = p.internal;
    }
    puaInputs.set(key, table);
  }
  return table;
}

// A webcode is ESC $ page chars… SI; one whose SI is missing (cut short) is taken to hold a
// single pictogram, so the text after it is not swallowed. A stray ESC is dropped.
const WEBCODE = /\x1b\$([GEFOPQ])(?:([\x21-\x7e]+?)\x0f|([\x21-\x7e]?))|\x1b/y;
const NCR = /&#(?:x([0-9A-Fa-f]{4})|(\d{5}));/y;
const ANY_INPUT = /[\uE000-\uF8FF\x1b&]/;

/**
 * Turns carrier pictograms that arrive as characters — private-use code points (SoftBank and
 * au UTF-8 forms), numeric character references, SoftBank webcodes — into the stored form.
 * A private-use character of another carrier becomes 〓; the text around it is kept.
 */
export function toInternal(text: string, form: EmojiForm): string {
  // Nothing to do in most texts: the regex engine finds the first unit that could start anything.
  let i = text.search(ANY_INPUT);
  if (i < 0) return text;
  const n = text.length;
  const table = puaInputFor(form);
  const carrier = carrierOfForm(form);
  const t = emojiTables();
  let out = '';
  let last = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xe000 && c <= 0xf8ff) {
      out += text.slice(last, i) + (table[c - 0xe000] ?? GETA);
      last = i + 1;
    } else if (c === 0x26) {
      NCR.lastIndex = i;
      const m = NCR.exec(text);
      if (!m) continue;
      const cp = m[1] !== undefined ? Number.parseInt(m[1], 16) : Number(m[2]);
      const rep = cp >= 0xe000 && cp <= 0xf8ff ? table[cp - 0xe000] : undefined;
      if (rep === undefined) continue; // not a pictogram of this carrier: the reference stays as written
      out += text.slice(last, i) + rep;
      i += m[0].length - 1;
      last = i + 1;
    } else if (c === 0x1b) {
      WEBCODE.lastIndex = i;
      const m = WEBCODE.exec(text)!; // a lone ESC always matches
      let rep = '';
      if (m[1] !== undefined && carrier === 'softbank') {
        for (const ch of m[2] ?? m[3] ?? '') rep += t.webcodeToPictogram.get(`\x1b$${m[1]}${ch}\x0f`)?.internal ?? GETA;
      }
      out += text.slice(last, i) + rep;
      i += m[0].length - 1;
      last = i + 1;
    }
  }
  return out + text.slice(last);
}
