/** What advertising needs from the outside world; db/ implements it. */
import type { UnitOfWork } from '../ports.js';

/** Where an ad shows: the completion-screen XL banner, the login jack, the top-page banner. */
export const PLACEMENTS = ['xl', 'jack', 'top'] as const;
export type Placement = (typeof PLACEMENTS)[number];
/** Target groups slots are sold in (the rate card's non-targeted / men / women). */
export const TARGETS = ['all', 'male', 'female'] as const;
export type Target = (typeof TARGETS)[number];

export interface Advertiser {
  id: number;
  login: string;
  name: string;
}

export interface Campaign {
  id: number;
  advertiserId: number;
  name: string;
  startsAt: number;
  endsAt: number;
  /** Targeting: gender ('all' or one), age band (inclusive), carriers (empty: every one). */
  gender: Target;
  ageMin: number;
  ageMax: number;
  carriers: string[];
  /** The only addresses its clicks may lead to. */
  destinations: string[];
  cornerTitle: string;
  cornerBody: string;
  /** The sign-up form's question ('' : the corner has no form). */
  signupQuestion: string;
}

export interface Creative {
  id: number;
  campaignId: number;
  placement: Placement;
  mime: string;
  width: number;
  height: number;
  alt: string;
  destination: string;
}

export interface Booking {
  id: number;
  campaignId: number;
  placement: Placement;
  target: Target;
  week: string;
  impressions: number;
}

export interface Chapter {
  id: number;
  campaignId: number;
  title: string;
  body: string;
  releaseAt: number;
}

/** One row of counts: a day, a creative in a placement, a target group `gender:age:carrier`. */
export interface CountRow {
  day: string;
  creativeId: number;
  campaignId: number;
  placement: Placement;
  group: string;
  impressions: number;
  clicks: number;
}

export interface Signup {
  memberId: number;
  nickname: string;
  answer: string;
  createdAt: number;
}

export interface AdvertiserRepository {
  insert(a: { login: string; name: string; passwordHash: string; createdAt: number }): Promise<number>;
  byLogin(login: string): Promise<(Advertiser & { passwordHash: string }) | null>;
  byId(id: number): Promise<Advertiser | null>;
  startSession(tokenHash: string, advertiserId: number, expiresAt: number): Promise<void>;
  session(tokenHash: string, now: number): Promise<number | null>;
  endSession(tokenHash: string): Promise<void>;
}

export interface AdCampaignRepository {
  insert(c: Omit<Campaign, 'id'>, createdAt: number): Promise<number>;
  byId(id: number): Promise<Campaign | null>;
  ofAdvertiser(advertiserId: number): Promise<Campaign[]>;
  /** Campaigns running at `now`. */
  running(now: number): Promise<Campaign[]>;
  addCreative(c: Omit<Creative, 'id'>, image: Uint8Array, createdAt: number): Promise<number>;
  creatives(campaignIds: readonly number[]): Promise<Creative[]>;
  creativeImage(id: number): Promise<{ creative: Creative; image: Uint8Array } | null>;
  addChapter(c: Omit<Chapter, 'id'>): Promise<number>;
  chapters(campaignId: number): Promise<Chapter[]>;
  /** False when the member already signed up. */
  addSignup(campaignId: number, s: Signup): Promise<boolean>;
  signups(campaignId: number): Promise<Signup[]>;
}

export interface AdSlotRepository {
  /** Takes one slot of the week when fewer than `cap` are sold: false when none is left. */
  take(placement: Placement, target: Target, week: string, cap: number): Promise<boolean>;
  sold(weeks: readonly string[]): Promise<{ placement: Placement; target: Target; week: string; sold: number }[]>;
  addBooking(b: Omit<Booking, 'id'>, createdAt: number): Promise<number>;
  bookings(campaignIds: readonly number[]): Promise<Booking[]>;
}

export interface AdCountRepository {
  /** Records a member's first `kind` of a creative in a period: false when already there. */
  markSeen(day: string, kind: string, creativeId: number, memberId: number): Promise<boolean>;
  seen(day: string, kind: string, creativeId: number, memberId: number): Promise<boolean>;
  /** Adds to a counter row (created at zero when missing). */
  add(row: CountRow): Promise<void>;
  forCampaign(campaignId: number, fromDay: string, toDay: string): Promise<CountRow[]>;
  /** Distinct members shown any of the campaign's creatives, per day. */
  uniques(creativeIds: readonly number[], fromDay: string, toDay: string): Promise<Map<string, number>>;
}

export interface AdRepositories {
  advertisers: AdvertiserRepository;
  adCampaigns: AdCampaignRepository;
  adSlots: AdSlotRepository;
  adCounts: AdCountRepository;
}

/** The ads services' slice of the store: selling a slot and its booking commit together. */
export interface AdStore extends AdRepositories, UnitOfWork<AdRepositories> {}
