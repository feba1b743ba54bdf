/**
 * The direct converters (emoji/direct.ts) against the composed path they replace, frozen in
 * the composed path (transcoderFor): for every input, the same bytes, or the same malformed-input error
 * at the same offset. Any differing byte fails. (UTF-8 sources: emoji-direct-utf8.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mayJoin, tokenContinuations } from '../emoji/direct.js';
import { convertSjis, COPY, ERROR, LEAD, PAIR, SHORT, SLOW, type Tables } from '../emoji/direct-run.js';
import { MalformedInputError } from '../emoji/sjis.js';
import { emojiTables, PICTOGRAM_CARRIERS } from '../emoji/tables.js';
import { differences, FORMS, name, oracleFor, PAIRS, SJIS_SOURCES } from './support/emoji-differential.js';

const t = emojiTables();
const sjis = (s: string) => oracleFor('docomo-sjis', 'Shift_JIS').encode(s);
const hex = (h: string) => Buffer.from(h, 'hex');
const code = (c: number) => Uint8Array.of(c >> 8, c & 0xff);
const cat = (...parts: Uint8Array[]) => Buffer.concat(parts);

/** Every pictogram's Shift_JIS code, of every carrier (each source meets the others' codes too). */
const PICTOGRAM_CODES = PICTOGRAM_CARRIERS.flatMap((c) => [...t.pictograms[c].values()].flatMap((p) => (p.sjis === null ? [] : [code(p.sjis)])));
/** Every private-use code point a pictogram reference may name (pictograms of every carrier, au's UTF-8 codes). */
const REFERENCED = [...new Set([...PICTOGRAM_CARRIERS.flatMap((c) => [...t.pictograms[c].keys()]), ...t.auAutoToPictogram.keys()])];
/** Every valid character of the source on its own: single bytes, then every lead/trail pair. */
function everyCode(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let b = 0; b < 256; b++) out.push(Uint8Array.of(b));
  for (const lead of [...Array(0x1f).keys()].map((k) => k + 0x81).concat([...Array(0x1d).keys()].map((k) => k + 0xe0))) {
    for (let trail = 0; trail < 256; trail++) out.push(Uint8Array.of(lead, trail));
  }
  return out;
}
const isSjis = (bytes: Uint8Array) => {
  try {
    oracleFor('docomo-sjis', 'Shift_JIS').decode(bytes);
    return true;
  } catch {
    return false;
  }
};

/** Pieces that random inputs are made of: text, every kind of pictogram, references, escapes, broken bytes. */
const PIECES: Uint8Array[] = [
  sjis('今日は'), sjis('ｶﾗｵｹ'), sjis('a'), sjis(' '), sjis('\n'), sjis('1'), sjis('#'), sjis('*'), sjis('x'), sjis(';'), sjis('&'), sjis('&#'),
  sjis('&#x'), sjis('&#X'), sjis('E63E'), sjis('e63e'), sjis('58942'), sjis('&amp;'), sjis('<b>'), sjis('\\'), sjis('~'), sjis('〜'), hex('00'), hex('7f'),
  hex('8754'), hex('ed40'), hex('eefc'), hex('fa40'), hex('fa54'), hex('fc4b'), hex('f040'), hex('f9fc'), hex('f8a0'), hex('fbab'),
  hex('1b'), hex('1b2447'), hex('1b244721'), hex('1b2447210f'), hex('1b24452a2b0f'), hex('0f'),
  hex('81'), hex('9f'), hex('e0'), hex('fc'), hex('80'), hex('a0'), hex('fd'), hex('fe'), hex('ff'), hex('8126'), hex('811b'), hex('817f'), hex('81fd'),
  ...PICTOGRAM_CODES.filter((_, i) => i % 7 === 0),
  ...REFERENCED.filter((_, i) => i % 9 === 0).flatMap((cp) => [sjis(`&#x${cp.toString(16).toUpperCase()};`), sjis(`&#${cp};`), sjis(`&#x${cp.toString(16)};`)]),
];

