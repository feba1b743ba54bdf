/** The rate card's facts: weekly slots, image formats, target groups of a viewer. */
import type { Gender } from '../profiles/ports.js';
import { DAY_MS, japanDayNumber } from '../time.js';
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

/**
 * The day in Japan that `ms` falls in, with its names and date: asked several times in every page
 * view with advertising (a Date made and printed each time cost more than the rest of choosing
 * the ad), so the last day asked is kept.
 */
function dayOf(ms: number): { day: number; name: string; week: string; y: number; m: number; d: number } {
  const day = japanDayNumber(ms);
  if (day !== lastDay.day) {
    const monday = day - ((day + 3) % 7); // 1970-01-01 was a Thursday
    const date = new Date(day * DAY_MS); // midnight UTC of the date in Japan
    lastDay = { day, name: date.toISOString().slice(0, 10), week: new Date(monday * DAY_MS).toISOString().slice(0, 10), y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
  }
  return lastDay;
}
let lastDay = { day: NaN, name: '', week: '', y: 0, m: 0, d: 0 };

/** Sales weeks run Monday to Sunday in Japan, named by their Monday. */
export function adWeek(ms: number): string {
  return dayOf(ms).week;
}

export function adDay(ms: number): string {
  return dayOf(ms).name;
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
  const today = dayOf(now);
  // 'YYYY-MM-DD' (as members' birth dates are kept) read in place: asked per campaign per view.
  const plain = birthDate.length === 10 && birthDate.charCodeAt(4) === 45 && birthDate.charCodeAt(7) === 45;
  const [y, m, day] = plain ? [Number(birthDate.slice(0, 4)), Number(birthDate.slice(5, 7)), Number(birthDate.slice(8, 10))] : (birthDate.split('-').map(Number) as [number, number, number]);
  let age = today.y - y;
  if (today.m < m || (today.m === m && today.d < day)) age--;
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
