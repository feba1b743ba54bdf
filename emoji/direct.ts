/**
 * Direct converters: one handset's Shift_JIS bytes → another receiver's bytes in one pass over
 * typed-array tables, without building the stored text in between. For every input the result
 * (bytes, or the MalformedInputError and its offset) is exactly that of
 * `transcoderFor(to).encode(transcoderFor(from).decode(bytes))`, the composed path.
 *
 * How: at build time the composed path is run on every Shift_JIS code on its own, and the
 * results go into tables (a code whose bytes come out unchanged is copied). That equals the
 * composed path on a whole text wherever that path treats each character on its own, which it
 * does except for three things, handled here:
 * - `&#xE63E;` / `&#58942;` references, which the decoder reads as pictograms (emoji/input.ts):
 *   matched on the bytes at each '&' (every byte of one is ASCII, so no trail byte can be in it);
 * - ESC, the start of a SoftBank webcode whose end may be far on: such inputs take the composed path;
 * - a character whose stored form could join the next character's into a longer token on
 *   output (a stored form followed by what continues an emoji sequence): found at build time by
 *   comparing every stored form with every receiver token; inputs holding one take the composed
 *   path (none do with today's tables; the check keeps that true when the tables change).
 * UTF-8 sources use the composed path.
 */
import type { Charset, EmojiForm } from '../carriers/index.js';
import { matchAt, receiverTokens, type OutputKind } from './convert.js';
import { MalformedInputError } from './sjis.js';
import { transcoderFor } from './transcoder.js';

/** Bytes in → the receiver's bytes out. Strict: throws MalformedInputError where `decode` would. */
export type Converter = (bytes: Uint8Array) => Buffer;

// What the table says about one code (a single byte b at index b, a pair at lead << 8 | trail).
const COPY = 0; // the output is the input bytes
const SHORT = 1; // 1–3 bytes, packed in `short`: b0 | b1 << 8 | b2 << 16 | length << 24
const LONG = 2; // more bytes, in `long`
const ERROR = 3; // not Shift_JIS: the composed path throws here
const SLOW = 4; // context-dependent: the whole input takes the composed path
const AMP = 5; // '&': maybe a numeric reference to a pictogram
const PAIR = 6; // at a lead byte's own index: look up the pair

/** 1 for Shift_JIS lead bytes (81–9F, E0–FC). */
const LEAD = new Uint8Array(256);
for (let b = 0x81; b <= 0x9f; b++) LEAD[b] = 1;
for (let b = 0xe0; b <= 0xfc; b++) LEAD[b] = 1;

interface Tables {
  kind: Uint8Array;
  short: Uint32Array;
  long: (Uint8Array | undefined)[];
  /** Output of a reference to private-use code point cp at [cp − E000]; undefined: not a pictogram; null: SLOW. */
  ref: (Uint8Array | null | undefined)[];
  /** The output of a '&' that starts no pictogram reference. */
  amp: Uint8Array;
  /** Output bytes per input byte, at most, over COPY and SHORT codes (LONG and references check room). */
  ratio: number;
}

/**
 * For each proper prefix of a token, the UTF-16 units that continue it: a stored form ending in
 * such a prefix could join what follows it into that token.
 */
export function tokenContinuations(tokens: Iterable<string>): Map<string, Set<number>> {
  const next = new Map<string, Set<number>>();
  for (const token of tokens) {
    for (let k = 1; k < token.length; k++) {
      const prefix = token.slice(0, k);
      let set = next.get(prefix);
      if (!set) next.set(prefix, (set = new Set()));
      set.add(token.charCodeAt(k));
    }
  }
  return next;
}

/**
 * True when `text` (one character's stored form) could join what follows it into a longer
 * token. The encoder reads it from its start, token by token (`match`), else code point by code
 * point; wherever it starts one, what is left of `text` must not be a proper prefix of a token
 * that continues with a unit some stored form starts with (`firsts`).
 */
