/** Text rules shared by every front: lengths count characters (code points), not UTF-16 units. */

const graphemes = new Intl.Segmenter('ja', { granularity: 'grapheme' });

/**
 * Length as a member sees it: user-perceived characters, so a pictogram (even a keycap or
 * flag sequence) counts as one.
 */
export function charLength(s: string): number {
  if (!/[^\u0000-\u02ff\u3000-\u9fff\uff00-\uffef]/.test(s)) return s.length;
  let n = 0;
  for (const _ of graphemes.segment(s)) n++;
  return n;
}

// C0/C1 controls other than tab/newline, and unpaired surrogates, never belong in member text.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

export function hasControlCharacters(s: string): boolean {
  return CONTROL.test(s) || !s.isWellFormed();
}

/** Normalises line ends and trims; member text is stored in one form. */
export function cleanText(s: string): string {
  return s.replace(/\r\n?/g, '\n').trim();
}
