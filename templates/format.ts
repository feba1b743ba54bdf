/** Dates as members read them: Japan time, short enough for a keitai line. */
import { japanWallClock } from '../core/time.js';

export function dateTime(ms: number): string {
  const d = japanWallClock(ms);
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

export function fullDateTime(ms: number): string {
  return `${japanWallClock(ms).getUTCFullYear()}/${dateTime(ms)}`;
}

export function dayLabel(ms: number): string {
  const d = japanWallClock(ms);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

export function timeOfDay(ms: number): string {
  const d = japanWallClock(ms);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}
