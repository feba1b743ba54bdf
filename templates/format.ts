/** Dates as members read them: Japan time, short enough for a keitai line. */
const JST = 9 * 3600_000;

export function dateTime(ms: number): string {
  const d = new Date(ms + JST);
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

export function fullDateTime(ms: number): string {
  return `${new Date(ms + JST).getUTCFullYear()}/${dateTime(ms)}`;
}

export function dayLabel(ms: number): string {
  const d = new Date(ms + JST);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

export function timeOfDay(ms: number): string {
  const d = new Date(ms + JST);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}
