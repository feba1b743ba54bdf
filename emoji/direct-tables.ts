/**
 * The tables behind emoji/direct.ts's converters, and how they are built: the composed path
 * (decode to stored text, then encode) run on every input character alone, with the checks
 * that keep the result equal to the composed path on whole texts.
 */
import type { Charset, EmojiForm } from '../carriers/index.js';
import { MalformedInputError } from './sjis.js';
import { matchAt, receiverTokens, type OutputKind } from './convert.js';
import { transcoderFor } from './transcoder.js';
import { AMP, COPY, ERROR, LEAD, LONG, PAIR, SHORT, SLOW, type Tables } from './direct-run.js';

/**
 * For each proper prefix of a token, the code points that continue it: a stored form ending in
 * such a prefix could join what follows it into that token.
 */
export function tokenContinuations(tokens: Iterable<string>): Map<string, Set<number>> {
  const next = new Map<string, Set<number>>();
  for (const token of tokens) {
    for (let k = 1; k < token.length; k++) {
      const prefix = token.slice(0, k);
      let set = next.get(prefix);
      if (!set) next.set(prefix, (set = new Set()));
      set.add(token.codePointAt(k)!);
    }
  }
  return next;
}

/**
 * True when `text` (one character's stored form) could join what follows it into a longer
 * token. The encoder reads it from its start, token by token (`match`), else code point by code
 * point; wherever it starts one, what is left of `text` must not be a proper prefix of a token
 * that continues with a code point some stored form starts with (`firsts`).
 */
export function mayJoin(text: string, next: Map<string, Set<number>>, firsts: Set<number>, match: (text: string, i: number) => readonly [string, number] | null): boolean {
  for (let j = 0; j < text.length; ) {
    const cps = next.get(text.slice(j));
    if (cps) for (const cp of cps) if (firsts.has(cp)) return true;
    const m = match(text, j);
    j += m ? m[1] : text.codePointAt(j)! > 0xffff ? 2 : 1;
  }
  return false;
}

/** What a source decodes each input character and each pictogram reference to (shared by its targets). */
export interface Source {
  utf8: boolean;
  /** [index, its bytes, the stored text they decode to]; characters that are not valid are left out. */
  codes: [number, Uint8Array, string][];
  /** private-use code point → the stored text `&#xHHHH;` decodes to, where it is a pictogram. */
  refs: Map<number, string>;
}

/**
 * The tables for one source and receiver: the composed path's output for each input character
 * alone. For a UTF-8 source, a code point found inside a receiver token after its first (a
 * variation selector, a joiner, a keycap mark, ♀ after a joiner…) is left SLOW, so no input
 * holding one takes the direct path, and so none of them counts among what may follow.
 */
export function build(source: Source, to: EmojiForm, toCharset: Charset, kind: OutputKind): Tables {
  const { refs } = source;
  let codes = source.codes;
  if (source.utf8) {
    const inner = new Set<number>();
    for (const token of receiverTokens(to, kind)) for (const ch of [...token].slice(1)) inner.add(ch.codePointAt(0)!);
    codes = codes.filter(([cp]) => !inner.has(cp));
  }
  const target = transcoderFor(to, toCharset, kind);
  const t: Tables = { kind: new Uint8Array(65536).fill(source.utf8 ? SLOW : ERROR), short: new Uint32Array(65536), long: [], ref: new Array(0x1900), amp: new Uint8Array(0), ratio: 1, packedFirst: true };
  for (const [code, input, text] of codes) {
    const out = target.encode(text);
    if (out.length <= 3) {
      // COPY too: its output (the input's 1–3 bytes) is packed like a SHORT one, for the loops.
      t.kind[code] = out.equals(input) ? COPY : SHORT;
      t.short[code] = ((out[0] ?? 0) | ((out[1] ?? 0) << 8) | ((out[2] ?? 0) << 16) | (out.length << 24)) >>> 0;
    } else {
      t.kind[code] = LONG;
      t.long[code] = Uint8Array.from(out);
      continue;
    }
    t.ratio = Math.max(t.ratio, Math.ceil(out.length / input.length));
  }
  if (!source.utf8) {
    for (let b = 0; b < 256; b++) if (LEAD[b]) t.kind[b] = PAIR;
    let copied = 0;
    for (const [code] of codes) if (code > 0xff && t.kind[code] === COPY) copied++;
    t.packedFirst = copied * 2 < codes.length;
  }
  t.kind[0x1b] = SLOW;
  t.kind[0x26] = AMP;
  t.amp = Uint8Array.from(target.encode('&'));
  for (const [cp, text] of refs) t.ref[cp - 0xe000] = Uint8Array.from(target.encode(text));
  // Stored forms that could run into the next character's take the composed path (see mayJoin).
  const firsts = new Set<number>([0x26]);
  for (const [, , text] of codes) firsts.add(text.codePointAt(0)!);
  for (const text of refs.values()) firsts.add(text.codePointAt(0)!);
  const next = tokenContinuations(receiverTokens(to, kind));
  const joins = (text: string) => mayJoin(text, next, firsts, (s, i) => matchAt(to, s, i, kind));
  for (const [code, , text] of codes) {
    if (joins(text)) {
      t.kind[code] = SLOW;
      t.short[code] = 0;
    }
  }
  for (const [cp, text] of refs) if (joins(text)) t.ref[cp - 0xe000] = null;
  if (joins('&')) t.kind[0x26] = SLOW;
  return t;
}

const sources = new Map<string, Source>();

export function sourceOf(from: EmojiForm, charset: Charset): Source {
  const key = `${from}/${charset}`;
  let s = sources.get(key);
  if (s) return s;
  const decoder = transcoderFor(from, charset);
  s = { utf8: charset === 'UTF-8', codes: [], refs: new Map() };
  const add = (code: number, bytes: Uint8Array) => {
    try {
      s!.codes.push([code, bytes, decoder.decode(bytes)]);
    } catch (e) {
      if (!(e instanceof MalformedInputError)) throw e;
    }
  };
  if (s.utf8) {
    // Every code point of the BMP (surrogates are not UTF-8); beyond it the composed path is taken.
    for (let cp = 0; cp < 0x10000; cp++) if ((cp < 0xd800 || cp >= 0xe000) && cp !== 0x1b && cp !== 0x26) add(cp, Buffer.from(String.fromCharCode(cp), 'utf8'));
  } else {
    for (let b = 0; b < 256; b++) {
      if (LEAD[b]) for (let trail = 0; trail < 256; trail++) add((b << 8) | trail, Uint8Array.of(b, trail));
      else if (b !== 0x1b && b !== 0x26) add(b, Uint8Array.of(b));
    }
  }
  for (let cp = 0xe000; cp <= 0xf8ff; cp++) {
    const written = `&#x${cp.toString(16).toUpperCase()};`;
    const text = decoder.decode(Buffer.from(written, 'latin1'));
    if (text !== written) s.refs.set(cp, text);
  }
  sources.set(key, s);
  return s;
}
