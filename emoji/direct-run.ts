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
export const COPY = 0; // the output is the input bytes
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
  short: Uint32Array;
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

/** Shift_JIS sources, code by code. */
export function convertSjis(src: Uint8Array, t: Tables, composed: Converter): Buffer {
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

/** The same for UTF-8 sources, code point by code point; what is not valid UTF-8 takes the composed path (which throws). */
export function convertUtf8(src: Uint8Array, t: Tables, composed: Converter): Buffer {
  if (!isUtf8(src)) return composed(src);
  const { kind, short, ratio } = t;
  const n = src.length;
  let out: Uint8Array = Buffer.allocUnsafe(n * ratio + 16);
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
    const k = kind[cp]!;
    if (k === COPY) {
      out[o++] = b;
      if (w > 1) {
        out[o++] = src[i + 1]!;
        if (w > 2) out[o++] = src[i + 2]!;
      }
    } else if (k === SHORT) {
      const e = short[cp]!;
      out[o] = e & 0xff;
      out[o + 1] = (e >>> 8) & 0xff;
      out[o + 2] = (e >>> 16) & 0xff;
      o += e >>> 24;
    } else if (k === LONG || k === AMP) {
      let bytes: Uint8Array = k === LONG ? t.long[cp]! : t.amp;
      if (k === AMP) {
        const ref = referenceAt(src, i);
        const r = ref >= 0xe000 && ref <= 0xf8ff ? t.ref[ref - 0xe000] : undefined;
        if (r === null) return composed(src);
        if (r !== undefined) {
          bytes = r;
          w = 8;
        }
      }
      const need = o + bytes.length + (n - i - w) * ratio + 16;
      if (need > out.length) out = grow(out, o, need + (need >> 1));
      out.set(bytes, o);
      o += bytes.length;
    } else {
      return composed(src);
    }
    i += w;
  }
  return Buffer.from(out.buffer, out.byteOffset, o);
}
