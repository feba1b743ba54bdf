import { digest, randomToken, verifyPassword } from '../crypto.js';
import { DomainError } from '../errors.js';
import { clientBudget, LIMITS, type AttemptLimiter, type Client } from '../limits.js';
import type { Clock } from '../ports.js';
import { DAY_MS } from '../time.js';
import { adDay } from './rules.js';
import type { AdStore, Advertiser, Campaign, CountRow } from './ports.js';

const SESSION_MS = 12 * 3600_000;

export interface DayLine {
  day: string;
  impressions: number;
  uniques: number;
  clicks: number;
}

export interface Report {
  campaign: Campaign;
  days: DayLine[];
  /** CTR by one dimension of the target group: gender, age band, carrier. */
  by: Record<'gender' | 'age' | 'carrier', { key: string; impressions: number; clicks: number }[]>;
  booked: number;
  delivered: number;
  rows: CountRow[];
}

/**
 * The advertiser console's side of advertising: its own accounts and sessions (never members'),
 * and reports of the advertiser's own campaigns only: every id is checked against the owner.
 */
export class AdvertiserService {
  constructor(
    private readonly store: AdStore,
    private readonly clock: Clock,
    private readonly limiter: AttemptLimiter,
    /** Writes counts waiting in this process before a report reads them. */
    private readonly flush: () => Promise<void>,
  ) {}

  /** Password sign-in, throttled per login and per client like members' (failures only count). */
  async login(login: string, password: string, client: Client): Promise<{ token: string; advertiser: Advertiser }> {
    const name = login.trim().toLowerCase().slice(0, 64);
    const r = await this.limiter.reserve([{ key: `adv:login:${name}`, ...LIMITS.passwordAccount }, clientBudget('adv:addr', client, LIMITS.passwordAddress)]);
    if (!r) throw new DomainError('rate_limited');
    const a = await this.store.advertisers.byLogin(name);
    if (!a || !(await verifyPassword(password, a.passwordHash))) throw new DomainError('invalid_credentials');
    await r.release();
    const token = randomToken(24);
    await this.store.advertisers.startSession(digest(token), a.id, this.clock.now() + SESSION_MS);
    return { token, advertiser: { id: a.id, login: a.login, name: a.name } };
  }

  async resume(token: string): Promise<Advertiser | null> {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return null;
    const id = await this.store.advertisers.session(digest(token), this.clock.now());
    return id === null ? null : this.store.advertisers.byId(id);
  }

  logout(token: string): Promise<void> {
    return this.store.advertisers.endSession(digest(token));
  }

  campaigns(advertiserId: number): Promise<Campaign[]> {
    return this.store.adCampaigns.ofAdvertiser(advertiserId);
  }

  /** A campaign of this advertiser's; another's is "not found", exactly as a missing one. */
  async own(advertiserId: number, campaignId: number): Promise<Campaign> {
    const c = await this.store.adCampaigns.byId(campaignId);
    if (!c || c.advertiserId !== advertiserId) throw new DomainError('not_found');
    return c;
  }

  async creatives(advertiserId: number, campaignId: number) {
    await this.own(advertiserId, campaignId);
    return this.store.adCampaigns.creatives([campaignId]);
  }

  async creativeImage(advertiserId: number, creativeId: number) {
    const r = await this.store.adCampaigns.creativeImage(creativeId);
    if (!r) throw new DomainError('not_found');
    await this.own(advertiserId, r.creative.campaignId);
    return r;
  }

  async signups(advertiserId: number, campaignId: number) {
    await this.own(advertiserId, campaignId);
    return this.store.adCampaigns.signups(campaignId);
  }

  /** The last `days` days of the campaign (up to today), its CTR by group and its delivery. */
  async report(advertiserId: number, campaignId: number, days = 14): Promise<Report> {
    const campaign = await this.own(advertiserId, campaignId);
    await this.flush();
    const now = this.clock.now();
    const dayList = Array.from({ length: days }, (_, i) => adDay(now - (days - 1 - i) * DAY_MS));
    const from = dayList[0]!;
    const to = dayList[dayList.length - 1]!;
    const [rows, creatives, bookings] = await Promise.all([this.store.adCounts.forCampaign(campaignId, from, to), this.store.adCampaigns.creatives([campaignId]), this.store.adSlots.bookings([campaignId])]);
    const uniques = await this.store.adCounts.uniques(creatives.map((c) => c.id), from, to);
    const out: DayLine[] = dayList.map((day) => ({ day, impressions: 0, uniques: uniques.get(day) ?? 0, clicks: 0 }));
    const by: Report['by'] = { gender: [], age: [], carrier: [] };
    const add = (list: { key: string; impressions: number; clicks: number }[], key: string, r: CountRow) => {
      let e = list.find((x) => x.key === key);
      if (!e) list.push((e = { key, impressions: 0, clicks: 0 }));
      e.impressions += r.impressions;
      e.clicks += r.clicks;
    };
    for (const r of rows) {
      const d = out.find((x) => x.day === r.day);
      if (d) {
        d.impressions += r.impressions;
        d.clicks += r.clicks;
      }
      const [g = '', a = '', c = ''] = r.group.split(':');
      add(by.gender, g, r);
      add(by.age, a, r);
      add(by.carrier, c, r);
    }
    const booked = bookings.reduce((n, b) => n + b.impressions, 0);
    const delivered = (await this.store.adCounts.forCampaign(campaignId, '0000-00-00', '9999-99-99')).reduce((n, r) => n + r.impressions, 0);
    return { campaign, days: out, by, booked, delivered, rows };
  }
}
