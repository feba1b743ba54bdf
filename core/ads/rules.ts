/** The rate card's facts: weekly slots, image formats, target groups of a viewer. */
import type { Gender } from '../profiles/ports.js';
import { DAY_MS, japanDayNumber, japanWallClock } from '../time.js';
import type { Placement, Target } from './ports.js';

/** Slots sold per week, per placement and target group (the XL banner's: 18 / 15 men / 20 women). */
export const WEEKLY_SLOTS: Record<Placement, Record<Target, number>> = {
  xl: { all: 18, male: 15, female: 20 },
  jack: { all: 1, male: 1, female: 1 },
  top: { all: 6, male: 6, female: 6 },
};

/** Each placement's image: formats, exact size where the rate card fixes one, and byte limit. */
export const CREATIVE_RULES: Record<Placement, { formats: readonly string[]; width: number | null; height: number | null; maxBytes: number }> = {
  xl: { formats: ['gif'], width: 192, height: 106, maxBytes: 10 * 1024 },
  jack: { formats: ['gif', 'jpeg', 'png'], width: null, height: null, maxBytes: 20 * 1024 },
  top: { formats: ['gif', 'jpeg', 'png'], width: null, height: null, maxBytes: 10 * 1024 },
};

/** Sales weeks run Monday to Sunday in Japan, named by their Monday. */
export function adWeek(ms: number): string {
  const day = japanDayNumber(ms);
  const monday = day - ((day + 3) % 7); // 1970-01-01 was a Thursday
  return new Date(monday * DAY_MS).toISOString().slice(0, 10);
}

export function adDay(ms: number): string {
  return new Date(japanDayNumber(ms) * DAY_MS).toISOString().slice(0, 10);
}

/** Who sees an ad, as far as targeting and reports care (never who they are). */
export interface Viewer {
  memberId: number;
  gender: Gender;
  birthDate: string;
  /** The carrier adapter's id. */
  carrier: string;
}

export function ageAt(birthDate: string, now: number): number {
  const d = japanWallClock(now);
  const [y, m, day] = birthDate.split('-').map(Number) as [number, number, number];
  let age = d.getUTCFullYear() - y;
  if (d.getUTCMonth() + 1 < m || (d.getUTCMonth() + 1 === m && d.getUTCDate() < day)) age--;
  return age;
}

export const AGE_BANDS = ['-19', '20-29', '30-39', '40-'] as const;

export function ageBand(age: number): string {
  return age < 20 ? '-19' : age < 30 ? '20-29' : age < 40 ? '30-39' : '40-';
}

/** The report's target group of a viewer: `gender:ageBand:carrier`. */
export function groupOf(v: Viewer, now: number): string {
  return `${v.gender}:${ageBand(ageAt(v.birthDate, now))}:${v.carrier}`;
}
