import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { generate, OUTPUT } from '../scripts/gen-emoji.js';
import { emojiTables, PICTOGRAM_CARRIERS, type Pictogram, type PictogramCarrier } from '../emoji/tables.js';
import { transcoderFor, toInternal, pictogramName } from '../emoji/index.js';
import { carrierById, type Charset, type EmojiForm } from '../carriers/index.js';
import { charLength } from '../core/text.js';

const t = emojiTables();
const FORMS: [EmojiForm, Charset][] = [
  ['docomo-sjis', 'Shift_JIS'],
  ['au-sjis', 'Shift_JIS'],
  ['softbank-utf8', 'UTF-8'],
  ['softbank-webcode', 'Shift_JIS'],
  ['unicode', 'UTF-8'],
];
const tc = (form: EmojiForm) => transcoderFor(form, FORMS.find(([f]) => f === form)![1]);
/** What a receiver's bytes say, read back with that receiver's own (strict, pictogram-aware) decoder. */
const show = (form: EmojiForm, bytes: Buffer) => tc(form).decode(bytes);
const all = (c: PictogramCarrier) => [...t.pictograms[c].values()];

describe('emoji tables', () => {
  it('are what the generator produces (nobody edits them by hand)', () => {
    expect(JSON.parse(readFileSync(OUTPUT, 'utf8'))).toEqual(JSON.parse(JSON.stringify(generate())));
  });

  it('hold every carrier pictogram', () => {
    expect(t.pictograms.docomo.size).toBe(252);
    expect(t.pictograms.au.size).toBe(641);
    expect(t.pictograms.softbank.size).toBeGreaterThanOrEqual(474);
  });

  it("store each of a carrier's pictograms in a form none of its other pictograms shares", () => {
    for (const c of PICTOGRAM_CARRIERS) {
      const seen = new Map<string, string>();
      for (const p of all(c)) {
        const other = seen.get(p.internal);
        expect(other, `${c} ${p.pua.toString(16)} collides with ${other}`).toBeUndefined();
        seen.set(p.internal, `${c} ${p.pua.toString(16)}`);
      }
    }
  });
});

describe('each carrier round-trips its own pictograms exactly', () => {
  const bytesOf = (p: number) => Buffer.from([p >> 8, p & 0xff]);

  it.each(all('docomo').map((p) => [p.pua.toString(16), p] as const))('docomo %s', (_, p) => {
    const bytes = Buffer.concat([Buffer.from('あ'), bytesOf(p.sjis!), Buffer.from('z')]).subarray(3);
    const internal = tc('docomo-sjis').decode(bytes);
    expect(internal).toBe(`${p.internal}z`);
    expect(tc('docomo-sjis').encode(internal).equals(bytes)).toBe(true);
  });

  it.each(all('au').map((p) => [p.pua.toString(16), p] as const))('au %s', (_, p) => {
    const bytes = bytesOf(p.sjis!);
    const internal = tc('au-sjis').decode(bytes);
    expect(internal).toBe(p.internal);
    expect(tc('au-sjis').encode(internal).equals(bytes)).toBe(true);
    // The same pictogram from an au UTF-8 form (second private-use range).
    expect(tc('au-sjis').decode(Buffer.from('x')) + toInternal(String.fromCharCode(p.auAuto!), 'au-sjis')).toBe(`x${p.internal}`);
  });

  it.each(all('softbank').map((p) => [p.pua.toString(16), p] as const))('SoftBank %s (3G UTF-8 and 2G webcode)', (_, p) => {
    const utf8 = Buffer.from(String.fromCharCode(p.pua), 'utf8');
    const internal = tc('softbank-utf8').decode(utf8);
    expect(internal).toBe(p.internal);
    expect(tc('softbank-utf8').encode(internal).equals(utf8)).toBe(true);
    const webcode = Buffer.from(p.webcode!, 'latin1');
    expect(tc('softbank-webcode').decode(webcode)).toBe(p.internal);
    expect(tc('softbank-webcode').encode(p.internal).equals(webcode)).toBe(true);
    if (p.sjis !== null) expect(tc('softbank-webcode').decode(bytesOf(p.sjis))).toBe(p.internal);
  });

  it('reads numeric character references of the sending carrier', () => {
    expect(toInternal('晴れ&#xE63E;です&#59006;', 'docomo-sjis')).toBe(`晴れ${t.pictograms.docomo.get(0xe63e)!.internal}です${t.pictograms.docomo.get(59006)!.internal}`);
    expect(toInternal('&#xE63E;', 'unicode')).toBe('&#xE63E;');
  });
});

