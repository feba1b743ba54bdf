/**
 * Issue 18: pictogram pairs kept whole, names without doubled brackets, names escaped only in
 * markup, the carriers' cross map first for carrier → carrier, docomo → Unicode by meaning.
 * Codes on the wire are Shift_JIS (docomo, au) or private-use UTF-8 (SoftBank).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import iconv from 'iconv-lite';
import { simpleParser } from 'mailparser';
import { encodeMailText, transcoderFor } from '../emoji/index.js';
import { emojiTables, PICTOGRAM_CARRIERS, type PictogramCarrier, type Tables } from '../emoji/tables.js';
import { OUTPUT } from '../scripts/gen-emoji.js';
import { coverageTable } from '../scripts/emoji-coverage.js';
import { buildDecoMail, buildPlainMail } from '../mail/deco.js';
import { carrierById, type Charset, type EmojiForm } from '../carriers/index.js';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { signedInMember } from './support/members.js';

const t = emojiTables();
const raw: Tables = JSON.parse(readFileSync(OUTPUT, 'utf8'));
const source = (f: string) => JSON.parse(readFileSync(new URL(`../emoji/data/source/${f}`, import.meta.url), 'utf8'));
const FORM: Record<PictogramCarrier, [EmojiForm, Charset]> = { docomo: ['docomo-sjis', 'Shift_JIS'], au: ['au-sjis', 'Shift_JIS'], softbank: ['softbank-utf8', 'UTF-8'] };
const page = (c: PictogramCarrier) => transcoderFor(...FORM[c]);
const pc = transcoderFor('unicode', 'UTF-8');
const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');
/** A pictogram as its handset sends it: Shift_JIS code (docomo, au) or SoftBank's private-use character. */
const sent = (c: PictogramCarrier, code: string) => (c === 'softbank' ? Buffer.from(String.fromCharCode(Number.parseInt(code, 16)), 'utf8') : hex(code));
/** Bytes from one handset, stored, then written for another (as a page). */
const relay = (from: PictogramCarrier, code: string, to: PictogramCarrier) => page(to).encode(page(from).decode(sent(from, code)));
const sjis = (s: string) => iconv.encode(s, 'cp932');
const codesOf = (spec: string) => spec.slice(2).match(/.{4}/g)!.map((h) => Number.parseInt(h, 16));
/** The bytes a receiver uses for its own pictogram codes. */
const wire = (c: PictogramCarrier, puas: number[]) =>
  Buffer.concat(puas.map((p) => (c === 'softbank' ? Buffer.from(String.fromCharCode(p), 'utf8') : hex(t.pictograms[c].get(p)!.sjis!.toString(16)))));

