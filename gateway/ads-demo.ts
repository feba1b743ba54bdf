import { Jimp } from 'jimp';
import { adWeek } from '../core/ads/rules.js';
import { DAY_MS } from '../core/time.js';
import type { Services } from './services.js';

/** A plain banner image of the size the placement takes (the demo has no designer). */
async function banner(width: number, height: number, color: number): Promise<Uint8Array> {
  const img = new Jimp({ width, height, color });
  for (let x = 0; x < width; x++) for (let y = 0; y < 6; y++) img.setPixelColor(0xffffffff, x, y); // a white band
  return new Uint8Array(await img.getBuffer('image/gif'));
}

export const DEMO_ADVERTISER = { login: 'demo-advertiser', password: 'ashiato-demo' } as const;

/**
 * The demo campaign (development only: seeded with the demo members on an empty database): a
 * running tie-up corner with two chapters (one out, one tomorrow), a sign-up form, a login jack
 * and an XL banner, booked this week and next, and the demo advertiser who sees its report.
 */
export async function seedDemoAds(s: Services): Promise<number> {
  const now = s.clock.now();
  const advertiserId = await s.adSales.createAdvertiser(DEMO_ADVERTISER.login, 'デモ飲料株式会社', DEMO_ADVERTISER.password);
  const destination = 'https://example.com/lemon-soda';
  const campaignId = await s.adSales.createCampaign({
    advertiserId,
    name: 'レモンソーダ 夏のケータイ小説',
    startsAt: now - DAY_MS,
    endsAt: now + 28 * DAY_MS,
    destinations: [destination],
    cornerTitle: 'レモンソーダ小説',
    cornerBody: '毎日1話ずつ公開中☀\nレモンソーダを片手にどうぞ🍋\n感想を送ってくれた人から抽選でプレゼント🎁',
    signupQuestion: '好きなシーンを教えてください',
  });
  await s.adSales.addChapter(campaignId, 'はじまりの夏', '駅のホームで、冷えたレモンソーダを手にした彼女に出会った。☀', now - DAY_MS);
  await s.adSales.addChapter(campaignId, 'ふたりの約束', '花火の夜、ふたりは約束をした。🎆', now + DAY_MS);
  for (const week of [adWeek(now), adWeek(now + 7 * DAY_MS)]) {
    await s.adSales.book(campaignId, 'xl', 'all', week, 66_000);
    await s.adSales.book(campaignId, 'jack', 'all', week, 20_000);
  }
  await s.adSales.addCreative(campaignId, { placement: 'xl', image: await banner(192, 106, 0xf2d500ff), alt: 'レモンソーダ', destination });
  await s.adSales.addCreative(campaignId, { placement: 'jack', image: await banner(240, 120, 0x7cc242ff), alt: 'レモンソーダ新発売', destination });
  return campaignId;
}