describe('direct Shift_JIS converters give the composed path\'s bytes', () => {
  it.each(SJIS_SOURCES.map(([from]) => [from] as const))('%s: every single byte and lead/trail pair alone, and after text', (from) => {
    const p = { from, fromCs: 'Shift_JIS' as const, to: 'softbank-utf8' as const, toCs: 'UTF-8' as const, kind: 'markup' as const };
    const codes = everyCode();
    expect(differences(p, codes)).toEqual([]);
    expect(differences(p, codes.map((c) => cat(sjis('あa'), c)))).toEqual([]);
  });

  it.each(PAIRS.filter((p) => p.fromCs === 'Shift_JIS').map((p) => [name(p), p] as const))('%s: all valid characters in one text (and one by one, for markup)', (_, p) => {
    const valid = everyCode().filter(isSjis);
    expect(differences(p, [cat(...valid), cat(...valid.reverse())])).toEqual([]);
    if (p.kind === 'markup') expect(differences(p, valid.map((c) => cat(sjis('x'), c, sjis('1'))))).toEqual([]);
  });

  it.each(PAIRS.filter((p) => p.fromCs === 'Shift_JIS').map((p) => [name(p), p] as const))('%s: pictograms next to pictograms whose stored form is several code points', (_, p) => {
    const several = [...new Set(PICTOGRAM_CARRIERS.flatMap((c) => [...t.pictograms[c].values()].filter((q) => [...q.internal].length > 1 && q.sjis !== null).map((q) => q.sjis!)))].map(code);
    const eachPair = cat(...several.flatMap((a) => several.flatMap((b) => [a, b])));
    const interleaved = cat(...PICTOGRAM_CODES.flatMap((a, i) => [0, 1, 2, 3, 4].flatMap((k) => [a, several[(i * 5 + k) % several.length]!])));
    expect(differences(p, [cat(...PICTOGRAM_CODES), eachPair, interleaved])).toEqual([]);
  });

  it.each(PAIRS.filter((p) => p.fromCs === 'Shift_JIS').map((p) => [name(p), p] as const))('%s: numeric references, near misses and cut-off ones', (_, p) => {
    const inputs: Uint8Array[] = [];
    for (const cp of REFERENCED) {
      const h = cp.toString(16);
      for (const ref of [`&#x${h.toUpperCase()};`, `&#x${h};`, `&#${cp};`, `&#X${h};`, `&#x${h}`, `&#x${h}0;`, `&#0${cp};`, `&&#x${h};;`, `&#x${h.slice(0, 3)};`]) {
        inputs.push(sjis(`晴れ${ref}です`), sjis(ref));
      }
      inputs.push(cat(sjis(`&#x${h.slice(0, 2)}`), hex('8341'), sjis(`${h.slice(2)};`)));
    }
    for (const ref of ['&#xFFFF;', '&#x0041;', '&#65535;', '&#57343;', '&#63744;', '&#xF8FF;', '&#xE000;', '&#x;', '&#', '&']) inputs.push(sjis(`a${ref}b`));
    expect(differences(p, inputs)).toEqual([]);
  });

  it.each(PAIRS.filter((p) => p.fromCs === 'Shift_JIS').map((p) => [name(p), p] as const))('%s: webcode escapes, stray ESC, and every prefix of a mixed text', (_, p) => {
    const mixed = cat(sjis('日記&#xE63E;ｶﾀｶﾅ'), hex('f89f'), hex('f660'), hex('fbab'), hex('1b2447210f'), sjis('&#59006;'), hex('8754fa40ed40'), sjis('1#*'), hex('1b'), sjis('end'));
    const inputs = [...Array(mixed.length + 1).keys()].map((k) => mixed.subarray(0, k));
    inputs.push(hex('1b2447212223'), hex('1b24'), hex('1b2447'), cat(hex('1b24470f'), hex('80')), cat(hex('80'), hex('1b')));
    expect(differences(p, inputs)).toEqual([]);
  });

  it.each(PAIRS.map((p) => [name(p), p] as const))('%s: random texts of tricky pieces, and random bytes', (_, p) => {
    const seed = 1013;
    fc.assert(fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (pieces) => differences(p, [cat(...pieces)]).length === 0), { seed, numRuns: 300 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => differences(p, [bytes]).length === 0), { seed, numRuns: 200 });
  });

  it('writes pictogram names far longer than their codes, at any length (the output grows as needed)', () => {
    for (const [from] of SJIS_SOURCES) {
      for (const [to, toCs] of FORMS) {
        const p = { from, fromCs: 'Shift_JIS' as const, to, toCs, kind: 'markup' as const };
        const all = cat(...PICTOGRAM_CODES);
        expect(differences(p, [cat(...Array(40).fill(all)), cat(sjis('x'.repeat(5000)), ...Array(10).fill(all))])).toEqual([]);
      }
    }
  });

  it('takes the composed path for a stored form that could run into the next one (none does with today\'s tables)', () => {
    const flag = '\u{1F1EF}\u{1F1F5}';
    const next = tokenContinuations([flag, '1\uFE0F\u20E3']);
    const match = (s: string, i: number) => (s.startsWith(flag, i) ? (['x', 4] as const) : null);
    const firsts = new Set([0x1f1ef, 0x1f1f5, 0x31]);
    expect(mayJoin('\u{1F1EF}', next, firsts, match)).toBe(true);
    expect(mayJoin('a\u{1F1EF}', next, firsts, match)).toBe(true);
    expect(mayJoin(flag, next, firsts, match)).toBe(false);
    expect(mayJoin(`${flag}\u{1F1EF}`, next, firsts, match)).toBe(true);
    expect(mayJoin('1', next, firsts, match)).toBe(false);
    expect(mayJoin('1', next, new Set([0xfe0f]), match)).toBe(true);
    expect(mayJoin('\u{1F1EF}', next, new Set([0x1f1ee]), match)).toBe(false);
  });
});

