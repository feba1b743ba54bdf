import { DomainError } from '../errors.js';
import type { Clock } from '../ports.js';
import type { Gender } from '../profiles/ports.js';
import { adDay, adWeek, ageAt, groupOf, WEEKLY_SLOTS, type Viewer } from './rules.js';
import type { AdStore, Campaign, Creative, Placement } from './ports.js';

/** Running campaigns are read again after this long (and at once after a sale through this process). */
const CACHE_MS = 30_000;
/** Counts are written at least this often, in one batch (see flush). */
export const FLUSH_MS = 10_000;
const GENDER_MS = 5 * 60_000;

interface Live {
  campaigns: Campaign[];
  creatives: Creative[];
  /** campaign id → placement:target booked this week */
  booked: Map<number, Set<string>>;
  week: string;
  until: number;
}

interface Pending {
  day: string;
  kind: 'i' | 'c';
  creative: Creative;
  memberId: number;
  group: string;
}

/**
 * Serving ads: which creative a viewer gets (targeting, this week's bookings, fair rotation),
 * the login jack once per member per campaign, and counting. Counting costs a page view one map
 * insert: views are kept per process, deduplicated per member, creative and day, and written in
 * batches (`flush`), where the database's own dedup table keeps several processes exact.
 */
export class AdService {
  private live: Live | null = null;
  private turn = new Map<string, number>();
  private pending = new Map<string, Pending>();
  /** Keys this process already wrote today (no second write for a reload). */
  private written = new Set<string>();
  private writtenDay = '';
  /** campaign:member pairs known to have had their login jack (saves a write per top page). */
  private jacked = new Set<string>();
  private genders = new Map<number, { gender: Gender; until: number }>();

  constructor(
    private readonly store: AdStore,
    private readonly clock: Clock,
  ) {}

  /** True when some running campaign has a creative in the placement (no viewer needed to know). */
  async serving(placement: Placement): Promise<boolean> {
    return (await this.running()).creatives.some((c) => c.placement === placement);
  }

  /**
   * A member's gender for targeting, kept a few minutes per process: a page view with an ad then
   * costs no extra read (a changed profile reaches targeting within GENDER_MS).
   */
  async gender(memberId: number, load: () => Promise<Gender>): Promise<Gender> {
    const now = this.clock.now();
    const hit = this.genders.get(memberId);
    if (hit && hit.until > now) return hit.gender;
    const gender = await load();
    if (this.genders.size > 100_000) this.genders.clear();
    this.genders.set(memberId, { gender, until: now + GENDER_MS });
    return gender;
  }

  /** Forget the cached campaigns and genders (after a sale or a new creative). */
  refresh(): void {
    this.live = null;
    this.genders.clear();
  }

  private async running(): Promise<Live> {
    const now = this.clock.now();
    const week = adWeek(now);
    if (this.live && this.live.until > now && this.live.week === week) return this.live;
    const campaigns = await this.store.adCampaigns.running(now);
    // The jack's fast path forgets with each reload (the database's mark stays the authority),
    // so it holds at most one period's members, not every member the process ever saw.
    this.jacked.clear();
    const ids = campaigns.map((c) => c.id);
    const [creatives, bookings] = await Promise.all([this.store.adCampaigns.creatives(ids), this.store.adSlots.bookings(ids)]);
    const booked = new Map<number, Set<string>>();
    for (const b of bookings) if (b.week === week) booked.set(b.campaignId, (booked.get(b.campaignId) ?? new Set()).add(`${b.placement}:${b.target}`));
    this.live = { campaigns, creatives, booked, week, until: now + CACHE_MS };
    return this.live;
  }

  private fits(c: Campaign, v: Viewer, placement: Placement): boolean {
    const booked = this.live?.booked.get(c.id);
    if (!booked) return false;
    const target = booked.has(`${placement}:all`) || (v.gender !== 'none' && booked.has(`${placement}:${v.gender}`));
    if (!target) return false;
    if (c.gender !== 'all' && c.gender !== v.gender) return false;
    const age = ageAt(v.birthDate, this.clock.now());
    if (age < c.ageMin || age > c.ageMax) return false;
    return c.carriers.length === 0 || c.carriers.includes(v.carrier);
  }

  /** The creatives a viewer may be shown in a placement now, in a stable order. */
  async eligible(v: Viewer, placement: Placement): Promise<Creative[]> {
    const live = await this.running();
    const ok = new Set(live.campaigns.filter((c) => this.fits(c, v, placement)).map((c) => c.id));
    return live.creatives.filter((cr) => cr.placement === placement && ok.has(cr.campaignId));
  }

  /** One creative for the placement, taking turns among the eligible ones (fair rotation). */
  async pick(v: Viewer, placement: Placement): Promise<Creative | null> {
    const list = await this.eligible(v, placement);
    if (!list.length) return null;
    const key = `${placement}:${list.map((c) => c.id).join(',')}`;
    const n = this.turn.get(key) ?? 0;
    this.turn.set(key, n + 1);
    return list[n % list.length]!;
  }

  /** The login jack a member has not seen yet (marked seen now: at most once per campaign). */
  async jack(v: Viewer): Promise<Creative | null> {
    for (const cr of await this.eligible(v, 'jack')) {
      const key = `${cr.campaignId}:${v.memberId}`;
      if (this.jacked.has(key)) continue;
      this.jacked.add(key);
      if (await this.store.adCounts.markSeen('-', 'j', cr.campaignId, v.memberId)) return cr;
    }
    return null;
  }