export function mayJoin(text: string, next: Map<string, Set<number>>, firsts: Set<number>, match: (text: string, i: number) => readonly [string, number] | null): boolean {
  for (let j = 0; j < text.length; ) {
    const units = next.get(text.slice(j));
    if (units) for (const u of units) if (firsts.has(u)) return true;
    const m = match(text, j);
    j += m ? m[1] : text.codePointAt(j)! > 0xffff ? 2 : 1;
  }
  return false;
}

/** What a Shift_JIS source decodes each code and each pictogram reference to (shared by its targets). */
interface Source {
  /** [code, its bytes, the stored text they decode to]; codes that are not Shift_JIS are left out. */
  codes: [number, Uint8Array, string][];
  /** private-use code point → the stored text `&#xHHHH;` decodes to, where it is a pictogram. */
  refs: Map<number, string>;
}

const sources = new Map<EmojiForm, Source>();

function sourceOf(from: EmojiForm): Source {
  let s = sources.get(from);
  if (s) return s;
  const decoder = transcoderFor(from, 'Shift_JIS');
  s = { codes: [], refs: new Map() };
  const add = (code: number, bytes: Uint8Array) => {
    try {
      s!.codes.push([code, bytes, decoder.decode(bytes)]);
    } catch (e) {
      if (!(e instanceof MalformedInputError)) throw e;
    }
  };
  for (let b = 0; b < 256; b++) {
    if (LEAD[b]) for (let trail = 0; trail < 256; trail++) add((b << 8) | trail, Uint8Array.of(b, trail));
    else if (b !== 0x1b && b !== 0x26) add(b, Uint8Array.of(b));
  }
  for (let cp = 0xe000; cp <= 0xf8ff; cp++) {
    const written = `&#x${cp.toString(16).toUpperCase()};`;
    const text = decoder.decode(Buffer.from(written, 'latin1'));
    if (text !== written) s.refs.set(cp, text);
  }
  sources.set(from, s);
  return s;
}

function build(from: EmojiForm, to: EmojiForm, toCharset: Charset, kind: OutputKind): Tables {
  const { codes, refs } = sourceOf(from);
  const target = transcoderFor(to, toCharset, kind);
  const t: Tables = { kind: new Uint8Array(65536).fill(ERROR), short: new Uint32Array(65536), long: [], ref: new Array(0x1900), amp: new Uint8Array(0), ratio: 1 };
  for (const [code, input, text] of codes) {
    const out = target.encode(text);
    if (out.equals(input)) t.kind[code] = COPY;
    else if (out.length <= 3) {
      t.kind[code] = SHORT;
      t.short[code] = ((out[0] ?? 0) | ((out[1] ?? 0) << 8) | ((out[2] ?? 0) << 16) | (out.length << 24)) >>> 0;
    } else {
      t.kind[code] = LONG;
      t.long[code] = Uint8Array.from(out);
      continue;
    }
    t.ratio = Math.max(t.ratio, Math.ceil(out.length / input.length));
  }
  for (let b = 0; b < 256; b++) if (LEAD[b]) t.kind[b] = PAIR;
  t.kind[0x1b] = SLOW;
  t.kind[0x26] = AMP;
  t.amp = Uint8Array.from(target.encode('&'));
  for (const [cp, text] of refs) t.ref[cp - 0xe000] = Uint8Array.from(target.encode(text));
  // Stored forms that could run into the next character's take the composed path (see mayJoin).
  const firsts = new Set<number>([0x26]);
  for (const [, , text] of codes) firsts.add(text.charCodeAt(0));
  for (const text of refs.values()) firsts.add(text.charCodeAt(0));
  const next = tokenContinuations(receiverTokens(to, kind));
  const joins = (text: string) => mayJoin(text, next, firsts, (s, i) => matchAt(to, s, i, kind));
  for (const [code, , text] of codes) if (joins(text)) t.kind[code] = SLOW;
  for (const [cp, text] of refs) if (joins(text)) t.ref[cp - 0xe000] = null;
  if (joins('&')) t.kind[0x26] = SLOW;
  return t;
}

const HEX = new Int8Array(128).fill(-1);
for (let d = 0; d < 10; d++) HEX[0x30 + d] = d;
for (let d = 0; d < 6; d++) HEX[0x41 + d] = HEX[0x61 + d] = 10 + d;

