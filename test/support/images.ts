import { deflateSync } from 'node:zlib';
import { Jimp } from 'jimp';

/** Hand-made image files: decompression bombs and cut or lying headers, as an attacker sends. */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A grayscale PNG of w×h whose pixels are all zero: tiny on disk, w×h×4 bytes once decoded. */
export function zeroPng(w: number, h: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  const raw = Buffer.alloc((w + 1) * h); // each row: filter byte 0, then w zero pixels
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** A PNG whose IHDR is followed by a second IHDR of sw×sh (decoders that take the last one see that size). */
export function twoHeaderPng(w: number, h: number, sw: number, sh: number): Buffer {
  const png = zeroPng(w, h);
  const second = Buffer.alloc(13);
  second.writeUInt32BE(sw, 0);
  second.writeUInt32BE(sh, 4);
  second[8] = 8;
  const afterIhdr = 8 + 25;
  return Buffer.concat([png.subarray(0, afterIhdr), chunk('IHDR', second), png.subarray(afterIhdr)]);
}

/** A JPEG whose frame header (SOF0) claims w×h, though its data is for a small image. */
async function lyingJpeg(w: number, h: number): Promise<Buffer> {
  const jpeg = Buffer.from(await new Jimp({ width: 16, height: 16, color: 0x808080ff }).getBuffer('image/jpeg'));
  const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
  jpeg.writeUInt16BE(h, sof + 5);
  jpeg.writeUInt16BE(w, sof + 7);
  return jpeg;
}

/** A GIF: a screen of sw×sh, then frames of the given sizes, each an empty LZW stream. */
function gif(sw: number, sh: number, frames: [number, number][]): Buffer {
  const parts = [Buffer.from('GIF89a', 'latin1')];
  const screen = Buffer.alloc(7);
  screen.writeUInt16LE(sw, 0);
  screen.writeUInt16LE(sh, 2);
  parts.push(screen);
  for (const [w, h] of frames) {
    const d = Buffer.alloc(10);
    d[0] = 0x2c;
    d.writeUInt16LE(w, 5);
    d.writeUInt16LE(h, 7);
    d[9] = 0x80; // a local colour table of two colours
    // Two colours, LZW minimum code size 2, one sub-block: clear (4) then end (5), 3 bits each.
    parts.push(d, Buffer.from([0, 0, 0, 255, 255, 255]), Buffer.from([2, 1, 0x2c, 0]));
  }
  parts.push(Buffer.from([0x3b]));
  return Buffer.concat(parts);
}

/**
 * A 1×1 GIF whose application extension's first sub-block is not 11 bytes long: a reader that
 * follows the sub-blocks sees one 1×1 frame, while omggif skips a fixed 17 bytes and finds the
 * w×h frame hidden inside them.
 */
export function gifHiddenFrame(w: number, h: number): Buffer {
  const sub = Buffer.alloc(64);
  Buffer.from([0x2c, 0, 0, 0, 0, w & 255, w >> 8, h & 255, h >> 8, 0, 2, 2, 0x4c, 0x01, 0, 0x3b]).copy(sub, 16);
  return Buffer.concat([
    Buffer.from('GIF89a', 'latin1'),
    Buffer.from([1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255]),
    Buffer.from([0x21, 0xff, sub.length]),
    sub,
    Buffer.from([0, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x4c, 0x01, 0, 0x3b]),
  ]);
}

/**
 * A progressive grey JPEG of side×side whose walk by segment lengths shows one scan, while
 * jpeg-js decodes `hidden` more: a DHT whose tables run 4 bytes past its declared length
 * swallows the header of the comment that holds them.
 */
export function hiddenScansJpeg(side: number, hidden: number): Buffer {
  const u16 = (n: number) => [n >> 8, n & 255];
  const seg = (m: number, body: number[]) => Buffer.from([0xff, m, ...u16(body.length + 2), ...body]);
  const bits = (s: string) => {
    while (s.length % 8) s += '1';
    const out: number[] = [];
    for (let i = 0; i < s.length; i += 8) {
      const b = Number.parseInt(s.slice(i, i + 8), 2);
      out.push(...(b === 0xff ? [0xff, 0] : [b]));
    }
    return Buffer.from(out);
  };
  const blocks = Math.ceil(side / 8) ** 2;
  const oneCode = [1, ...Array<number>(15).fill(0)];
  // Each hidden AC scan ends every block with end-of-band runs of 32767 blocks.
  const ac = Buffer.concat([Buffer.from([0xff, 0xda, 0, 8, 1, 1, 0, 1, 63, 0]), bits(`0${'1'.repeat(14)}`.repeat(Math.ceil(blocks / 32767)))]);
  const payload = Buffer.concat([...Array<Buffer>(hidden).fill(ac), Buffer.from([0xff, 0xd9])]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    seg(0xdb, [0, ...Array<number>(64).fill(1)]),
    seg(0xc2, [8, ...u16(side), ...u16(side), 1, 1, 0x11, 0]),
    seg(0xc4, [0x00, ...oneCode, 0x00]),
    seg(0xc4, [0x10, ...oneCode, 0xe0]),
    seg(0xda, [1, 1, 0, 0, 0, 0]),
    bits('0'.repeat(blocks)),
    Buffer.from([0xff, 0xc4, 0, 19, 0x13, 0, 3, 1, ...Array<number>(13).fill(0)]),
    Buffer.from([0xff, 0xfe, ...u16(payload.length + 2)]),
    payload,
    Buffer.from([0xff, 0xd9]),
  ]);
}

