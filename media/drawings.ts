import { Jimp } from 'jimp';
import { demoAvatarPng } from './demo-avatar.js';

/**
 * How each image the code draws itself is drawn (the demo has no designer, and the deco-mail
 * notice has its own small banner). The gateway never runs these: it reads the drawn files that
 * are checked in under media/drawn/ (media/drawn-images.ts). `npm run gen:images` redraws them
 * with these functions, and a test proves the files show what these functions draw.
 */

/** A plain band of colour with a white band along its top (an ad banner). */
async function banner(width: number, height: number, color: number): Promise<Buffer> {
  const img = new Jimp({ width, height, color });
  for (let x = 0; x < width; x++) for (let y = 0; y < 6; y++) img.setPixelColor(0xffffffff, x, y);
  return img.getBuffer('image/gif');
}

/** A design's header: its colour with a lighter stripe. */
async function header(color: number, stripe: number): Promise<Buffer> {
  const img = new Jimp({ width: 240, height: 36, color });
  for (let x = 0; x < 240; x++) for (let y = 28; y < 32; y++) img.setPixelColor(stripe, x, y);
  return img.getBuffer('image/png');
}

/** A small tile for a page background: a dot on the design's colour. */
async function tile(color: number, dot: number): Promise<Buffer> {
  const img = new Jimp({ width: 96, height: 96, color });
  for (let x = 40; x < 56; x++) for (let y = 40; y < 56; y++) img.setPixelColor(dot, x, y);
  return img.getBuffer('image/png');
}

/** A decorated-message stamp: a coloured square with a light centre. */
async function stamp(width: number, height: number, color: number): Promise<Buffer> {
  const img = new Jimp({ width, height, color });
  for (let x = Math.floor(width / 3); x < Math.ceil((2 * width) / 3); x++) for (let y = Math.floor(height / 3); y < Math.ceil((2 * height) / 3); y++) img.setPixelColor(0xffffffff, x, y);
  return img.getBuffer('image/gif');
}

/** A plain photo of one colour, as a camera's JPEG. */
const photo = (color: number) => new Jimp({ width: 480, height: 360, color }).getBuffer('image/jpeg');

/** File name under media/drawn/ → how it is drawn. */
export const DRAWINGS = {
  // The deco-mail notice's decoration (every notice, not only the demo's).
  'deco-notice-banner.gif': () => new Jimp({ width: 120, height: 12, color: 0xff9933ff }).getBuffer('image/gif'),
  // Demo members' portraits (media/demo-avatar.ts).
  'avatar-demo.png': () => demoAvatarPng(30),
  'avatar-demo_docomo.png': () => demoAvatarPng(210),
  'avatar-demo_au.png': () => demoAvatarPng(120),
  'avatar-demo_softbank.png': () => demoAvatarPng(300),
  // auの花子's お花見 album.
  'album-mankai.jpg': () => photo(0xffb7c5ff),
  'album-shibafu.jpg': () => photo(0x88cc88ff),
  'album-aozora.jpg': () => photo(0x6699ffff),
  // The demo campaign's banners: the XL placement and the login jack.
  'ad-xl.gif': () => banner(192, 106, 0xf2d500ff),
  'ad-jack.gif': () => banner(240, 120, 0x7cc242ff),
  // Collection designs: さくら, 星空, レモンソーダ.
  'design-sakura-header.png': () => header(0xffb7c5ff, 0xffffffff),
  'design-sakura-tile.png': () => tile(0xfff0f5ff, 0xffd6e0ff),
  'design-hoshizora-header.png': () => header(0x101840ff, 0xffdd55ff),
  'design-hoshizora-tile.png': () => tile(0x101840ff, 0xffffffff),
  'design-lemon-header.png': () => header(0xf2d500ff, 0x7cc242ff),
  // The decorated-message gallery's templates.
  'deco-heart.gif': () => stamp(24, 24, 0xff3399ff),
  'deco-kirakira.gif': () => stamp(24, 24, 0xffcc00ff),
  'deco-ohanami.gif': () => stamp(120, 24, 0xffb7c5ff),
} satisfies Record<string, () => Promise<Buffer>>;
