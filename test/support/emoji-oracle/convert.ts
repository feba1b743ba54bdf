/**
 * Pictograms in and out: carrier forms → the stored form on input, and the stored form → each
 * receiver's own form on output (its pictogram, the nearest pictogram from the cross-carrier
 * map, or the pictogram's name in brackets — never "?").
 *
 * Names are plain text in the tables. Output is either for markup (pages, the HTML part of a
 * deco-mail), where the text around them is already escaped and so the names are escaped as
 * they are put in, or plain text (mail bodies, Subject lines), where they are written as is.
 */
import type { EmojiForm } from '../../../carriers/index.js';
import { emojiTables, fromPrivate, privateForm, type Pictogram, type PictogramCarrier, type UnicodeEmoji } from '../../../emoji/tables.js';
import { encodeShiftJis } from './sjis.js';
import { escapeHtml } from '../../../templates/escape.js';

/** Where the output goes: into markup (names escaped) or plain text (names as they are). */
export type OutputKind = 'markup' | 'text';

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


interface Receiver {
  map: Map<string, string>;
  /** For each first UTF-16 unit of a token: the token lengths starting with it, longest first. */
  lengths: (number[] | undefined)[];
  /** Tokens that are one code point, by code point (no string built to look them up). */
  single: Map<number, string>;
  /** UTF-16 units that follow the first code point of some longer token (VS16, ZWJ, keycap, …). */
  follows: Uint8Array;
}

const receivers = new Map<string, Receiver>();

/** What one token becomes for a receiver: its pictogram codes, or a name (plain text). */
type Choice = { codes: number[] } | { name: string };

/**
 * The choice for every token a receiver may meet, in this order:
 * - its own pictogram (the pictogram it sent is stored so; exact round trip);
 * - another carrier's pictogram (stored as that carrier's Unicode or private form): the
 *   carriers' own cross map — its pictogram(s), else its name, else the pictogram's name;
 *   emoji-datasource's pairing is not used here, it often picks a different pictogram (an
 *   emoji that is an ordinary JIS character, ♀ ♂, stays that character);
 * - a Unicode emoji no carrier stores (smartphones, PCs): emoji-datasource's code(s) for the
 *   receiver, an ordinary JIS character as itself, the cross map of another carrier's code,
 *   else a name.
 */
function choices(target: PictogramCarrier): Map<string, Choice | string> {
  const t = emojiTables();
  const valid = (codes: number[] | undefined) => codes !== undefined && codes.every((c) => t.pictograms[target].has(c));
  /** The cross map's answer for `p`, or null when it says nothing (no entry, 〓, blank). */
  const viaCross = (p: Pictogram): Choice | null => {
    const spec = t.cross[p.carrier][p.pua.toString(16).toUpperCase()]?.[target];
    if (!spec || spec === 'n:') return null;
    if (spec.startsWith('p:')) return { codes: spec.slice(2).match(/.{4}/g)!.map((h) => Number.parseInt(h, 16)) };
    return { name: spec.slice(2) };
  };
  const fromCarrier = (p: Pictogram): Choice => (p.carrier === target ? { codes: [p.pua] } : (viaCross(p) ?? { name: p.label }));
  const out = new Map<string, Choice | string>();
  for (const c of ['docomo', 'au', 'softbank'] as const) {
    for (const p of t.pictograms[c].values()) out.set(privateForm(c, p.pua), fromCarrier(p));
  }
  const fromUnicode = (e: UnicodeEmoji): Choice | string => {
    const own = t.byInternal[target].get(e.sequence);
    if (own) return { codes: [own.pua] };
    const senders = (['docomo', 'au', 'softbank'] as const).flatMap((c) => t.byInternal[c].get(e.sequence) ?? []);
    if (!senders.length && valid(e.codes[target])) return { codes: e.codes[target]! };
    // ♀ and ♂ are ordinary JIS characters every handset font has: keep them as text.
    const base = e.nonQualified ?? e.sequence.replace(/\uFE0F/g, '');
    if (base.length === 1 && inCp932(base)) return base;
    if (senders.length) {
      const answers = senders.map(fromCarrier);
      return answers.find((a) => 'codes' in a) ?? answers[0]!;
    }
    let name: string | null = null;
    for (const c of ['docomo', 'au', 'softbank'] as const) {
      const codes = e.codes[c];
      const p = codes?.length === 1 ? t.pictograms[c].get(codes[0]!) : undefined;
      if (!p) continue;
      const via = viaCross(p);
      if (via && 'codes' in via) return via; // a pictogram from the cross map beats any name
      name ??= via?.name ?? p.label;
    }
    return { name: name ?? `[${e.shortName.replace(/_/g, ' ')}]` };
  };
  for (const [token, e] of t.unicode) out.set(token, fromUnicode(e));
  return out;
}

