import { z } from 'zod';
import { hashPassword } from '../crypto.js';
import { DomainError } from '../errors.js';
import type { Clock } from '../ports.js';
import { adWeek, CREATIVE_RULES, WEEKLY_SLOTS } from './rules.js';
import { PLACEMENTS, TARGETS, type AdStore, type Campaign, type Placement, type Target } from './ports.js';

/** What an image is, as media/'s probe reads it (core does not decode images itself). */
export type ImageProbe = (bytes: Uint8Array) => { format: string; mime: string; width: number; height: number; frames: number };

const campaignInput = z.object({
  advertiserId: z.number().int().positive(),
  name: z.string().min(1).max(100),
  startsAt: z.number().int(),
  endsAt: z.number().int(),
  gender: z.enum(TARGETS).default('all'),
  ageMin: z.number().int().min(0).max(120).default(0),
  ageMax: z.number().int().min(0).max(120).default(120),
  carriers: z.array(z.string().max(16)).default([]),
  destinations: z.array(z.string().regex(/^https?:\/\/[^\s]+$/).max(500)).min(1),
  cornerTitle: z.string().max(100).default(''),
  cornerBody: z.string().max(20_000).default(''),
  signupQuestion: z.string().max(200).default(''),
});

/** The sales side: advertisers, campaigns, bookings against the week's slots, creatives, chapters. */
export class AdSalesService {
  constructor(
    private readonly store: AdStore,
    private readonly clock: Clock,
    private readonly probe: ImageProbe,
    /** Called after a change that serving must see at once. */
    private readonly changed: () => void = () => {},
  ) {}

  async createAdvertiser(login: string, name: string, password: string): Promise<number> {
    if (!/^[a-z0-9-]{3,64}$/.test(login) || password.length < 8) throw new DomainError('invalid_input', { login: 'ログインIDは英小文字・数字・-で3〜64文字、パスワードは8文字以上です。' });
    if (await this.store.advertisers.byLogin(login)) throw new DomainError('login_taken');
    return this.store.advertisers.insert({ login, name, passwordHash: await hashPassword(password), createdAt: this.clock.now() });
  }

  async createCampaign(input: z.input<typeof campaignInput>): Promise<number> {
    const p = campaignInput.safeParse(input);
    if (!p.success || p.data.endsAt <= p.data.startsAt || p.data.ageMin > p.data.ageMax) throw new DomainError('invalid_input', { campaign: 'キャンペーンの内容が正しくありません。' });
    if (!(await this.store.advertisers.byId(p.data.advertiserId))) throw new DomainError('not_found');
    const id = await this.store.adCampaigns.insert(p.data as Omit<Campaign, 'id'>, this.clock.now());
    this.changed();
    return id;
  }

  /** Sells one slot of a week: refused when the week's slots for that placement and target are gone. */
  async book(campaignId: number, placement: Placement, target: Target, week: string, impressions: number): Promise<number> {
    if (!PLACEMENTS.includes(placement) || !TARGETS.includes(target) || !/^\d{4}-\d{2}-\d{2}$/.test(week) || !(impressions > 0)) throw new DomainError('invalid_input', { booking: '予約の内容が正しくありません。' });
    // A week is named by its Monday (Japan), and only this week and later are sold.
    const monday = Date.parse(`${week}T12:00:00+09:00`);
    if (!Number.isFinite(monday) || adWeek(monday) !== week || week < adWeek(this.clock.now())) throw new DomainError('invalid_input', { booking: '週は今週以降の月曜日の日付で指定してください。' });
    if (!(await this.store.adCampaigns.byId(campaignId))) throw new DomainError('not_found');
    const id = await this.store.transaction(async (tx) => {
      if (!(await tx.adSlots.take(placement, target, week, WEEKLY_SLOTS[placement][target]))) throw new DomainError('invalid_input', { booking: `${week}週の${placement}/${target}枠は売り切れです。` });
      return tx.adSlots.addBooking({ campaignId, placement, target, week, impressions }, this.clock.now());
    });
    this.changed();
    return id;
  }

  /** Checks an image against the placement's rules (format, size, bytes) and the campaign's destinations. */
  check(placement: Placement, bytes: Uint8Array) {
    // An own key only: 'constructor' and friends are on every object.
    const rule = Object.hasOwn(CREATIVE_RULES, placement) ? CREATIVE_RULES[placement] : undefined;
    if (!rule) throw new DomainError('invalid_input', { image: '掲載面が正しくありません。' });
    if (bytes.length > rule.maxBytes) throw new DomainError('invalid_input', { image: `画像は${rule.maxBytes / 1024}KB以内にしてください。` });
    let info: ReturnType<ImageProbe>;
    try {
      info = this.probe(bytes);
    } catch {
      throw new DomainError('invalid_input', { image: '画像として読めません。' });
    }
    if (!rule.formats.includes(info.format)) throw new DomainError('invalid_input', { image: `画像の形式は${rule.formats.join('/').toUpperCase()}にしてください。` });
    if ((rule.width && info.width !== rule.width) || (rule.height && info.height !== rule.height)) throw new DomainError('invalid_input', { image: `画像は${rule.width}×${rule.height}にしてください。` });
    return info;
  }

  async addCreative(campaignId: number, input: { placement: Placement; image: Uint8Array; alt: string; destination: string }): Promise<number> {
    const c = await this.store.adCampaigns.byId(campaignId);
    if (!c) throw new DomainError('not_found');
    const info = this.check(input.placement, input.image);
    if (!c.destinations.includes(input.destination)) throw new DomainError('invalid_input', { destination: 'リンク先はキャンペーンに登録済みのURLだけです。' });
    const alt = input.alt.trim().slice(0, 100);
    const id = await this.store.adCampaigns.addCreative({ campaignId, placement: input.placement, mime: info.mime, width: info.width, height: info.height, alt, destination: input.destination }, input.image, this.clock.now());
    this.changed();
    return id;
  }

  async addChapter(campaignId: number, title: string, body: string, releaseAt: number): Promise<number> {
    if (!(await this.store.adCampaigns.byId(campaignId))) throw new DomainError('not_found');
    if (!title.trim() || title.length > 100 || body.length > 20_000) throw new DomainError('invalid_input', { chapter: '章の内容が正しくありません。' });
    return this.store.adCampaigns.addChapter({ campaignId, title: title.trim(), body, releaseAt });
  }
}