function bmp(w: number, h: number): Buffer {
  const b = Buffer.alloc(54 + 64);
  b.write('BM', 0, 'latin1');
  b.writeUInt32LE(b.length, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(w, 18);
  b.writeInt32LE(h, 22);
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(24, 28);
  return b;
}

export async function bombs() {
  const goodPng = Buffer.from(await new Jimp({ width: 100, height: 100, color: 0xff8800ff }).getBuffer('image/png'));
  const goodJpeg = Buffer.from(await new Jimp({ width: 200, height: 200, color: 0x11aa33ff }).getBuffer('image/jpeg'));
  const many = gif(2, 2, Array.from({ length: 150 }, () => [2, 2] as [number, number]));
  return {
    pngBomb: zeroPng(8000, 8000),
    // Harmless sizes, but a second IHDR: the decoder must never see a header the probe did not.
    pngTwoHeaders: twoHeaderPng(20, 20, 20, 20),
    // A 4000×4000 frame hidden from header readers (the same file with 40000×40000 stalled 13 s).
    gifHiddenFrame: gifHiddenFrame(4000, 4000),
    // 50 scans hidden from a walk by segment lengths (small, so the old code decoded it quickly).
    jpegHiddenScans: hiddenScansJpeg(64, 50),
    jpegHuge: await lyingJpeg(60000, 60000),
    jpegLarge: await lyingJpeg(5000, 5000),
    gifBigFrame: gif(1, 1, [[6000, 6000]]),
    gifManyFrames: many,
    gifTruncated: many.subarray(0, 13 + 5),
    bmpHuge: bmp(5000, 5000),
    pngTruncated: goodPng.subarray(0, goodPng.length - 30),
    pngHeaderOnly: goodPng.subarray(0, 20),
    jpegTruncated: goodJpeg.subarray(0, Math.floor(goodJpeg.length * 0.6)),
    jpegPlanes: await (async () => {
      // A frame header naming 200 components (a plane each, to a decoder).
      const j = await lyingJpeg(1000, 1000);
      const sof = j.indexOf(Buffer.from([0xff, 0xc0]));
      j[sof + 9] = 200;
      return j;
    })(),
    tiff: Buffer.concat([Buffer.from('II*\0\x08\0\0\0', 'latin1'), Buffer.alloc(64)]),
  };
}
