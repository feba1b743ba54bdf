import { Jimp } from 'jimp';
import type { TestGateway } from './gateway.js';
import type { Placement, Target } from '../../core/ads/ports.js';
import { adWeek } from '../../core/ads/rules.js';

/** A plain GIF of the given size (the XL banner is 192×106). */
export async function gif(width = 192, height = 106, color = 0xff0000ff): Promise<Uint8Array> {
  return new Uint8Array(await new Jimp({ width, height, color }).getBuffer('image/gif'));
}

let seq = 0;

/** An advertiser with a running campaign, booked this week in `placements`, each with one creative. */
export async function campaignWith(
  gw: TestGateway,
  o: { placements: Placement[]; target?: Target; gender?: Target; ageMin?: number; ageMax?: number; carriers?: string[]; corner?: string; signup?: string; advertiserId?: number; destination?: string },
) {
  const s = gw.booted.services;
  const now = s.clock.now();
  const advertiserId = o.advertiserId ?? (await s.adSales.createAdvertiser(`adv-${++seq}-${Math.random().toString(36).slice(2, 6)}`, `広告主${seq}`, 'advertiser-pass'));
  const destination = o.destination ?? `https://example.com/campaign/${seq}`;
  const campaignId = await s.adSales.createCampaign({
    advertiserId,
    name: `キャンペーン${seq}`,
    startsAt: now - 3600_000,
    endsAt: now + 14 * 86_400_000,
    gender: o.gender ?? 'all',
    ageMin: o.ageMin ?? 0,
    ageMax: o.ageMax ?? 120,
    carriers: o.carriers ?? [],
    destinations: [destination],
    cornerTitle: o.corner ?? '',
    cornerBody: o.corner ? `${o.corner}へようこそ☀` : '',
    signupQuestion: o.signup ?? '',
  });
  const creatives: number[] = [];
  for (const p of o.placements) {
    await s.adSales.book(campaignId, p, o.target ?? 'all', adWeek(now), 100_000);
    creatives.push(await s.adSales.addCreative(campaignId, { placement: p, image: await gif(p === 'xl' ? 192 : 120, p === 'xl' ? 106 : 30, 0x00ff00ff + seq), alt: `広告${seq}`, destination }));
  }
  return { advertiserId, campaignId, creatives, destination };
}