describe('every pictogram reaches every other receiver as a pictogram or a name', () => {
  const cases: [string, Pictogram, EmojiForm][] = [];
  for (const c of PICTOGRAM_CARRIERS) for (const p of all(c)) for (const [f] of FORMS) cases.push([`${c} ${p.pua.toString(16)} → ${f}`, p, f]);

  it(`covers ${cases.length} pairs`, () => {
    for (const [label, p, form] of cases) {
      const out = show(form, tc(form).encode(`a${p.internal}b`));
      expect(out.startsWith('a') && out.endsWith('b'), label).toBe(true);
      const mid = out.slice(1, -1);
      expect(mid.length, label).toBeGreaterThan(0);
      expect(mid, label).not.toBe('?');
      expect(mid, label).not.toContain('\ufffd');
      expect(mid, label).not.toContain('〓');
    }
  });

  it('shows a docomo sun as the sun on au, SoftBank and a PC, and a name where there is none', () => {
    const sun = t.pictograms.docomo.get(0xe63e)!;
    expect(sun.internal).toBe('☀️');
    expect(tc('au-sjis').encode(sun.internal).toString('hex')).toBe(t.pictograms.au.get(0xe488)!.sjis!.toString(16));
    expect(tc('softbank-utf8').encode(sun.internal).toString('utf8')).toBe('\ue04a');
    expect(tc('unicode').encode(sun.internal).toString('utf8')).toBe('☀️');
    const noUnicode = all('docomo').find((p) => p.internal.codePointAt(0)! >= 0xf0000)!;
    expect(show('unicode', tc('unicode').encode(noUnicode.internal))).toBe(`[${noUnicode.name}]`);
    expect(iconv.decode(tc('docomo-sjis').encode('晴れ'), 'cp932')).toBe('晴れ');
  });

  it('writes Unicode emoji from smartphones for keitai, with names where no pictogram exists', () => {
    expect(show('docomo-sjis', tc('docomo-sjis').encode('🍣と☀'))).toBe('[すし]と☀️');
    expect(show('au-sjis', tc('au-sjis').encode('寿司🧑‍💻'))).toBe('寿司[technologist]');
    expect(show('docomo-sjis', tc('docomo-sjis').encode('1️⃣2⃣ 12時'))).not.toContain('〓');
    expect(show('docomo-sjis', tc('docomo-sjis').encode('12時'))).toBe('12時');
    // Ordinary JIS characters stay text, with or without a variation selector.
    expect(iconv.decode(tc('docomo-sjis').encode('♀♂♀️'), 'cp932')).toBe('♀♂♀');
    expect(tc('softbank-utf8').encode('♀').toString('utf8')).toBe('♀');
  });

  it('escapes names that contain markup characters', () => {
    const html = tc('unicode').encode(`<p>${[...t.byPrivate.values()].map((p) => p.internal).join('')}</p>`).toString('utf8');
    expect(html.match(/<|>/g)).toHaveLength(4);
  });
});

describe('malformed and foreign input', () => {
  it('keeps the text around a truncated webcode', () => {
    const sun = t.pictograms.softbank.get(0xe04a)!;
    const z = t.pictograms.softbank.get(0xe03a)!;
    expect(tc('softbank-webcode').decode(Buffer.from('a\x1b$GjZ\x0fb', 'latin1'))).toBe(`a${sun.internal}${z.internal}b`);
    expect(tc('softbank-webcode').decode(Buffer.from('a\x1b$GjZb', 'latin1'))).toBe(`a${sun.internal}Zb`);
    expect(tc('softbank-webcode').decode(Buffer.from('a\x1b$b\x1b', 'latin1'))).toBe('a$b');
    expect(tc('softbank-webcode').decode(Buffer.from('a\x1b$G', 'latin1'))).toBe('a');
  });

  it('turns private-use characters of another carrier into 〓 and keeps the rest', () => {
    expect(tc('softbank-utf8').decode(Buffer.from('前\ue63e後'))).toBe('前〓後');
    expect(tc('unicode').decode(Buffer.from('PC\ue001から'))).toBe('PC〓から');
    expect(tc('docomo-sjis').decode(Buffer.from([0x41, 0xf0, 0x40, 0x42]))).toBe('A〓B');
  });

  it('counts a pictogram as one character for length limits', () => {
    expect(charLength(`日記${t.pictograms.docomo.get(0xe63e)!.internal}1️⃣${t.pictograms.docomo.get(0xe6a5)!.internal}`)).toBe(5);
  });
});

