import { loadJimp } from './jimp-codec.js';

/**
 * The site icon (/favicon.ico): two white footprints (足あと) on an orange disc, drawn here at
 * 32 and 16 px and packed as an ICO with PNG images (every browser since IE 9 reads these).
 */
async function footprints(size: number): Promise<Buffer> {
  const { Jimp } = await loadJimp();
  const img = new Jimp({ width: size, height: size, color: 0x00000000 });
  const s = size / 32;
  // Each print: a sole (ellipse) and three toes (dots), one print higher than the other.
  const prints = [
    { x: 11, y: 19, r: 0.18 },
    { x: 21, y: 12, r: -0.18 },
  ];
  img.scan(0, 0, size, size, (px, py, idx) => {
    const x = (px + 0.5) / s;
    const y = (py + 0.5) / s;
    const inDisc = (x - 16) ** 2 + (y - 16) ** 2 <= 15.5 ** 2;
    if (!inDisc) return;
    let white = false;
    for (const p of prints) {
      const dx = x - p.x;
      const dy = y - p.y;
      const rx = dx * Math.cos(p.r) - dy * Math.sin(p.r);
      const ry = dx * Math.sin(p.r) + dy * Math.cos(p.r);
      if ((rx / 3.2) ** 2 + ((ry - 1.5) / 4.6) ** 2 <= 1) white = true;
      for (const t of [-2.4, 0, 2.4]) if ((rx - t) ** 2 + (ry + 5.2 + Math.abs(t) * 0.25) ** 2 <= 1.1 ** 2) white = true;
    }
    const [r, g, b] = white ? [255, 255, 255] : [0xf0, 0x80, 0x20];
    img.bitmap.data[idx] = r;
    img.bitmap.data[idx + 1] = g;
    img.bitmap.data[idx + 2] = b;
    img.bitmap.data[idx + 3] = 255;
  });
  return img.getBuffer('image/png');
}

export async function faviconIco(): Promise<Buffer> {
  const images = await Promise.all([32, 16].map(async (size) => ({ size, png: await footprints(size) })));
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const e = Buffer.alloc(16);
    e[0] = size;
    e[1] = size;
    e.writeUInt16LE(1, 4); // planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}
