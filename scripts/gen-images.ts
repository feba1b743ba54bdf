/**
 * Redraws media/drawn/ (every image the code draws itself) with media/drawings.ts. Run:
 * `npm run gen:images`. A test proves the checked-in files show what this draws.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { DRAWINGS } from '../media/drawings.js';
import { drawnImageUrl, type DrawnImage } from '../media/drawn-images.js';

mkdirSync(new URL('../media/drawn/', import.meta.url), { recursive: true });
for (const [name, draw] of Object.entries(DRAWINGS) as [DrawnImage, () => Promise<Buffer>][]) {
  const bytes = await draw();
  writeFileSync(drawnImageUrl(name), bytes);
  console.log(`media/drawn/${name}: ${bytes.length} bytes`);
}
