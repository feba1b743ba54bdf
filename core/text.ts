/**
 * Text rules shared by every front and by imported text: one way to count a length, one set of
 * characters member text may not hold, one cleaning.
 */

const isVariationSelector = (c: number) => (c >= 0xfe00 && c <= 0xfe0f) || (c >= 0xe0100 && c <= 0xe01ef);
const isRegionalIndicator = (c: number) => c >= 0x1f1e6 && c <= 0x1f1ff;
const isKeycapBase = (c: number) => (c >= 0x30 && c <= 0x39) || c === 0x23 || c === 0x2a;

/**
 * Counts code points, except that the parts of a stored pictogram's own sequence do not count
 * again: one variation selector after a character (☀️, 葛󠄀), the keycap mark of 1️⃣, the second
 * regional indicator of a flag. So every pictogram counts as one, yet each counted character
 * carries at most two uncounted code points: combining marks, ZWJ, skin tones and the like all
 * count, and no run of invisible code points can hide behind one "character" (grapheme clusters
 * could: 20 letters with 450 combining marks were 20).
 * Stops before `maxChars`/`maxBytes` (UTF-8) would be exceeded; `end` is the UTF-16 index reached.
 */
function scan(s: string, maxChars = Infinity, maxBytes = Infinity): { chars: number; bytes: number; end: number } {
  let chars = 0;
  let bytes = 0;
  let i = 0;
  let vsFree = false; // a variation selector may still attach to the last counted character
  let keycapFree = false;
  let flagOpen = false; // the last counted character is a lone regional indicator
  let baseStart = 0;
  while (i < s.length) {
    const c = s.codePointAt(i)!;
    const units = c > 0xffff ? 2 : 1;
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    let counts = true;
    if (isVariationSelector(c) && vsFree) {
      counts = false;
      vsFree = false;
    } else if (c === 0x20e3 && keycapFree) {
      counts = false;
      keycapFree = vsFree = false;
    } else if (isRegionalIndicator(c) && flagOpen) {
      counts = false;
      flagOpen = vsFree = keycapFree = false;
    }
    if ((counts && chars + 1 > maxChars) || bytes + size > maxBytes) {
      // Never cut a pictogram's sequence in two: drop its base too.
      if (!counts) return { chars: chars - 1, bytes, end: baseStart };
      break;
    }
    if (counts) {
      chars++;
      baseStart = i;
      vsFree = !isVariationSelector(c) && c !== 0x20e3;
      keycapFree = isKeycapBase(c);
      flagOpen = isRegionalIndicator(c);
    }
    bytes += size;
    i += units;
  }
  return { chars, bytes, end: i };
}

/** Length as a member sees it (see `scan`): code points, a pictogram counting as one. */
export function charLength(s: string): number {
  // Plain BMP text without selectors or keycaps: one UTF-16 unit is one character.
  if (!/[\ud800-\udfff\ufe00-\ufe0f\u20e3]/.test(s)) return s.length;
  return scan(s).chars;
}

/** Size in UTF-8, as stored and as a UTF-8 page carries it. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/**
 * Byte cap for a field of `max` characters: what `max` of the widest single code point
 * (4 bytes: a plane-15 pictogram, a rare kanji) take, so any text of single code points that
 * fits the length fits the bytes; only sequences (keycaps, flags, selectors) can meet it first.
 */
export const bytesFor = (max: number) => max * 4;

/** Cuts to at most `max` characters and `maxBytes` bytes, marking a cut with "…". */
export function clipText(s: string, max: number, maxBytes = bytesFor(max)): string {
  const whole = scan(s, max, maxBytes);
  if (whole.end >= s.length) return s;
  return `${s.slice(0, scan(s, max - 1, maxBytes - 3).end)}…`;
}

// Never in member text: C0/C1 controls but tab and newline (CR is normalised first), DEL,
// unpaired surrogates, noncharacters, and the bidi embedding/override/isolate controls that
// make text display in an order other than the one it was written in.
const NONCHARACTERS = Array.from({ length: 17 }, (_, p) => `\\u{${(p * 0x10000 + 0xfffe).toString(16)}}\\u{${(p * 0x10000 + 0xffff).toString(16)}}`).join('');
const FORBIDDEN_CLASS = `[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069\\ufdd0-\\ufdef\\ud800-\\udfff${NONCHARACTERS}]`;
const FORBIDDEN = new RegExp(FORBIDDEN_CLASS, 'u');
const FORBIDDEN_ALL = new RegExp(FORBIDDEN_CLASS, 'gu');

export function hasControlCharacters(s: string): boolean {
  return FORBIDDEN.test(s);
}

/** Normalises line ends and trims; member text is stored in one form. */
export function cleanText(s: string): string {
  return s.replace(/\r\n?/g, '\n').trim();
}

/**
 * Text that did not come from a member's keypad (a blog feed): what typed text would be refused
 * for is removed instead (an unpaired surrogate becomes U+FFFD), then it is
 * cleaned as typed text is.
 */
export function cleanForeignText(s: string): string {
  return cleanText(s.replace(/\r\n?/g, '\n').replace(FORBIDDEN_ALL, (m) => (m.length === 1 && m >= '\ud800' && m <= '\udfff' ? '\ufffd' : '')));
}
