/**
 * Reads an image's format, dimensions and frame count from its headers alone, so a decoder is
 * never handed an image whose pixels would not fit the budget (a 60 KB PNG can claim
 * 8000×8000, a few bytes of GIF a 65535×65535 frame). Every length is checked against the
 * bytes present; a header that is cut short or makes no sense throws `ProbeError('malformed')`,
 * a format we do not decode throws `ProbeError('unsupported')`. Linear in the file's size.
 */

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'bmp';

export interface ImageInfo {
  format: ImageFormat;
  /** The MIME type jimp detects for this format (it must agree before decoding). */
  mime: string;
  width: number;
  height: number;
  /** Frames (GIF images), 1 for still formats. */
  frames: number;
  /** The largest frame's pixels: what a decoder allocates for one frame. */
  largestFramePixels: number;
  /** JPEG scans (a progressive file is decoded once per scan); 1 for other formats. */
  scans: number;
}

export class ProbeError extends Error {
  constructor(readonly reason: 'malformed' | 'unsupported') {
    super(`image ${reason}`);
    this.name = 'ProbeError';
  }
}

const malformed = () => new ProbeError('malformed');

class Reader {
  constructor(private readonly b: Uint8Array) {}
  get length() {
    return this.b.length;
  }
  need(at: number, n: number): void {
    if (at < 0 || at + n > this.b.length) throw malformed();
  }
  u8(at: number): number {
    this.need(at, 1);
    return this.b[at]!;
  }
  u16be(at: number): number {
    this.need(at, 2);
    return (this.b[at]! << 8) | this.b[at + 1]!;
  }
  u16le(at: number): number {
    this.need(at, 2);
    return this.b[at]! | (this.b[at + 1]! << 8);
  }
  u32be(at: number): number {
    this.need(at, 4);
    return ((this.b[at]! << 24) >>> 0) + ((this.b[at + 1]! << 16) | (this.b[at + 2]! << 8) | this.b[at + 3]!);
  }
  u32le(at: number): number {
    this.need(at, 4);
    return ((this.b[at + 3]! << 24) >>> 0) + ((this.b[at + 2]! << 16) | (this.b[at + 1]! << 8) | this.b[at]!);
  }
  i32le(at: number): number {
    return this.u32le(at) | 0;
  }
  /** How many times the two bytes a, b stand next to each other anywhere in the file. */
  pairs(a: number, b: number): number {
    let n = 0;
    for (let i = this.b.indexOf(a); i >= 0 && i + 1 < this.b.length; i = this.b.indexOf(a, i + 1)) if (this.b[i + 1] === b) n++;
    return n;
  }
  startsWith(bytes: number[] | string, at = 0): boolean {
    const want = typeof bytes === 'string' ? [...bytes].map((c) => c.charCodeAt(0)) : bytes;
    if (at + want.length > this.b.length) return false;
    return want.every((x, i) => this.b[at + i] === x);
  }
}

function still(format: ImageFormat, mime: string, width: number, height: number, scans = 1): ImageInfo {
  if (!(width > 0 && height > 0)) throw malformed();
  return { format, mime, width, height, frames: 1, largestFramePixels: width * height, scans };
}

/** PNG: the IHDR chunk first, then chunks to IEND, each inside the file. */
function png(r: Reader): ImageInfo {
  if (r.u32be(8) !== 13 || !r.startsWith('IHDR', 12)) throw malformed();
  const width = r.u32be(16);
  const height = r.u32be(20);
  if (width > 0x7fffffff || height > 0x7fffffff) throw malformed();
  let at = 8;
  let idat = false;
  for (;;) {
    const len = r.u32be(at);
    r.need(at + 8, len + 4);
    // One IHDR only: pngjs takes the last it meets, so a second one (1×1, then 20000×20000)
    // would be decoded at a size this probe never saw.
    if (at > 8 && r.startsWith('IHDR', at + 4)) throw malformed();
    if (r.startsWith('IDAT', at + 4)) idat = true;
    // Animated PNG: jimp cannot decode it; refusing is clearer than a half-read image.
    if (r.startsWith('acTL', at + 4)) throw new ProbeError('unsupported');
    if (r.startsWith('IEND', at + 4)) break;
    at += 12 + len;
  }
  if (!idat) throw malformed();
  return still('png', 'image/png', width, height);
}

const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

