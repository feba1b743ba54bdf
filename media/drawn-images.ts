import { readFile } from 'node:fs/promises';
import type { DRAWINGS } from './drawings.js';

/**
 * Every image the code draws itself, checked in under media/drawn/ and read from there. Drawing
 * them is slow (jimp's GIF quantizer and JPEG encoder in plain JS: about a second for the set), and
 * every gateway start on an empty database seeds the demo with them. How each is drawn is in
 * media/drawings.ts; `npm run gen:images` redraws the files, and a test proves they show what
 * those functions draw, so nobody edits them by hand.
 */
export type DrawnImage = keyof typeof DRAWINGS;

/** Where a drawn image's checked-in file is. */
export const drawnImageUrl = (name: DrawnImage): URL => new URL(`./drawn/${name}`, import.meta.url);

/** A drawn image's bytes, read from its checked-in file (a fresh buffer for each caller). */
export function drawnImage(name: DrawnImage): Promise<Buffer> {
  return readFile(drawnImageUrl(name));
}
