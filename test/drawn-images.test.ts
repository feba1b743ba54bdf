import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Jimp } from 'jimp';
import { DRAWINGS } from '../media/drawings.js';
import { drawnImage, type DrawnImage } from '../media/drawn-images.js';
import { probeImage } from '../media/image-probe.js';

/**
 * The images the code draws itself are checked in (media/drawn/, read at start instead of drawn
 * each time); `npm run gen:images` redraws them. These files must show exactly what
 * media/drawings.ts draws, so a changed drawing without a redraw, or a hand-edited file, fails here.
 */
describe('drawn images', () => {
  const names = Object.keys(DRAWINGS) as DrawnImage[];

  it('has a checked-in file for every drawing and no file without one', () => {
    expect(readdirSync(new URL('../media/drawn/', import.meta.url)).sort()).toEqual([...names].sort());
  });

  it.each(names)('%s shows what its drawing draws, in the format its name says', async (name) => {
    const [kept, drawn] = await Promise.all([drawnImage(name), DRAWINGS[name]()]);
    expect(probeImage(kept).format).toBe({ gif: 'gif', png: 'png', jpg: 'jpeg' }[name.split('.').pop()!]);
    const [a, b] = await Promise.all([Jimp.read(kept), Jimp.read(drawn)]);
    expect([a.bitmap.width, a.bitmap.height]).toEqual([b.bitmap.width, b.bitmap.height]);
    expect(Buffer.compare(a.bitmap.data, b.bitmap.data), `${name}: pixels differ from the drawing; run npm run gen:images`).toBe(0);
  });

  it('gives each caller its own copy, so one caller cannot change what the next one reads', async () => {
    const first = await drawnImage('ad-xl.gif');
    first.fill(0);
    expect(probeImage(await drawnImage('ad-xl.gif')).format).toBe('gif');
  });
});
