/**
 * Japan time, the members' calendar: their "today", billing months and ranking weeks. Japan has
 * kept UTC+9 without daylight saving since 1951, so a fixed offset is exact; this is the one
 * place it is written.
 */

/** For schedulers that take a zone name (node-cron). */
export const JAPAN_TIME_ZONE = 'Asia/Tokyo';
export const JAPAN_OFFSET_MS = 9 * 3_600_000;
export const DAY_MS = 86_400_000;

/** A Date whose UTC fields (getUTCHours, toISOString…) read as Japan's wall clock at `ms`. */
export function japanWallClock(ms: number): Date {
  return new Date(ms + JAPAN_OFFSET_MS);
}

/** The moment at which Japan's wall clock shows `wallMs` (wall-clock fields written as UTC, e.g. Date.UTC(…)). */
export function fromJapanWallClock(wallMs: number): number {
  return wallMs - JAPAN_OFFSET_MS;
}

/** The calendar month in Japan of a moment, as YYYY-MM. */
export function japanMonth(ms: number): string {
  return japanWallClock(ms).toISOString().slice(0, 7);
}

/** Whole days since 1970-01-01 on Japan's calendar. */
export function japanDayNumber(ms: number): number {
  return Math.floor((ms + JAPAN_OFFSET_MS) / DAY_MS);
}

/** Midnight in Japan at the start of the day `ms` falls in. */
export function startOfJapanDay(ms: number): number {
  return fromJapanWallClock(japanDayNumber(ms) * DAY_MS);
}
