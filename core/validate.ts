import { DomainError } from './errors.js';
import { charLength, cleanText, hasControlCharacters } from './text.js';

/**
 * Member text for one field: cleaned, length in characters (a pictogram is one), no control
 * characters. Throws invalid_input naming the field.
 */
export function memberText(field: string, label: string, raw: string, min: number, max: number, multiline = true): string {
  const s = cleanText(raw);
  const n = charLength(s);
  if (n < min || n > max) throw new DomainError('invalid_input', { [field]: min > 0 ? `${label}は${min}〜${max}文字です` : `${label}は${max}文字までです` });
  if (hasControlCharacters(s) || (!multiline && s.includes('\n'))) throw new DomainError('invalid_input', { [field]: `${label}に使えない文字があります` });
  return s;
}

/** Refuses when a member did something `limit` times within `windowMs` (counted by the caller). */
export function checkRate(count: number, limit: number): void {
  if (count >= limit) throw new DomainError('rate_limited');
}
