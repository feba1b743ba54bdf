import { drawnImage } from '../media/drawn-images.js';
import { DAY_MS } from '../core/time.js';
import { demoMemberId } from '../core/demo.js';
import type { Services } from './services.js';

/** The decorated-message gallery: two free templates and one for 30 points. */
async function seedDemoDecoTemplates(s: Services): Promise<void> {
  for (const [name, price, w, h, image] of [['ハート', 0, 24, 24, 'deco-heart.gif'], ['キラキラ', 0, 24, 24, 'deco-kirakira.gif'], ['お花見バナー', 30, 120, 24, 'deco-ohanami.gif']] as const) {
    await s.decoGallery.add({ name, pricePoints: price, gif: await drawnImage(image), width: w, height: h });
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
    { header: await drawnImage('design-sakura-header.png'), background: await drawnImage('design-sakura-tile.png') },
  );
  await s.collection.addDesign(
    { ...base, name: '星空', description: '夜空に星がきらめくきせかえ✨', kind: 'points', pricePoints: 100, bgColor: '#101840', textColor: '#ffffff', linkColor: '#ffdd55', accent: '🌙⭐' },
    { header: await drawnImage('design-hoshizora-header.png'), background: await drawnImage('design-hoshizora-tile.png') },
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
    { header: await drawnImage('design-lemon-header.png') },
  );
  await seedDemoDecoTemplates(s);
  const au = await demoMemberId(s.store, 'demo_au');
  if (au === null) return;
  await s.collection.acquire(au, sakura);
  await s.collection.apply(au, sakura, 'all');
}
