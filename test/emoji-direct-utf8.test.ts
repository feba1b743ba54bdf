/**
 * The direct converters from UTF-8 sources (SoftBank 3G, PCs and smartphones) against the frozen
 * composed path: the same bytes or the same error for every input, any differing byte fails.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { emojiTables, PICTOGRAM_CARRIERS } from '../emoji/tables.js';
import { differences, name, PAIRS } from './support/emoji-differential.js';

const t = emojiTables();
const UTF8_PAIRS = PAIRS.filter((p) => p.fromCs === 'UTF-8').map((p) => [name(p), p] as const);
const utf8 = (s: string) => Buffer.from(s, 'utf8');
const hex = (h: string) => Buffer.from(h, 'hex');
const cat = (...parts: Uint8Array[]) => Buffer.concat(parts);

/** Every code point of the BMP that UTF-8 can carry (no surrogates), in order. */
const BMP = [...Array(0x10000).keys()].filter((cp) => cp < 0xd800 || cp >= 0xe000);
/** Stored forms of every pictogram (Unicode emoji sequences and plane-15 private forms). */
const STORED = PICTOGRAM_CARRIERS.flatMap((c) => [...t.pictograms[c].values()].map((p) => p.internal));
/** Private-use characters handsets send: every carrier's codes and au's UTF-8 codes. */
const PRIVATE = [...new Set([...PICTOGRAM_CARRIERS.flatMap((c) => [...t.pictograms[c].keys()]), ...t.auAutoToPictogram.keys(), 0xe000, 0xf8ff])].map((cp) => String.fromCodePoint(cp));
/** Emoji sequences and their parts, alone and whole: what joins, and what must not. */
const SEQUENCES = [
  '1\uFE0F\u20E3', '1\u20E3', '#\uFE0F\u20E3', '*\u20E3', '\u2600\uFE0F', '\u2600\uFE0E', '\u2600', '\u2764\uFE0F', '\u2640', '\u2640\uFE0F',
  '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}', '\u{1F3C3}\u200D\u2640\uFE0F', '\u{1F44D}\u{1F3FB}', '\u{1F3FB}', '\u{1F1EF}\u{1F1F5}', '\u{1F1EF}',
  '\uFE0F', '\uFE0E', '\u200D', '\u20E3', '\u{20BB7}', '\uFEFF', '\u3013', '〜', '～', '&', '&#', '1', '#', ' ', 'あ', 'ｶ', '\u00a9', '\u00ae', '\u2122',
];
/** Not UTF-8: overlong forms, surrogates, beyond U+10FFFF, stray continuation bytes, cut-off sequences. */
const BROKEN = ['c080', 'c1bf', 'e08080', 'e09fbf', 'eda080', 'edbfbf', 'f4908080', 'f5', 'ff', '80', 'bf', 'e381', 'f09f98', 'e38141', 'f0', 'c3'].map(hex);

describe('direct UTF-8 converters give the composed path\'s bytes', () => {
  it.each(UTF8_PAIRS)('%s: every code point of the BMP in one text (and alone: private use and a sample)', (_, p) => {
    const all = BMP.map((cp) => String.fromCharCode(cp)).join('');
    // Whole, and in runs of 256 (most of which hold no emoji-sequence part and so take the direct path).
    const runs = [...Array(Math.ceil(BMP.length / 256)).keys()].map((k) => utf8(all.slice(k * 256, k * 256 + 256)));
    expect(differences(p, [utf8(all), utf8([...all].reverse().join('')), ...runs])).toEqual([]);
    if (p.kind === 'markup') {
      const alone = BMP.filter((cp) => (cp >= 0xe000 && cp <= 0xf8ff) || cp % 37 === 0 || cp < 0x100);
      expect(differences(p, alone.map((cp) => utf8(`x${String.fromCharCode(cp)}1`)))).toEqual([]);
    }
  });

  it.each(UTF8_PAIRS)('%s: stored forms, private-use pictograms and emoji sequences next to each other', (_, p) => {
    const pieces = [...STORED, ...PRIVATE, ...SEQUENCES];
    const pairs = SEQUENCES.map((b) => utf8(PRIVATE.flatMap((a) => [a, b, a]).join('')));
    const around = SEQUENCES.map((a) => utf8(STORED.filter((_, i) => i % 3 === 0).flatMap((b) => [a, b]).join('')));
    expect(differences(p, [utf8(pieces.join('')), ...pairs, ...around, ...pieces.map(utf8)])).toEqual([]);
  });

  it.each(UTF8_PAIRS)('%s: references, webcodes, malformed bytes and every prefix of a mixed text', (_, p) => {
    const inputs: Uint8Array[] = [];
    for (const ch of PRIVATE) {
      const cp = ch.codePointAt(0)!;
      const h = cp.toString(16);
      for (const ref of [`&#x${h.toUpperCase()};`, `&#x${h};`, `&#${cp};`, `&#X${h};`, `&#x${h}`, `&#0${cp};`, `&#x${h.slice(0, 3)};`]) inputs.push(utf8(`晴れ${ref}です`));
    }
    for (const w of ['\x1b$G!\x0f', '\x1b$G!"#', '\x1b$', '\x1b', '\x1b$Q!\x0f\x1b$E*+\x0f', '\x0f']) inputs.push(utf8(`a${w}b`), utf8(w));
    for (const b of BROKEN) inputs.push(b, cat(utf8('aあ'), b), cat(b, utf8('あ')), cat(utf8('\uE04A'), b));
    const mixed = utf8(`日記&#xE63E;ｶﾀｶﾅ\uE04A\uE63E${STORED[3]}1\uFE0F\u20E3\u{1F1EF}\u{1F1F5}&#59006;\x1b$G!\x0f〜end`);
    for (let k = 0; k <= mixed.length; k++) inputs.push(mixed.subarray(0, k));
    expect(differences(p, inputs)).toEqual([]);
  });

  it.each(UTF8_PAIRS)('%s: random texts of tricky pieces, and random bytes', (_, p) => {
    const pieces = [...SEQUENCES, ...PRIVATE.filter((_, i) => i % 5 === 0), ...STORED.filter((_, i) => i % 7 === 0), '&#xE63E;', '&#58942;', '&#x', '\x1b$G', '\x0f', 'x', ';'].map(utf8).concat(BROKEN);
    fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (ps) => differences(p, [cat(...ps)]).length === 0), { seed: 1013, numRuns: 400 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => differences(p, [bytes]).length === 0), { seed: 1013, numRuns: 200 });
  });

  it('writes pictogram names far longer than their characters, at any length', () => {
    for (const [, p] of UTF8_PAIRS.filter(([, q]) => q.kind === 'markup')) {
      const all = utf8(PRIVATE.join(''));
      expect(differences(p, [cat(...Array(30).fill(all)), cat(utf8('x'.repeat(5000)), ...Array(10).fill(all))])).toEqual([]);
    }
  });
});
