/**
 * The hot loops of emoji/direct.ts's converters, over the tables emoji/direct-tables.ts builds.
 * The table kinds are declared here, beside the loops that test them on every character (as
 * constants of this module, not imports, so the loops compare against plain numbers).
 */
import { isUtf8 } from 'node:buffer';
import { MalformedInputError } from './sjis.js';

/** Bytes in → the receiver's bytes out. Strict: throws MalformedInputError where `decode` would. */
export type Converter = (bytes: Uint8Array) => Buffer;

// What the table says about one input character: for Shift_JIS sources a single byte b at index
// b and a pair at lead << 8 | trail; for UTF-8 sources a code point of the BMP at its own index.
export const COPY = 0; // the output is the input bytes (also packed in `short`, as below)
export const SHORT = 1; // 1–3 bytes, packed in `short`: b0 | b1 << 8 | b2 << 16 | length << 24
export const LONG = 2; // more bytes, in `long`
export const ERROR = 3; // not Shift_JIS: the composed path throws here
export const SLOW = 4; // context-dependent: the whole input takes the composed path
export const AMP = 5; // '&': maybe a numeric reference to a pictogram
export const PAIR = 6; // at a lead byte's own index: look up the pair

/** 1 for Shift_JIS lead bytes (81–9F, E0–FC). */
export const LEAD = new Uint8Array(256);
for (let b = 0x81; b <= 0x9f; b++) LEAD[b] = 1;
for (let b = 0xe0; b <= 0xfc; b++) LEAD[b] = 1;

export interface Tables {
  kind: Uint8Array;
  /**
   * The output of each COPY and SHORT code of 1–3 bytes, packed as above; 0 for every other
   * code (then `kind` tells), so a loop that reads this first finds most characters in one lookup.
   */
  short: Uint32Array;
  /**
   * Whether the Shift_JIS loop reads `short` before `kind` for a pair: true where most pairs
   * change (to UTF-8, say), false where most are copied (Shift_JIS to Shift_JIS), whose two
   * bytes are then stored from the input without a lookup in the larger table.
   */
  packedFirst: boolean;
  long: (Uint8Array | undefined)[];
  /** Output of a reference to private-use code point cp at [cp − E000]; undefined: not a pictogram; null: SLOW. */
  ref: (Uint8Array | null | undefined)[];
  /** The output of a '&' that starts no pictogram reference. */
  amp: Uint8Array;
  /** Output bytes per input byte, at most, over COPY and SHORT codes (LONG and references check room). */
  ratio: number;
}

const HEX = new Int8Array(128).fill(-1);
for (let d = 0; d < 10; d++) HEX[0x30 + d] = d;
for (let d = 0; d < 6; d++) HEX[0x41 + d] = HEX[0x61 + d] = 10 + d;

/** The code point of `&#xHHHH;` or `&#DDDDD;` at `i` (both 8 bytes; emoji/input.ts's NCR), or −1. */
export function referenceAt(src: Uint8Array, i: number): number {
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

export function grow(buf: Uint8Array, used: number, size: number): Uint8Array {
  const next = Buffer.allocUnsafe(Math.max(size, buf.length * 2));
  next.set(buf.subarray(0, used));
  return next;
}

/** The output buffer and its fill, handed to `rare` and back. */
interface Sink {
  out: Uint8Array;
  o: number;
}

/**
 * A character that is not packed in `short`: no output (an empty SHORT), LONG, or '&' (maybe a
 * pictogram reference). Writes its output to the sink, growing it where needed, and returns the
 * input bytes it took, or −1 where the whole input must take the composed path. The loops throw
 * for ERROR and leave SLOW themselves; this is the rare path, so it is a call.
 */
function rare(src: Uint8Array, i: number, w: number, code: number, k: number, t: Tables, sink: Sink): number {
  if (k !== LONG && k !== AMP) return w;
  let bytes: Uint8Array = k === LONG ? t.long[code]! : t.amp;
  if (k === AMP) {
    const cp = referenceAt(src, i);
    const ref = cp >= 0xe000 && cp <= 0xf8ff ? t.ref[cp - 0xe000] : undefined;
    if (ref === null) return -1;
    if (ref !== undefined) {
      bytes = ref;
      w = 8;
    }
  }
  // Room for this output and the rest at `ratio` bytes an input byte, and the 16 spare bytes.
  const need = sink.o + bytes.length + (src.length - i - w) * t.ratio + 16;
  if (need > sink.out.length) sink.out = grow(sink.out, sink.o, need + (need >> 1));
  sink.out.set(bytes, sink.o);
  sink.o += bytes.length;
  return w;
}

/*
 * The loops store a packed output as four bytes at once (a little-endian 32-bit store, through a
 * DataView): its three bytes, then its length byte, which the next output overwrites or which
 * lies past the end handed out. `out` always keeps 16 bytes spare past the room the rest of the
 * input needs at `ratio` bytes an input byte, so the store stays inside it. It is allocated
 * without zero-filling: only the bytes written, [0, o), are handed out. A Buffer throughout
 * (grow too), so the stores see one array type.
 */

/** Shift_JIS sources, code by code. */
export function convertSjis(src: Uint8Array, t: Tables, composed: Converter): Buffer {
  return t.packedFirst ? sjisPackedFirst(src, t, composed) : sjisKindFirst(src, t, composed);
}

/** Shift_JIS sources whose pairs are mostly copied: `kind` first, and a COPY pair stored from the input. */
function sjisKindFirst(src: Uint8Array, t: Tables, composed: Converter): Buffer {
  const { kind, short, ratio } = t;
  const n = src.length;
  const sink: Sink = { out: Buffer.allocUnsafe(n * ratio + 16), o: 0 };
  let out = sink.out;
  let view = new DataView(out.buffer, out.byteOffset, out.length);
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
        out[o + 1] = code;
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
      view.setUint32(o, e, true);
      o += e >>> 24;
      i += w;
      continue;
    }
    if (k === ERROR) throw new MalformedInputError(i);
    if (k === SLOW) return composed(src);
    sink.o = o;
    const took = rare(src, i, w, code, k, t, sink);
    if (took < 0) return composed(src);
    if (sink.out !== out) {
      out = sink.out;
      view = new DataView(out.buffer, out.byteOffset, out.length);
    }
    o = sink.o;
    i += took;
  }
  return Buffer.from(out.buffer, out.byteOffset, o);
}