  /** A view or click to count later; `counted` false (crawler, emulator, QA) records nothing. */
  note(kind: 'i' | 'c', v: Viewer, creative: Creative, counted: boolean): void {
    if (!counted) return;
    const now = this.clock.now();
    const day = adDay(now);
    if (day !== this.writtenDay) {
      this.written.clear();
      this.writtenDay = day;
    }
    const key = `${day}|${kind}|${creative.id}|${v.memberId}`;
    if (this.written.has(key) || this.pending.has(key)) return;
    this.pending.set(key, { day, kind, creative, memberId: v.memberId, group: groupOf(v, now) });
  }

  /** A click counts only where the member was shown that creative today: never more clicks than views. */
  async noteClick(v: Viewer, creative: Creative, counted: boolean): Promise<void> {
    if (!counted) return;
    const day = adDay(this.clock.now());
    const shown = `${day}|i|${creative.id}|${v.memberId}`;
    if (!this.written.has(shown) && !this.pending.has(shown) && !(await this.store.adCounts.seen(day, 'i', creative.id, v.memberId))) return;
    this.note('c', v, creative, true);
  }

  /** True when counts wait to be written (the gateway's timer flushes them). */
  get backlog(): number {
    return this.pending.size;
  }

  /** Writes the waiting counts: a member's first view/click of the day, added up per row. */
  async flush(): Promise<void> {
    if (!this.pending.size) return;
    const batch = [...this.pending];
    this.pending.clear();
    const rows = new Map<string, { p: Pending; impressions: number; clicks: number }>();
    for (const [key, p] of batch) {
      this.written.add(key);
      if (!(await this.store.adCounts.markSeen(p.day, p.kind, p.creative.id, p.memberId))) continue;
      const rk = `${p.day}|${p.creative.id}|${p.creative.placement}|${p.group}`;
      const r = rows.get(rk) ?? { p, impressions: 0, clicks: 0 };
      if (p.kind === 'i') r.impressions++;
      else r.clicks++;
      rows.set(rk, r);
    }
    for (const { p, impressions, clicks } of rows.values()) {
      await this.store.adCounts.add({ day: p.day, creativeId: p.creative.id, campaignId: p.creative.campaignId, placement: p.creative.placement, group: p.group, impressions, clicks });
    }
  }

  /** A click: the creative's destination when it is one of its campaign's registered ones. */
  async click(creativeId: number): Promise<{ creative: Creative; url: string } | null> {
    const live = await this.running();
    const creative = live.creatives.find((c) => c.id === creativeId);
    const campaign = creative && live.campaigns.find((c) => c.id === creative.campaignId);
    if (!creative || !campaign || !campaign.destinations.includes(creative.destination)) return null;
    return { creative, url: creative.destination };
  }

  /** A creative's image, for serving to handsets (only while its campaign runs). */
  async image(creativeId: number): Promise<{ creative: Creative; image: Uint8Array } | null> {
    const live = await this.running();
    if (!live.creatives.some((c) => c.id === creativeId)) return null;
    return this.store.adCampaigns.creativeImage(creativeId);
  }

  /** A running campaign's corner and the chapters released so far (later ones stay hidden). */
  async corner(campaignId: number) {
    const c = (await this.running()).campaigns.find((x) => x.id === campaignId);
    if (!c) throw new DomainError('not_found');
    const now = this.clock.now();
    const chapters = (await this.store.adCampaigns.chapters(campaignId)).filter((ch) => ch.releaseAt <= now);
    return { campaign: c, chapters };
  }

  /** Running campaigns with a corner (for the top page's list). */
  async corners(): Promise<Campaign[]> {
    return (await this.running()).campaigns.filter((c) => c.cornerTitle !== '');
  }

  /** The sign-up form: only with the member's explicit consent; stores the nickname and answer, never any ID. */
  async signup(campaignId: number, m: { id: number; nickname: string }, input: { answer: string; consent: boolean }): Promise<boolean> {
    const { campaign } = await this.corner(campaignId);
    if (!campaign.signupQuestion) throw new DomainError('not_found');
    const answer = input.answer.trim();
    const fields: Record<string, string> = {};
    if (!input.consent) fields.consent = `${campaign.name}の広告主に回答を渡すことへの同意が必要です。`;
    if (!answer || answer.length > 200) fields.answer = '回答を200文字以内で入力してください。';
    if (Object.keys(fields).length) throw new DomainError('invalid_input', fields);
    return this.store.adCampaigns.addSignup(campaignId, { memberId: m.id, nickname: m.nickname, answer, createdAt: this.clock.now() });
  }

  /** Weekly slots left per placement and target for the given weeks. */
  async calendar(weeks: readonly string[]) {
    const sold = await this.store.adSlots.sold(weeks);
    return weeks.map((week) => ({
      week,
      cells: Object.entries(WEEKLY_SLOTS).flatMap(([placement, caps]) =>
        Object.entries(caps).map(([target, cap]) => ({ placement, target, cap, sold: sold.find((s) => s.week === week && s.placement === placement && s.target === target)?.sold ?? 0 })),
      ),
    }));
  }
}
