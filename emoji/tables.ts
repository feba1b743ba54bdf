/**
 * Runtime pictogram tables, built once from the generated emoji/data/tables.json.
 *
 * The internal (stored) form of a carrier pictogram is the Unicode emoji sequence
 * emoji-datasource pairs with it, chosen so that carrier → stored → same carrier is exact;
 * pictograms Unicode lacks are stored as one plane-15 private-use code point per carrier
 * (U+F0000 + docomo code − U+E000, U+F1000 + … au, U+F2000 + … SoftBank), which no other
 * character uses, so no information is lost.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type PictogramCarrier = 'docomo' | 'au' | 'softbank';
export const PICTOGRAM_CARRIERS: readonly PictogramCarrier[] = ['docomo', 'au', 'softbank'];

/** The shape of emoji/data/tables.json, which scripts/gen-emoji.ts generates. */
export interface Tables {
  _generated: string;
  /** carrier → rows [pua, name, sjis | webcode, extra…] */
  docomo: [string, string, string][];
  au: [string, string, string, string, number, string, string][]; // pua, name, sjis, unicode_auto, localsrc, email_sjis, email_jis
  softbank: [string, string, string, string | null][]; // pua, name, webcode, sjis_auto
  /** Every Unicode emoji sequence (fully qualified, hex), its carrier codes and short name. */
  unicode: [string, string | null, string | null, string | null, string | null, string][]; // unified, non_qualified, docomo, au, softbank, short_name
  /** carrier → pua → Unicode sequence stored for it (a round-trip-exact choice). */
  stored: Record<PictogramCarrier, Record<string, string>>;
  /**
   * carrier → pua → the Unicode sequence Unicode receivers see for a pictogram stored in its
   * private form because its emoji is another carrier's pictogram with another meaning.
   */
  unicodeOnly: Record<PictogramCarrier, Record<string, string>>;
  /** carrier → pua → per other carrier: 'p:HEX[HEX]' (pictogram codes) or 'n:text'. */
  cross: Record<PictogramCarrier, Record<string, Partial<Record<PictogramCarrier, string>>>>;
  /** carrier → pua → fallback text where it is not `[name]` (pieces of a logo spread over several codes). */
  labels: Record<PictogramCarrier, Record<string, string>>;
}

/** The fallback text for a name: in brackets unless it already has them (［ｉモード］) or is a piece of a bracketed name. */
export function labelOf(name: string, piece = false): string {
  if (piece || /^[[［].*[\]］]$/u.test(name)) return name;
  return `[${name}]`;
}

const PRIVATE_BASE: Record<PictogramCarrier, number> = { docomo: 0xf0000, au: 0xf1000, softbank: 0xf2000 };

export interface Pictogram {
  carrier: PictogramCarrier;
  /** The carrier's private-use code point (au: its `unicode` range, E468–EB88). */
  pua: number;
  name: string;
  /** What to show where no pictogram can be: plain text, not escaped (`[晴れ]`, or a logo piece). */
  label: string;
  /** What is stored for it. */
  internal: string;
  /** What Unicode receivers (PCs, smartphones) see: an emoji sequence, or null (then the label). */
  unicode: string | null;
  sjis: number | null; // docomo/au Shift_JIS code; SoftBank: the code its forms post (sjis_auto)
  auAuto: number | null; // au: code point its UTF-8 forms send
  localsrc: number | null; // au <img localsrc>
  webcode: string | null; // SoftBank: ESC $ page char SI
  mailJis: number | null; // au: the JIS code its mail uses inside ISO-2022-JP
}

export interface UnicodeEmoji {
  sequence: string;
  nonQualified: string | null;
  /** Each carrier's code(s): most are one pictogram, a few a pair written together (🏩 → docomo E669 E6EF). */
  codes: Partial<Record<PictogramCarrier, number[]>>;
  shortName: string;
}

export interface EmojiTables {
  pictograms: Record<PictogramCarrier, Map<number, Pictogram>>;
  /** Stored plane-15 form → pictogram. */
  byPrivate: Map<number, Pictogram>;
  /** Per carrier: stored form → the pictogram stored so (each carrier's stored forms are distinct). */
  byInternal: Record<PictogramCarrier, Map<string, Pictogram>>;
  /** Unicode sequence (qualified or not) → entry. */
  unicode: Map<string, UnicodeEmoji>;
  /** carrier → pua → other carrier → 'p:HEX…' | 'n:text'. */
  cross: Tables['cross'];
  sjisToPictogram: Record<PictogramCarrier, Map<number, Pictogram>>;
  auAutoToPictogram: Map<number, Pictogram>;
  webcodeToPictogram: Map<string, Pictogram>;
  /** Longest stored/Unicode token, in UTF-16 units. */
  maxTokenLength: number;
}

/** "E669-E6EF" (emoji-datasource's spelling of a pair) → [0xe669, 0xe6ef]; every code kept. */
const hexCodes = (hex: string) => hex.split('-').map((h) => Number.parseInt(h, 16));
const hexSeq = (hex: string) => String.fromCodePoint(...hex.split('-').map((h) => Number.parseInt(h, 16)));