/** The code point of `&#xHHHH;` or `&#DDDDD;` at `i` (both 8 bytes; emoji/input.ts's NCR), or −1. */
function referenceAt(src: Uint8Array, i: number): number {
  if (i + 8 > src.length || src[i + 1] !== 0x23 || src[i + 7] !== 0x3b) return -1;
  let cp = 0;
  if (src[i + 2] === 0x78) {
    for (let k = 3; k < 7; k++) {
      const b = src[i + k]!;
      const d = b < 128 ? HEX[b]! : -1;
      if (d < 0) return -1;
      cp = cp * 16 + d;
    }
    return cp;
  }
  for (let k = 2; k < 7; k++) {
    const d = src[i + k]! - 0x30;
    if (d < 0 || d > 9) return -1;
    cp = cp * 10 + d;
  }
  return cp;
}

function grow(buf: Uint8Array, used: number, size: number): Uint8Array {
  const next = Buffer.allocUnsafe(Math.max(size, buf.length * 2));
  next.set(buf.subarray(0, used));
  return next;
}

function convert(src: Uint8Array, t: Tables, composed: Converter): Buffer {
  const { kind, short, ratio } = t;
  const n = src.length;
  // Room for the rest at `ratio` bytes an input byte; LONG outputs and references check for more.
  // Not zero-filled: only the bytes written below, [0, o), are handed out. A Buffer throughout
  // (grow too), so the stores below see one array type.
  let out: Uint8Array = Buffer.allocUnsafe(n * ratio + 16);
  let o = 0;
  let i = 0;
  while (i < n) {
    const b = src[i]!;
    let code = b;
    let w = 1;
    let k = kind[b]!;
    if (k === PAIR) {
      if (i + 1 >= n) throw new MalformedInputError(i);
      code = (b << 8) | src[i + 1]!;
      w = 2;
      k = kind[code]!;
      if (k === COPY) {
        out[o] = b;
        out[o + 1] = code & 0xff;
        o += 2;
        i += 2;
        continue;
      }
    } else if (k === COPY) {
      out[o++] = b;
      i++;
      continue;
    }
    if (k === SHORT) {
      const e = short[code]!;
      out[o] = e & 0xff;
      out[o + 1] = (e >>> 8) & 0xff;
      out[o + 2] = (e >>> 16) & 0xff;
      o += e >>> 24;
    } else if (k === ERROR) {
      throw new MalformedInputError(i);
    } else if (k === SLOW) {
      return composed(src);
    } else {
      let bytes: Uint8Array = k === LONG ? t.long[code]! : t.amp;
      if (k === AMP) {
        const cp = referenceAt(src, i);
        const ref = cp >= 0xe000 && cp <= 0xf8ff ? t.ref[cp - 0xe000] : undefined;
        if (ref === null) return composed(src);
        if (ref !== undefined) {
          bytes = ref;
          w = 8;
        }
      }
      const need = o + bytes.length + (n - i - w) * ratio + 16;
      if (need > out.length) out = grow(out, o, need + (need >> 1));
      out.set(bytes, o);
      o += bytes.length;
    }
    i += w;
  }
  return Buffer.from(out.buffer, out.byteOffset, o);
}

const converters = new Map<string, Converter>();

/**
 * The converter from one handset's bytes to another receiver's (kind as for transcoderFor).
 * Tables are built on first use (tens of milliseconds a pair).
 */
export function converterFor(from: EmojiForm, fromCharset: Charset, to: EmojiForm, toCharset: Charset, kind: OutputKind = 'markup'): Converter {
  const key = `${from}/${fromCharset}>${to}/${toCharset}/${kind}`;
  let c = converters.get(key);
  if (c) return c;
  const source = transcoderFor(from, fromCharset);
  const target = transcoderFor(to, toCharset, kind);
  const composed: Converter = (bytes) => target.encode(source.decode(bytes));
  if (fromCharset === 'Shift_JIS') {
    const t = build(from, to, toCharset, kind);
    c = (bytes) => convert(bytes, t, composed);
  } else {
    c = composed;
  }
  converters.set(key, c);
  return c;
}