describe('two-code values are kept whole', () => {
  it.each([
    ['docomo', 'F9C7', 'au', 'F649 F7CE'], // 冷や汗 → あせあせ + 汗
    ['au', 'F666', 'docomo', 'F89F F8A0'], // ときどき曇り → 晴れ + 曇り
    ['au', 'F3C7', 'docomo', 'F8CA F994'], // ホテル２ → ホテル + ハート
  ] as const)('%s %s → %s %s', (from, code, to, expected) => {
    expect(relay(from, code, to).toString('hex')).toBe(hex(expected).toString('hex'));
  });

  it('SoftBank E501 → docomo F8CA F994, in a page and in mail', () => {
    expect(relay('softbank', 'E501', 'docomo').toString('hex')).toBe('f8caf994');
    const stored = page('softbank').decode(sent('softbank', 'E501'));
    expect(encodeMailText(`あ${stored}あ`, carrierById('docomo').mail).bytes.toString('hex')).toBe(`${sjis('あ').toString('hex')}f8caf994${sjis('あ').toString('hex')}`);
  });

  it('Unicode emoji that emoji-datasource pairs with two codes reach the carrier as both', () => {
    expect(page('docomo').encode('🏩⛅').toString('hex')).toBe('f8caf994f89ff8a0');
    expect(page('au').encode('😅').toString('hex')).toBe('f649f7ce');
    expect(t.unicode.get('🏩')!.codes.docomo).toEqual([0xe669, 0xe6ef]);
  });

  it('no two-code value is truncated anywhere in the generated tables or on the way out', () => {
    // emoji-datasource: "E471-E5B1" stays whole in the table and in memory.
    const ds: Record<string, string | null>[] = createRequire(import.meta.url)('emoji-datasource/emoji.json');
    const pairs = ds.flatMap((e) => PICTOGRAM_CARRIERS.filter((c) => e[c]?.includes('-')).map((c) => [e.unified!, c, e[c]!] as const));
    expect(pairs.length).toBeGreaterThanOrEqual(3);
    for (const [unified, c, value] of pairs) {
      const row = raw.unicode.find((r) => r[0] === unified)!;
      expect(row[2 + PICTOGRAM_CARRIERS.indexOf(c)], unified).toBe(value);
      const seq = String.fromCodePoint(...unified.split('-').map((h) => Number.parseInt(h, 16)));
      expect(t.unicode.get(seq)!.codes[c], unified).toEqual(value.split('-').map((h) => Number.parseInt(h, 16)));
    }
    // The carriers' cross map: every 8-hex-digit target is two codes in the table and on the wire.
    const cross = source('cross-carrier.json');
    const auByAuto = new Map<string, string>(source('au.json').map((r: { unicode: string; unicode_auto: string }) => [r.unicode_auto, r.unicode]));
    let checked = 0;
    for (const c of PICTOGRAM_CARRIERS) {
      for (const [key, m] of Object.entries<Record<string, { type: string; unicode: string }>>(cross[c])) {
        for (const [d, target] of Object.entries(m) as [PictogramCarrier, { type: string; unicode: string }][]) {
          if (target.type !== 'pictogram' || target.unicode.length !== 8) continue;
          const pua = c === 'au' ? auByAuto.get(key)! : key;
          const spec = raw.cross[c][pua]![d]!;
          expect(spec, `${c} ${pua} → ${d}`).toMatch(/^p:[0-9A-F]{8}$/);
          const p = t.pictograms[c].get(Number.parseInt(pua, 16))!;
          expect(page(d).encode(p.internal).equals(wire(d, codesOf(spec))), `${c} ${pua} → ${d}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(9);
  });
});

describe('fallback names carry one pair of brackets', () => {
  it('keeps names that already have full-width brackets as they are', () => {
    const imode = [...t.pictograms.docomo.values()].filter((p) => raw.cross.docomo[p.pua.toString(16).toUpperCase()]?.au === 'n:［ｉモード］');
    expect(imode.length).toBeGreaterThan(0);
    for (const p of imode) expect(iconv.decode(page('au').encode(p.internal), 'cp932')).toBe('［ｉモード］');
  });

  it('writes the Vodafone logo E53C–E53E as one name', () => {
    const logo = [0xe53c, 0xe53d, 0xe53e].map((c) => t.pictograms.softbank.get(c)!.internal).join('');
    expect(page('softbank').decode(Buffer.from('\ue53c\ue53d\ue53e', 'utf8'))).toBe(logo);
    expect(iconv.decode(page('docomo').encode(`あ${logo}あ`), 'cp932')).toBe('あ[vodafone]あ');
    expect(iconv.decode(page('au').encode(logo), 'cp932')).toBe('[vodafone]');
    expect(pc.encode(logo).toString('utf8')).toBe('[vodafone]');
  });

  it('no receiver ever gets a name in doubled brackets', () => {
    for (const c of PICTOGRAM_CARRIERS) {
      for (const p of t.pictograms[c].values()) {
        for (const [form, cs] of [...Object.values(FORM), ['unicode', 'UTF-8'] as const]) {
          const out = transcoderFor(form, cs, 'text').encode(p.internal);
          const text = cs === 'UTF-8' ? out.toString('utf8') : iconv.decode(out, 'cp932');
          expect(text, `${c} ${p.pua.toString(16)} → ${form}`).not.toMatch(/[[［][[［]|[\]］][\]］]/);
        }
      }
    }
  });
});

describe('names are plain text except where markup is written', () => {
  const arrow = page('au').decode(hex('F749')); // au 左向き三角１: the cross map's name for docomo is "<"

  it('a docomo mail body and Subject get [<]; a page gets [&lt;]', async () => {
    expect(iconv.decode(encodeMailText(`あ${arrow}あ`, carrierById('docomo').mail).bytes, 'cp932')).toBe('あ[<]あ');
    expect(iconv.decode(page('docomo').encode(`あ${arrow}あ`), 'cp932')).toBe('あ[&lt;]あ');
    const mail = await simpleParser(await buildPlainMail({ from: 'a@ashiato.example', to: 'taro@docomo.ne.jp', subject: `件${arrow}`, text: `あ${arrow}あ` }, carrierById('docomo').mail));
    expect(mail.subject).toBe('件[<]');
    expect(mail.text).toContain('あ[<]あ');
  });

  it('deco-mail: [<] in its text part and Subject, [&lt;] in its HTML part, nothing escaped twice', async () => {
    const banner = Buffer.from('R0lGODlhAQABAIAAAP+ZMwAAACH5BAAAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
    for (const c of ['docomo', 'au'] as const) {
      const raw = await buildDecoMail({ from: 'a@ashiato.example', to: 'x@example.jp', subject: `件${arrow}`, headline: `見出し${arrow}<b>`, lines: ['a & b'], banner }, carrierById(c).mail);
      const m = await simpleParser(raw);
      if (c === 'docomo') {
        expect(m.subject).toBe('件[<]');
        expect(m.text).toContain('見出し[<]<b>');
      }
      expect(String(m.html)).toContain(c === 'docomo' ? '見出し[&lt;]&lt;b&gt;' : '&lt;b&gt;');
      expect(String(m.html)).toContain('a &amp; b');
      expect(String(m.html)).not.toContain('&amp;lt;');
    }
  });

  it('pages escape every name that holds a markup character, on every receiver', () => {
    const risky = [...t.byPrivate.values()].map((p) => p.internal).join('');
    for (const [form, cs] of [...Object.values(FORM), ['softbank-webcode', 'Shift_JIS'] as const, ['unicode', 'UTF-8'] as const]) {
      const out = transcoderFor(form, cs).encode(`<p>${risky}</p>`);
      const text = cs === 'UTF-8' ? out.toString('utf8') : iconv.decode(out, 'cp932');
      // Only the <p> tags: names such as "<", "(>３<)" or 動く"!" arrive escaped.
      expect(text.replace(/\x1b\$[GEFOPQ][\x21-\x7e]+\x0f/g, '').match(/[<>"]/g), form).toHaveLength(4);
    }
  });
});

describe('carrier → carrier follows the carriers\' own cross map', () => {
  it.each([
    ['au', 'F651', 'docomo', 'F99F'], // スパーク２ → ぴかぴか (not かわいい)
    ['au', 'F48D', 'docomo', 'F9C9'],
    ['softbank', 'E327', 'docomo', 'F991'],
    ['softbank', 'E412', 'docomo', 'F995 F9D2'],
  ] as const)('%s %s → %s %s', (from, code, to, expected) => {
    expect(relay(from, code, to).toString('hex')).toBe(hex(expected).toString('hex'));
  });

  it.each([
    ['au', 'F39C', '[熱]'], // not うれしい顔
    ['softbank', 'E447', '[風がビュー]'], // the map has no pictogram: the name, not もみじ
    ['au', 'F75A', '[＊]'], // 星１: the map's name, not かわいい
  ] as const)('%s %s → docomo %s', (from, code, expected) => {
    expect(iconv.decode(relay(from, code, 'docomo'), 'cp932')).toBe(expected);
  });

  it('for every pictogram and carrier: the map\'s pictogram(s), else its name, else our own name', () => {
    let jis = 0;
    for (const c of PICTOGRAM_CARRIERS) {
      for (const p of t.pictograms[c].values()) {
        for (const d of PICTOGRAM_CARRIERS) {
          if (d === c) continue;
          const spec = raw.cross[c][p.pua.toString(16).toUpperCase()]?.[d];
          const out = transcoderFor(...FORM[d], 'text').encode(p.internal);
          const label = `${c} ${p.pua.toString(16)} → ${d}`;
          if (spec?.startsWith('p:')) expect(out.equals(wire(d, codesOf(spec))), label).toBe(true);
          else {
            const text = d === 'softbank' ? out.toString('utf8') : iconv.decode(out, 'cp932');
            // ♀, ♂ and the like are ordinary JIS characters: a handset shows them as they are.
            // A stored form shared with a third carrier's pictogram (the map pairs them) may carry its name.
            const sharers = [p, ...PICTOGRAM_CARRIERS.flatMap((e) => (e !== c && e !== d ? (t.byInternal[e].get(p.internal) ?? []) : []))];
            const names = sharers.map((q) => {
              const s = raw.cross[q.carrier][q.pua.toString(16).toUpperCase()]?.[d];
              return s && s !== 'n:' ? s.slice(2) : q.label;
            });
            if (text.length === 1 && p.unicode?.startsWith(text)) jis++;
            else expect(names, label).toContain(text);
          }
        }
      }
    }
    expect(jis).toBeLessThan(10);
  });

  it('Unicode emoji no carrier stores go by emoji-datasource', () => {
    const stored = new Set(PICTOGRAM_CARRIERS.flatMap((c) => [...t.byInternal[c].keys()]));
    let checked = 0;
    for (const [seq, e] of t.unicode) {
      if (seq !== e.sequence || stored.has(seq)) continue;
      for (const d of PICTOGRAM_CARRIERS) {
        const codes = e.codes[d];
        if (!codes?.every((x) => t.pictograms[d].has(x))) continue;
        expect(page(d).encode(seq).equals(wire(d, codes)), `${seq} → ${d}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(4);
    expect(page('docomo').encode('🕙').toString('hex')).toBe('f95e'); // ten o'clock → docomo 時計
  });
});

describe('docomo → Unicode, decided by meaning', () => {
  it.each([
    ['F8BD', '🚇'], // 地下鉄
    ['F99D', '💟'], // かわいい
    ['F95E', '⏰'], // 時計
    ['F9D4', '🆖'], // NG
    ['F9DD', '🈲'], // 禁止
  ] as const)('docomo %s is %s for a PC and comes back to docomo as itself', (code, emoji) => {
    const stored = page('docomo').decode(hex(code));
    expect(pc.encode(stored).toString('utf8')).toBe(emoji);
    expect(page('docomo').encode(stored).toString('hex')).toBe(code.toLowerCase());
    expect(page('docomo').encode(emoji).toString('hex')).toBe(code.toLowerCase());
  });
});

describe('emoji/README.md', () => {
  it('holds the coverage table computed from the tables', () => {
    const readme = readFileSync(new URL('../emoji/README.md', import.meta.url), 'utf8');
    expect(readme).toContain(coverageTable());
  });
});

describe.each(dialects())('pictogram names through the gateway (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect);

  it('a message from au with a pictogram docomo lacks: [<] in the docomo mail, [&lt;] on the docomo page', async () => {
    const arrow = page('au').decode(hex('F749'));
    const sender = await signedInMember(gw, 'au', { nickname: `送${arrow}り主` });
    const reader = await signedInMember(gw, 'docomo', { mail: `taro18-${dialect}@docomo.ne.jp` });
    gw.mails.length = 0;
    await sender.go(`/messages/new?to=${reader.id}`);
    await sender.h.submit(sender.h.form('subject'), { subject: Buffer.concat([sjis('件名'), hex('F749'), sjis('です')]), body: sjis('本文') });
    expect(sender.h.last.status).toBe(200);
    expect(gw.mails).toHaveLength(1);
    const m = await simpleParser(gw.mails[0]!.raw!);
    expect(m.subject).toContain('送[<]り主さんからメッセージ');
    expect(m.text).toContain('件名: 件名[<]です');
    expect(String(m.html)).toContain('件名: 件名[&lt;]です');
    await reader.go('/messages');
    expect(reader.h.last.status).toBe(200);
    expect(reader.h.last.text).toContain('件名[&lt;]です');
    expect(reader.h.last.text).not.toContain('[<]');
    expect(reader.h.last.text).not.toContain('&amp;lt;');
  });
});