/** Shift_JIS sources whose pairs mostly change: `short` first, and `kind` only where it holds nothing. */
function sjisPackedFirst(src: Uint8Array, t: Tables, composed: Converter): Buffer {
  const { kind, short, ratio } = t;
  const n = src.length;
  const sink: Sink = { out: Buffer.allocUnsafe(n * ratio + 16), o: 0 };
  let out = sink.out;
  let view = new DataView(out.buffer, out.byteOffset, out.length);
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
    }
    const e = short[code]!;
    if (e !== 0) {
      view.setUint32(o, e, true);
      o += e >>> 24;
      i += w;
      continue;
    }
    if (w === 2) k = kind[code]!;
    if (k === ERROR) throw new MalformedInputError(i);
    if (k === SLOW) return composed(src);
    sink.o = o;
    const took = rare(src, i, w, code, k, t, sink);
    if (took < 0) return composed(src);
    if (sink.out !== out) {
      out = sink.out;
      view = new DataView(out.buffer, out.byteOffset, out.length);
    }
    o = sink.o;
    i += took;
  }
  return Buffer.from(out.buffer, out.byteOffset, o);
}

/** The same for UTF-8 sources, code point by code point; what is not valid UTF-8 takes the composed path (which throws). */
export function convertUtf8(src: Uint8Array, t: Tables, composed: Converter): Buffer {
  if (!isUtf8(src)) return composed(src);
  const { kind, short, ratio } = t;
  const n = src.length;
  const sink: Sink = { out: Buffer.allocUnsafe(n * ratio + 16), o: 0 };
  let out = sink.out;
  let view = new DataView(out.buffer, out.byteOffset, out.length);
  let o = 0;
  let i = 0;
  while (i < n) {
    const b = src[i]!;
    let cp = b;
    let w = 1;
    if (b >= 0xf0) return composed(src); // beyond the BMP
    if (b >= 0xe0) {
      cp = ((b & 0x0f) << 12) | ((src[i + 1]! & 0x3f) << 6) | (src[i + 2]! & 0x3f);
      w = 3;
    } else if (b >= 0x80) {
      cp = ((b & 0x1f) << 6) | (src[i + 1]! & 0x3f);
      w = 2;
    }
    const e = short[cp]!;
    if (e !== 0) {
      view.setUint32(o, e, true);
      o += e >>> 24;
      i += w;
      continue;
    }
    const k = kind[cp]!;
    if (k !== SHORT && k !== LONG && k !== AMP) return composed(src);
    sink.o = o;
    const took = rare(src, i, w, cp, k, t, sink);
    if (took < 0) return composed(src);
    if (sink.out !== out) {
      out = sink.out;
      view = new DataView(out.buffer, out.byteOffset, out.length);
    }
    o = sink.o;
    i += took;
  }
  return Buffer.from(out.buffer, out.byteOffset, o);
}