export function privateForm(carrier: PictogramCarrier, pua: number): string {
  return String.fromCodePoint(PRIVATE_BASE[carrier] + (pua - 0xe000));
}

/** The carrier and code behind a plane-15 stored form, or null. */
export function fromPrivate(cp: number): { carrier: PictogramCarrier; pua: number } | null {
  for (const c of PICTOGRAM_CARRIERS) {
    const off = cp - PRIVATE_BASE[c];
    if (off >= 0 && off < 0x1000) return { carrier: c, pua: 0xe000 + off };
  }
  return null;
}

let tables: EmojiTables | null = null;

export function emojiTables(): EmojiTables {
  if (tables) return tables;
  const raw: Tables = JSON.parse(readFileSync(fileURLToPath(new URL('./data/tables.json', import.meta.url)), 'utf8'));
  const pictograms = { docomo: new Map(), au: new Map(), softbank: new Map() } as EmojiTables['pictograms'];
  const sjisToPictogram = { docomo: new Map(), au: new Map(), softbank: new Map() } as EmojiTables['sjisToPictogram'];
  const auAutoToPictogram = new Map<number, Pictogram>();
  const webcodeToPictogram = new Map<string, Pictogram>();
  const byPrivate = new Map<number, Pictogram>();
  const internalOf = (c: PictogramCarrier, puaHex: string) => (raw.stored[c][puaHex] ? hexSeq(raw.stored[c][puaHex]!) : privateForm(c, Number.parseInt(puaHex, 16)));
  const unicodeOf = (c: PictogramCarrier, puaHex: string) => {
    const hex = raw.stored[c][puaHex] ?? raw.unicodeOnly[c][puaHex];
    return hex ? hexSeq(hex) : null;
  };
  const byInternal = { docomo: new Map(), au: new Map(), softbank: new Map() } as EmojiTables['byInternal'];
  const labelFor = (c: PictogramCarrier, pua: string, name: string) => raw.labels[c][pua] ?? labelOf(name);
  const add = (p: Pictogram) => {
    pictograms[p.carrier].set(p.pua, p);
    byInternal[p.carrier].set(p.internal, p);
    byPrivate.set(PRIVATE_BASE[p.carrier] + (p.pua - 0xe000), p);
    if (p.sjis !== null) sjisToPictogram[p.carrier].set(p.sjis, p);
  };
  for (const [pua, name, sjis] of raw.docomo) {
    add({ carrier: 'docomo', pua: Number.parseInt(pua, 16), name, label: labelFor('docomo', pua, name), internal: internalOf('docomo', pua), unicode: unicodeOf('docomo', pua), sjis: Number.parseInt(sjis, 16), auAuto: null, localsrc: null, webcode: null, mailJis: null });
  }
  for (const [pua, name, sjis, auto, localsrc, , mailJis] of raw.au) {
    const p: Pictogram = { carrier: 'au', pua: Number.parseInt(pua, 16), name, label: labelFor('au', pua, name), internal: internalOf('au', pua), unicode: unicodeOf('au', pua), sjis: Number.parseInt(sjis, 16), auAuto: Number.parseInt(auto, 16), localsrc, webcode: null, mailJis: Number.parseInt(mailJis, 16) };
    add(p);
    auAutoToPictogram.set(p.auAuto!, p);
  }
  for (const [pua, name, webcode, auto] of raw.softbank) {
    const p: Pictogram = { carrier: 'softbank', pua: Number.parseInt(pua, 16), name, label: labelFor('softbank', pua, name), internal: internalOf('softbank', pua), unicode: unicodeOf('softbank', pua), sjis: auto ? Number.parseInt(auto, 16) : null, auAuto: null, localsrc: null, webcode: Buffer.from(webcode, 'hex').toString('latin1'), mailJis: null };
    add(p);
    webcodeToPictogram.set(p.webcode!, p);
  }
  const unicode = new Map<string, UnicodeEmoji>();
  let maxTokenLength = 2;
  for (const [uni, nq, d, a, s, short] of raw.unicode) {
    const codes: UnicodeEmoji['codes'] = {};
    if (d) codes.docomo = hexCodes(d);
    if (a) codes.au = hexCodes(a);
    if (s) codes.softbank = hexCodes(s);
    const e: UnicodeEmoji = { sequence: hexSeq(uni), nonQualified: nq ? hexSeq(nq) : null, codes, shortName: short };
    unicode.set(e.sequence, e);
    if (e.nonQualified && !unicode.has(e.nonQualified)) unicode.set(e.nonQualified, e);
    maxTokenLength = Math.max(maxTokenLength, e.sequence.length, e.nonQualified?.length ?? 0);
  }
  tables = { pictograms, byPrivate, byInternal, unicode, cross: raw.cross, sjisToPictogram, auAutoToPictogram, webcodeToPictogram, maxTokenLength };
  return tables;
}