function buildReceiver(form: EmojiForm, kind: OutputKind): Receiver {
  const t = emojiTables();
  const target = carrierOfForm(form);
  const named = (name: string) => (kind === 'markup' ? escapeHtml(name) : name);
  const map = new Map<string, string>();
  if (!target) {
    // Unicode receivers: Unicode emoji pass unchanged; pictograms Unicode lacks become names.
    for (const c of ['docomo', 'au', 'softbank'] as const) {
      for (const p of t.pictograms[c].values()) {
        const token = privateForm(c, p.pua);
        map.set(token, p.unicode ?? named(p.label));
      }
    }
  } else {
    for (const [token, choice] of choices(target)) {
      if (typeof choice === 'string') map.set(token, choice);
      else if ('name' in choice) map.set(token, named(choice.name));
      else if (form === 'softbank-webcode') map.set(token, choice.codes.map((p) => t.pictograms.softbank.get(p)?.webcode ?? GETA).join(''));
      else map.set(token, String.fromCharCode(...choice.codes));
    }
  }
  const lengths: (number[] | undefined)[] = new Array(65536);
  for (const token of map.keys()) {
    const list = (lengths[token.charCodeAt(0)] ??= []);
    if (!list.includes(token.length)) list.push(token.length);
  }
  for (const list of lengths) list?.sort((a, b) => b - a);
  const single = new Map<number, string>();
  const follows = new Uint8Array(65536);
  for (const [token, rep] of map) {
    const cp = token.codePointAt(0)!;
    const w = cp > 0xffff ? 2 : 1;
    if (token.length === w) single.set(cp, rep);
    else follows[token.charCodeAt(w)] = 1;
  }
  return { map, lengths, single, follows };
}

function receiverFor(form: EmojiForm, kind: OutputKind): Receiver {
  const key = `${form}/${kind}`;
  let r = receivers.get(key);
  if (!r) {
    r = buildReceiver(form, kind);
    receivers.set(key, r);
  }
  return r;
}

/**
 * The receiver's form of the token at `i`, with the token's length in UTF-16 units; null when
 * no token starts there. Keycaps start with an ASCII digit, # or *, so ASCII only counts when
 * a combining mark follows.
 */
export function matchAt(form: EmojiForm, text: string, i: number, kind: OutputKind = 'markup'): [string, number] | null {
  return matchIn(receiverFor(form, kind), text, i);
}

/** matchAt for one receiver, looked up once (for encoders that ask at every pictogram). */
export function matcherFor(form: EmojiForm, kind: OutputKind): (text: string, i: number) => [string, number] | null {
  const r = receiverFor(form, kind);
  return (text, i) => matchIn(r, text, i);
}

function matchIn(r: Receiver, text: string, i: number): [string, number] | null {
  const c = text.charCodeAt(i);
  const list = r.lengths[c];
  if (!list) return null;
  if (c < 0x80) {
    const d = text.charCodeAt(i + 1);
    if (d !== 0xfe0f && d !== 0x20e3) return null;
  }
  const cp = text.codePointAt(i)!;
  const w = cp > 0xffff ? 2 : 1;
  // Most pictograms are one code point: a longer token is only possible when what follows is
  // something that continues one (a variation selector, joiner, keycap mark, modifier, …).
  if (i + w < text.length && r.follows[text.charCodeAt(i + w)] === 1) {
    for (const len of list) {
      if (len <= w || i + len > text.length) continue;
      const rep = r.map.get(text.substr(i, len));
      if (rep !== undefined) return [rep, len];
    }
  }
  const rep = r.single.get(cp);
  return rep === undefined ? null : [rep, w];
}

/**
 * Rewrites stored text for one receiver (its pictogram codes are left as private-use characters
 * for the encoder). `kind`: 'markup' (the default, for pages) escapes the names it puts in.
 */
export function toReceiver(text: string, form: EmojiForm, kind: OutputKind = 'markup'): string {
  const r = receiverFor(form, kind);
  const lengths = r.lengths;
  const n = text.length;
  let out = '';
  let last = 0;
  for (let i = 0; i < n; i++) {
    if (lengths[text.charCodeAt(i)] === undefined) continue;
    const m = matchIn(r, text, i);
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
  const { lengths } = receiverFor(form, 'text'); // both kinds have the same tokens
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

/** The plain-text name of a stored pictogram (for mail subjects, logs, search snippets). */
export function pictogramName(token: string): string | null {
  const t = emojiTables();
  const priv = fromPrivate(token.codePointAt(0) ?? 0);
  if (priv) return t.pictograms[priv.carrier].get(priv.pua)?.name ?? null;
  const e = t.unicode.get(token);
  if (!e) return null;
  for (const c of ['docomo', 'au', 'softbank'] as const) {
    const codes = e.codes[c];
    const p = codes?.length === 1 ? t.pictograms[c].get(codes[0]!) : undefined;
    if (p) return p.name;
  }
  return e.shortName;
}
