import { z } from 'zod';
import { DomainError } from './errors.js';
import { byteLength, bytesFor, charLength, cleanText, hasControlCharacters } from './text.js';

/**
 * The one rule for a member-typed (or imported) text field, as a message for the member or null:
 * length in characters (code points, a pictogram counting as one — see core/text.ts), size in
 * UTF-8 bytes (`bytesFor(max)`), no control/invisible-reordering characters, one line if asked.
 */
export function textProblem(label: string, s: string, min: number, max: number, multiline = true): string | null {
  const n = charLength(s);
  if (n < min || n > max) return min > 0 ? `${label}は${min}〜${max}文字です` : `${label}は${max}文字までです`;
  if (byteLength(s) > bytesFor(max)) return `${label}が長すぎます。絵文字や記号を減らしてください`;
  if (hasControlCharacters(s) || (!multiline && s.includes('\n'))) return `${label}に使えない文字があります`;
  return null;
}

/**
 * Member text for one field: cleaned, then checked by `textProblem`. Throws invalid_input naming
 * the field.
 */
export function memberText(field: string, label: string, raw: string, min: number, max: number, multiline = true): string {
  const s = cleanText(raw);
  const problem = textProblem(label, s, min, max, multiline);
  if (problem) throw new DomainError('invalid_input', { [field]: problem });
  return s;
}

/** The same rule inside a zod object (forms parsed as a whole). */
export function textField(label: string, min: number, max: number, multiline = true) {
  return z
    .string()
    .transform(cleanText)
    .superRefine((s, ctx) => {
      const problem = textProblem(label, s, min, max, multiline);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

/**
 * Field errors from a failed zod parse, as forms show them: the first message for each top-level
 * field (`form` for a problem with the whole input).
 */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) out[String(issue.path[0] ?? 'form')] ??= issue.message;
  return out;
}

/** The input parsed by `schema`, or invalid_input with the field errors. */
export function parseOrInvalid<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrors(parsed.error));
  return parsed.data;
}

/** Refuses when a member did something `limit` times within `windowMs` (counted by the caller). */
export function checkRate(count: number, limit: number): void {
  if (count >= limit) throw new DomainError('rate_limited');
}