describe('the Shift_JIS loops on hand-made tables (cases no carrier table has today)', () => {
  // A code with no output (an empty SHORT) and a code the composed path must take (SLOW, never
  // packed): both loops, kind first (pairs mostly copied) and packed first (pairs mostly changed).
  const tables = (packedFirst: boolean): Tables => {
    const kind = new Uint8Array(65536).fill(ERROR);
    const short = new Uint32Array(65536);
    const pack = (c: number, bytes: number[]) => (short[c] = (bytes[0]! | ((bytes[1] ?? 0) << 8) | ((bytes[2] ?? 0) << 16) | (bytes.length << 24)) >>> 0);
    kind[0x41] = COPY;
    pack(0x41, [0x41]);
    kind[0x42] = SHORT; // no output: nothing packed
    kind[0x43] = SLOW;
    for (let b = 0; b < 256; b++) if (LEAD[b]) kind[b] = PAIR;
    kind[0x82a0] = SHORT;
    pack(0x82a0, [0xe3, 0x81, 0x82]);
    kind[0x88a0] = COPY;
    pack(0x88a0, [0x88, 0xa0]);
    return { kind, short, long: [], ref: new Array(0x1900), amp: Uint8Array.of(0x26), ratio: 2, packedFirst };
  };
  const composed = () => Buffer.from('composed');
  for (const packedFirst of [false, true]) {
    it(`${packedFirst ? 'packed' : 'kind'} first: writes nothing for an empty output, and a SLOW code takes the composed path`, () => {
      const t = tables(packedFirst);
      expect(convertSjis(hex('41428' + '2a0418' + '8a042'), t, composed)).toEqual(hex('41e38182418' + '8a0'));
      expect(convertSjis(hex('4142434141'), t, composed)).toEqual(Buffer.from('composed'));
      expect(() => convertSjis(hex('414482a0'), t, composed)).toThrow(MalformedInputError);
      expect(() => convertSjis(hex('4182'), t, composed)).toThrow(MalformedInputError);
    });
  }
});
