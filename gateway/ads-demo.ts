import { drawnImage } from '../media/drawn-images.js';
import { adWeek } from '../core/ads/rules.js';
import { DAY_MS } from '../core/time.js';
import type { Services } from './services.js';

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
  await s.adSales.addCreative(campaignId, { placement: 'xl', image: await drawnImage('ad-xl.gif'), alt: 'レモンソーダ', destination });
  await s.adSales.addCreative(campaignId, { placement: 'jack', image: await drawnImage('ad-jack.gif'), alt: 'レモンソーダ新発売', destination });
  return campaignId;
}