/** JPEG: marker segments to the frame header (SOFn), then scans to EOI, each inside the file. */
function jpeg(r: Reader): ImageInfo {
  let at = 2;
  let width = 0;
  let height = 0;
  let frames = 0;
  let scans = 0;
  for (;;) {
    // Stray bytes between segments are skipped, as libjpeg does; fill bytes too.
    while (r.u8(at) !== 0xff) at++;
    while (r.u8(at) === 0xff) at++;
    const marker = r.u8(at++);
    if (marker === 0xd9) break; // EOI
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue;
    if (marker === 0xd8 || marker === 0x00) throw malformed();
    const len = r.u16be(at);
    if (len < 2) throw malformed();
    r.need(at, len);
    if (isSof(marker)) {
      if (++frames > 1 || len < 8) throw malformed();
      height = r.u16be(at + 3);
      width = r.u16be(at + 5);
      // Grey, YCbCr or CMYK: a decoder keeps a plane per component, so 255 of them is a bomb too.
      const components = r.u8(at + 7);
      if (![1, 3, 4].includes(components) || len !== 8 + 3 * components) throw malformed();
      // Height 0 means "given later by a DNL marker": not something a camera writes.
      if (!width || !height) throw malformed();
    }
    at += len;
    if (marker === 0xda) {
      if (!frames) throw malformed();
      scans++;
      // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart.
      for (;;) {
        if (r.u8(at) === 0xff) {
          const next = r.u8(at + 1);
          if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) break;
          at += next === 0xff ? 1 : 2;
        } else at++;
      }
    }
  }
  if (!frames || !scans) throw malformed();
  // jpeg-js reads table segments by their contents, not their lengths, so it can land inside
  // what this walk took for a comment and decode scans hidden there (1,000 hidden scans of a
  // 13 MP frame: 1 s more per thousand). It starts a scan only at the bytes FF DA, so counting
  // them anywhere in the file bounds the scans any reader finds (an EXIF thumbnail adds one).
  return still('jpeg', 'image/jpeg', width, height, Math.max(scans, r.pairs(0xff, 0xda)));
}

/** Skips GIF data sub-blocks (length byte, data) up to the zero-length terminator. */
function subBlocks(r: Reader, at: number): number {
  for (;;) {
    const n = r.u8(at);
    at += 1 + n;
    if (n === 0) return at;
    r.need(at - n, n);
  }
}

/** GIF: the logical screen, then every image descriptor (each frame's own size) to the trailer. */
function gif(r: Reader): ImageInfo {
  const width = r.u16le(6);
  const height = r.u16le(8);
  const packed = r.u8(10);
  let at = 13 + (packed & 0x80 ? 3 * (1 << ((packed & 7) + 1)) : 0);
  let frames = 0;
  let largest = 0;
  for (;;) {
    if (at === r.length && frames > 0) break; // no trailer: decoders accept it
    const block = r.u8(at);
    if (block === 0x3b) break;
    if (block === 0x21) {
      // An application block starts with an 11-byte identifier. omggif (jimp's decoder) skips
      // one whose first length is anything else by a fixed 17 bytes instead of its sub-blocks,
      // and would then read a frame hidden inside them that this probe never saw.
      if (r.u8(at + 1) === 0xff && r.u8(at + 2) !== 11) throw malformed();
      at = subBlocks(r, at + 2);
    } else if (block === 0x2c) {
      const w = r.u16le(at + 5);
      const h = r.u16le(at + 7);
      const local = r.u8(at + 9);
      if (!w || !h) throw malformed();
      frames++;
      largest = Math.max(largest, w * h);
      at += 10 + (local & 0x80 ? 3 * (1 << ((local & 7) + 1)) : 0);
      r.u8(at); // LZW minimum code size
      at = subBlocks(r, at + 1);
    } else throw malformed();
  }
  if (!width || !height || !frames) throw malformed();
  return { format: 'gif', mime: 'image/gif', width, height, frames, largestFramePixels: Math.max(largest, width * height), scans: 1 };
}

/** BMP: the DIB header's size, then its width and height (negative height: top-down rows). */
function bmp(r: Reader): ImageInfo {
  const dib = r.u32le(14);
  let width: number;
  let height: number;
  let bpp: number;
  if (dib === 12) {
    width = r.u16le(18);
    height = r.u16le(20);
    bpp = r.u16le(24);
  } else if (dib >= 40 && dib <= 124) {
    width = r.i32le(18);
    height = Math.abs(r.i32le(22));
    bpp = r.u16le(28);
  } else throw malformed();
  if (![1, 4, 8, 16, 24, 32].includes(bpp)) throw malformed();
  return still('bmp', 'image/bmp', width, height);
}

export function probeImage(bytes: Uint8Array): ImageInfo {
  const r = new Reader(bytes);
  if (r.startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return png(r);
  if (r.startsWith([0xff, 0xd8, 0xff])) return jpeg(r);
  if (r.startsWith('GIF87a') || r.startsWith('GIF89a')) return gif(r);
  if (r.startsWith('BM')) return bmp(r);
  throw new ProbeError('unsupported');
}
