/**
 * Pictograms in and out: carrier forms → the stored form on input, and the stored form → each
 * receiver's own form on output (its pictogram, the nearest pictogram from the cross-carrier
 * map, or the pictogram's name in brackets — never "?").
 */
import type { EmojiForm } from '../carriers/index.js';
import { emojiTables, fromPrivate, privateForm, type PictogramCarrier } from './tables.js';
import { encodeShiftJis } from './sjis.js';

/** True for a character Shift_JIS handsets have in their fonts (it encodes to something other than 〓). */
function inCp932(ch: string): boolean {
  const b = encodeShiftJis(ch);
  return !(b.length === 2 && b[0] === 0x81 && b[1] === 0xac);
}

/** Shown for a private-use character whose meaning is unknown (another carrier's, or a PC's). */
export const GETA = '\u3013';

export function carrierOfForm(form: EmojiForm): PictogramCarrier | null {
  if (form === 'docomo-sjis') return 'docomo';
  if (form === 'au-sjis') return 'au';
  if (form === 'softbank-utf8' || form === 'softbank-webcode') return 'softbank';
  return null;
}

// ---------------------------------------------------------------------------------------
// Output

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Fallback names go into already-escaped markup, so they are escaped here (some are `<<`, `"!"`). */
const escapeName = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c]!);

interface Receiver {
  map: Map<string, string>;
  /** For each first UTF-16 unit of a token: the token lengths starting with it, longest first. */
  lengths: (number[] | undefined)[];
}

const receivers = new Map<EmojiForm, Receiver>();

function buildReceiver(form: EmojiForm): Receiver {
  const t = emojiTables();
  const target = carrierOfForm(form);
  const emit = (puas: number[]): string => {
    if (form === 'softbank-webcode') return puas.map((p) => t.pictograms.softbank.get(p)?.webcode ?? GETA).join('');
    return String.fromCharCode(...puas);
  };
  const viaCross = (from: PictogramCarrier, pua: number): string | null => {
    const spec = target ? t.cross[from][pua.toString(16).toUpperCase()]?.[target] : undefined;
    if (!spec) return null;
    if (spec.startsWith('p:')) return emit(spec.slice(2).match(/.{4}/g)!.map((h) => Number.parseInt(h, 16)));
    const name = spec.slice(2);
    if (!name || name.includes(GETA)) return null; // the map says "nothing": use our own name
    return escapeName(name.startsWith('[') ? name : `[${name}]`);
  };
  const map = new Map<string, string>();
  // Stored plane-15 forms (and the private forms of pictograms that have a Unicode equivalent).
  for (const c of ['docomo', 'au', 'softbank'] as const) {
    for (const p of t.pictograms[c].values()) {
      const token = privateForm(c, p.pua);
      let out: string;
      if (!target) out = p.internal !== token ? p.internal : escapeName(`[${p.name}]`);
      else if (c === target) out = emit([p.pua]);
      else out = viaCross(c, p.pua) ?? escapeName(`[${p.name}]`);
      map.set(token, out);
    }
  }
  // Unicode emoji: unchanged for Unicode receivers; otherwise the carrier's own code, the
  // cross-carrier neighbour of another carrier's code, or a name.
  if (target) {
    for (const [token, e] of t.unicode) {
      const own = e.codes[target];
      if (own !== undefined && t.pictograms[target].has(own)) {
        map.set(token, emit([own]));
        continue;
      }
      // ♀ and ♂ are ordinary JIS characters every handset font has: keep them as text.
      const base = e.nonQualified ?? e.sequence.replace(/\uFE0F/g, '');
      if (base.length === 1 && inCp932(base)) {
        map.set(token, base);
        continue;
      }
      let out: string | null = null;
      let name: string | null = null;
      for (const c of ['docomo', 'au', 'softbank'] as const) {
        const code = e.codes[c];
        const p = code !== undefined ? t.pictograms[c].get(code) : undefined;
        if (!p) continue;
        name ??= escapeName(`[${p.name}]`);
        const via = viaCross(c, p.pua);
        if (via && !via.startsWith('[')) {
          // A pictogram from the cross map beats any name.
          out = via;
          break;
        }
        name = via ?? name;
      }
      map.set(token, out ?? name ?? escapeName(`[${e.shortName.replace(/_/g, ' ')}]`));
    }
  }
  const lengths: (number[] | undefined)[] = new Array(65536);
  for (const token of map.keys()) {
    const list = (lengths[token.charCodeAt(0)] ??= []);
    if (!list.includes(token.length)) list.push(token.length);
  }
  for (const list of lengths) list?.sort((a, b) => b - a);
  return { map, lengths };
}

function receiverFor(form: EmojiForm): Receiver {
  let r = receivers.get(form);
  if (!r) {
    r = buildReceiver(form);
    receivers.set(form, r);
  }
  return r;
}

