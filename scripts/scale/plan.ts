/**
 * Who the generated members are, as pure functions of their id: the load driver and the tests
 * work out a member's carrier, subscriber ID and login from the id alone, without reading back.
 *
 * The generated set is for benchmarks only: every member shares one published password (hashed
 * once, see SCALE_PASSWORD) and subscriber IDs anyone can compute.
 */
import type { Rng } from './rng.js';

export type ScaleCarrier = 'docomo' | 'au' | 'softbank' | 'smartphone';

/** Four in ten on docomo, three on au, two on SoftBank, one on a smartphone (2009-ish shares). */
const CARRIER_CYCLE: readonly ScaleCarrier[] = ['docomo', 'au', 'softbank', 'docomo', 'au', 'docomo', 'smartphone', 'softbank', 'au', 'docomo'];

export function carrierOf(id: number): ScaleCarrier {
  return CARRIER_CYCLE[id % CARRIER_CYCLE.length]!;
}

/** The header each carrier's gateway vouches for the subscriber with. */
export const SUBSCRIBER_HEADER = { docomo: 'X-DCMGUID', au: 'X-UP-SUBNO', softbank: 'X-JPHONE-UID' } as const;

/** A subscriber ID of the carrier's own shape (carriers/*.ts check it), unique per member. */
export function subscriberIdOf(id: number, carrier: Exclude<ScaleCarrier, 'smartphone'>): string {
  if (carrier === 'docomo') return `S${id.toString(36).toUpperCase().padStart(6, '0')}`;
  if (carrier === 'au') return `SC${String(id).padStart(12, '0')}_sc.ezweb.ne.jp`;
  return `sCALE${String(id).padStart(11, '0')}`;
}

export const scaleLogin = (id: number) => `scale${id}`;
/** Every generated member's password (benchmarks only: hashed once and shared). */
export const SCALE_PASSWORD = 'scale-bench-only';

/** app_secrets row that marks a database as holding a generated set, and what it was made with. */
export const SCALE_MARKER = 'scale-seed';
export interface ScaleMarker {
  v: 1;
  members: number;
  seed: number;
  /** The generation's "now" (epoch ms): every timestamp is at or before it. */
  now: number;
}

/** The largest number of マイミク a member may have (mixi's own limit). */
export const MAX_FRIENDS = 1000;

/**
 * A member's intended number of friends: log-normal around a median of 20, plus one member in
 * 200 "popular" with 200–1,000 (log-uniform), so the tail reaches mixi's limit.
 */
export function targetDegree(rng: Rng, members: number): number {
  const cap = Math.min(MAX_FRIENDS, members - 1);
  const d = rng.chance(0.005) ? Math.round(200 * Math.pow(5, rng.next())) : Math.round(20 * Math.exp(0.8 * rng.normal()));
  return Math.max(1, Math.min(cap, d));
}

export const DAY = 86_400_000;
export const HOUR = 3_600_000;

/** Time layout: members join first, become friends next, then write (so feeds hold every entry). */
export const TIMELINE = {
  joinedFrom: 400 * DAY,
  joinedTo: 200 * DAY,
  befriendFrom: 199 * DAY,
  befriendTo: 100 * DAY,
  writtenWithin: 90 * DAY,
};