describe('properties over random mixed text', () => {
  const TEXT = [...'あいうえお日記表示ソフト能力ｶﾀｶﾅabc 123\n、。「」！？'];
  const textChar = fc.constantFrom(...TEXT);
  const pictogramOf = (c: PictogramCarrier) => fc.constantFrom(...all(c).map((p) => p.internal));
  const anyPictogram = fc.constantFrom(...[...t.byPrivate.values()].map((p) => p.internal));

  for (const [form, carrier] of [['docomo-sjis', 'docomo'], ['au-sjis', 'au'], ['softbank-utf8', 'softbank'], ['softbank-webcode', 'softbank']] as const) {
    it(`${form}: own pictograms in text survive encode → decode exactly`, () => {
      fc.assert(
        fc.property(fc.array(fc.oneof({ weight: 20, arbitrary: textChar }, { weight: 1, arbitrary: pictogramOf(carrier) }), { maxLength: 200 }), (parts) => {
          const s = parts.join('');
          expect(tc(form).decode(tc(form).encode(s))).toBe(s);
        }),
        { numRuns: 200 },
      );
    });
  }

  it('any receiver: never throws, never U+FFFD, plain text kept in order', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof({ weight: 10, arbitrary: textChar }, { weight: 1, arbitrary: anyPictogram }), { maxLength: 100 }), fc.constantFrom(...FORMS.map(([f]) => f)), (parts, form) => {
        const out = show(form, tc(form).encode(parts.join('')));
        expect(out).not.toContain('\ufffd');
        const plain = parts.filter((p) => TEXT.includes(p)).join('');
        let k = 0;
        for (const ch of out) if (ch === plain[k]) k++;
        expect(k).toBe(plain.length);
      }),
      { numRuns: 300 },
    );
  });

  it('pictogramName names stored pictograms', () => {
    expect(pictogramName(t.pictograms.docomo.get(0xe63e)!.internal)).toBe('晴れ');
  });
});

describe('mail text per receiving carrier', () => {
  it('writes au mail as ISO-2022-JP with au mail codes for pictograms', async () => {
    const { encodeMailText, sjisToJis } = await import('../emoji/index.js');
    expect(sjisToJis(0x88, 0x9f)).toEqual([0x30, 0x21]); // 亜
    expect(sjisToJis(0x82, 0xa0)).toEqual([0x24, 0x22]); // あ
    const sun = t.pictograms.au.get(0xe488)!;
    const m = encodeMailText('a晴れ☀️ｶﾅ', carrierById('au').mail);
    expect(m.charset).toBe('ISO-2022-JP');
    const jis = [0x1b, 0x24, 0x42];
    const expected = Buffer.from([0x61, ...jis, 0x40, 0x32, 0x24, 0x6c, sun.mailJis! >> 8, sun.mailJis! & 0xff, 0x25, 0x2b, 0x25, 0x4a, 0x1b, 0x28, 0x42]);
    expect(m.bytes.toString('hex')).toBe(expected.toString('hex'));
    expect([...m.bytes].every((b) => b < 0x80)).toBe(true);
  });

  it('writes docomo mail in Shift_JIS with pictogram bytes, SoftBank and PC mail in UTF-8', async () => {
    const { encodeMailText } = await import('../emoji/index.js');
    expect(encodeMailText('☀️', carrierById('docomo').mail).bytes.toString('hex')).toBe('f89f');
    expect(encodeMailText('☀️', carrierById('softbank').mail).bytes.toString('utf8')).toBe('\ue04a');
    expect(encodeMailText('☀️', carrierById('pc').mail).bytes.toString('utf8')).toBe('☀️');
  });
});