/**
 * The receiver's form of the token at `i`, with the token's length in UTF-16 units; null when
 * no token starts there. Keycaps start with an ASCII digit, # or *, so ASCII only counts when
 * a combining mark follows.
 */
export function matchAt(form: EmojiForm, text: string, i: number): [string, number] | null {
  const { map, lengths } = receiverFor(form);
  const c = text.charCodeAt(i);
  const list = lengths[c];
  if (!list) return null;
  if (c < 0x80) {
    const d = text.charCodeAt(i + 1);
    if (d !== 0xfe0f && d !== 0x20e3) return null;
  }
  for (const len of list) {
    if (i + len > text.length) continue;
    const rep = map.get(len === 1 ? text[i]! : text.substr(i, len));
    if (rep !== undefined) return [rep, len];
  }
  return null;
}

/** Rewrites stored text for one receiver (its pictogram codes are left as private-use characters for the encoder). */
export function toReceiver(text: string, form: EmojiForm): string {
  const { lengths } = receiverFor(form);
  const n = text.length;
  let out = '';
  let last = 0;
  for (let i = 0; i < n; i++) {
    if (lengths[text.charCodeAt(i)] === undefined) continue;
    const m = matchAt(form, text, i);
    if (m) {
      out += text.slice(last, i) + m[0];
      i += m[1] - 1;
      last = i + 1;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

/** Flags for UTF-16 units that may start a token of this receiver (for the Shift_JIS encoder). */
export function tokenStarts(form: EmojiForm): Uint8Array {
  const { lengths } = receiverFor(form);
  const flags = new Uint8Array(65536);
  lengths.forEach((l, c) => {
    if (l) flags[c] = 1;
  });
  return flags;
}

/** Invisible joiners and variation selectors left over once pictograms are replaced. */
export function isEmojiFormatCharacter(c: number): boolean {
  return c === 0xfe0f || c === 0xfe0e || c === 0x200d;
}

// ---------------------------------------------------------------------------------------
// Input

/** For the Shift_JIS decoder: a user-defined-area code from this carrier → stored form. */
export function sjisPictogramDecoder(form: EmojiForm): ((code: number) => string | undefined) | undefined {
  const carrier = carrierOfForm(form);
  if (!carrier) return undefined;
  const table = emojiTables().sjisToPictogram[carrier];
  return (code) => table.get(code)?.internal;
}

// A webcode is ESC $ page chars… SI; one whose SI is missing (cut short) is taken to hold a
// single pictogram, so the text after it is not swallowed. A stray ESC is dropped.
const INPUT = /[\uE000-\uF8FF]|&#(?:x([0-9A-Fa-f]{4})|(\d{5}));|\x1b\$([GEFOPQ])(?:([\x21-\x7e]+?)\x0f|([\x21-\x7e]?))|\x1b/g;

/**
 * Turns carrier pictograms that arrive as characters — private-use code points (SoftBank and
 * au UTF-8 forms), numeric character references, SoftBank webcodes — into the stored form.
 * A private-use character of another carrier becomes 〓; the text around it is kept.
 */
export function toInternal(text: string, form: EmojiForm): string {
  if (!/[\uE000-\uF8FF\x1b&]/.test(text)) return text;
  const t = emojiTables();
  const carrier = carrierOfForm(form);
  const lookup = (cp: number): string | undefined => {
    if (!carrier) return undefined;
    const p = t.pictograms[carrier].get(cp) ?? (carrier === 'au' ? t.auAutoToPictogram.get(cp) : undefined);
    return p?.internal;
  };
  return text.replace(INPUT, (m, hex: string | undefined, dec: string | undefined, page: string | undefined, chars: string | undefined, cut: string | undefined) => {
    if (m === '\x1b') return '';
    if (page !== undefined) {
      if (carrier !== 'softbank') return '';
      return [...(chars ?? cut ?? '')].map((ch) => t.webcodeToPictogram.get(`\x1b$${page}${ch}\x0f`)?.internal ?? GETA).join('');
    }
    if (hex !== undefined || dec !== undefined) return lookup(hex !== undefined ? Number.parseInt(hex, 16) : Number(dec)) ?? m;
    return lookup(m.charCodeAt(0)) ?? GETA;
  });
}

/** The plain-text name of a stored pictogram (for mail subjects, logs, search snippets). */
export function pictogramName(token: string): string | null {
  const t = emojiTables();
  const priv = fromPrivate(token.codePointAt(0) ?? 0);
  if (priv) return t.pictograms[priv.carrier].get(priv.pua)?.name ?? null;
  const e = t.unicode.get(token);
  if (!e) return null;
  for (const c of ['docomo', 'au', 'softbank'] as const) {
    const code = e.codes[c];
    const p = code !== undefined ? t.pictograms[c].get(code) : undefined;
    if (p) return p.name;
  }
  return e.shortName;
}
