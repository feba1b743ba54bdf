import { Jimp } from 'jimp';
import { DAY_MS } from '../core/time.js';
import { demoMemberId } from '../core/demo.js';
import type { Services } from './services.js';

/** A header band: the design's colour with a lighter stripe (the demo has no designer). */
async function header(color: number, stripe: number): Promise<Uint8Array> {
  const img = new Jimp({ width: 240, height: 36, color });
  for (let x = 0; x < 240; x++) for (let y = 28; y < 32; y++) img.setPixelColor(stripe, x, y);
  return new Uint8Array(await img.getBuffer('image/png'));
}

/** A small tile for the page background (a dot on the design's colour). */
async function tile(color: number, dot: number): Promise<Uint8Array> {
  const img = new Jimp({ width: 96, height: 96, color });
  for (let x = 40; x < 56; x++) for (let y = 40; y < 56; y++) img.setPixelColor(dot, x, y);
  return new Uint8Array(await img.getBuffer('image/png'));
}

/** A small GIF for the decorated-message gallery: a coloured square with a light centre. */
async function stamp(width: number, height: number, color: number): Promise<Buffer> {
  const img = new Jimp({ width, height, color });
  for (let x = Math.floor(width / 3); x < Math.ceil((2 * width) / 3); x++) for (let y = Math.floor(height / 3); y < Math.ceil((2 * height) / 3); y++) img.setPixelColor(0xffffffff, x, y);
  return img.getBuffer('image/gif');
}

/** The decorated-message gallery: two free templates and one for 30 points. */
async function seedDemoDecoTemplates(s: Services): Promise<void> {
  for (const [name, price, w, h, color] of [['ハート', 0, 24, 24, 0xff3399ff], ['キラキラ', 0, 24, 24, 0xffcc00ff], ['お花見バナー', 30, 120, 24, 0xffb7c5ff]] as const) {
    await s.decoGallery.add({ name, pricePoints: price, gif: await stamp(w, h, color), width: w, height: h });
  }
}

/**
 * Three designs in the catalogue — free 「さくら」, 100-point 「星空」, and 「レモンソーダ」 branded by
 * the demo campaign (free while it runs) — and auの花子's pages wearing 「さくら」.
 */
export async function seedDemoCollection(s: Services, campaignId: number | null): Promise<void> {
  const now = s.clock.now();
  const base = { campaignId: null, sponsor: null, availableFrom: null, availableUntil: null };
  const sakura = await s.collection.addDesign(
    { ...base, name: 'さくら', description: '春の桜色のきせかえ🌸', kind: 'free', pricePoints: 0, bgColor: '#fff0f5', textColor: '#663344', linkColor: '#cc3366', accent: '🌸' },
    { header: await header(0xffb7c5ff, 0xffffffff), background: await tile(0xfff0f5ff, 0xffd6e0ff) },
  );
  await s.collection.addDesign(
    { ...base, name: '星空', description: '夜空に星がきらめくきせかえ✨', kind: 'points', pricePoints: 100, bgColor: '#101840', textColor: '#ffffff', linkColor: '#ffdd55', accent: '🌙⭐' },
    { header: await header(0x101840ff, 0xffdd55ff), background: await tile(0x101840ff, 0xffffffff) },
  );
  await s.collection.addDesign(
    {
      name: 'レモンソーダ',
      description: 'レモンソーダ 夏のケータイ小説 キャンペーン限定のきせかえ🍋',
      kind: 'campaign',
      pricePoints: 0,
      campaignId,
      sponsor: 'デモ飲料株式会社',
      availableFrom: now - DAY_MS,
      availableUntil: now + 28 * DAY_MS,
      bgColor: '#fffbe0',
      textColor: '#333300',
      linkColor: '#2e8b57',
      accent: '🍋',
    },
    { header: await header(0xf2d500ff, 0x7cc242ff) },
  );
  await seedDemoDecoTemplates(s);
  const au = await demoMemberId(s.store, 'demo_au');
  if (au === null) return;
  await s.collection.acquire(au, sakura);
  await s.collection.apply(au, sakura, 'all');
}
