/**
 * Generates emoji/data/tables.json from the carrier tables (emoji/data/source/, from
 * ../shared/data/emoji) and emoji-datasource. Run: `npm run gen:emoji`. A test proves the
 * checked-in output equals what this produces, so nobody edits the tables by hand.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { labelOf, type PictogramCarrier, type Tables } from '../emoji/tables.js';

type Carrier = PictogramCarrier;
const CARRIERS: Carrier[] = ['docomo', 'au', 'softbank'];
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const read = (f: string) => JSON.parse(readFileSync(here(`../emoji/data/source/${f}`), 'utf8'));

interface Row {
  number: number;
  sjis: string;
  unicode: string;
  name: string;
  name_en?: string;
  unicode_auto?: string;
  sjis_auto?: string;
  email_sjis?: string;
  email_jis?: string;
}
interface DatasourceEntry {
  unified: string;
  non_qualified: string | null;
  docomo: string | null;
  au: string | null;
  softbank: string | null;
  short_name: string;
  sort_order: number;
}
type Target = { type: 'pictogram' | 'name'; unicode: string };

export function generate(): Tables {
  const rows: Record<Carrier, Row[]> = { docomo: read('docomo.json'), au: read('au.json'), softbank: read('softbank.json') };
  const cross: Record<Carrier, Record<string, Partial<Record<Carrier, Target>>>> = read('cross-carrier.json');
  const auByAuto = new Map(rows.au.map((r) => [r.unicode_auto!, r.unicode]));
  const webcode = (pua: string) => {
    const cp = Number.parseInt(pua, 16);
    const page = { 0xe0: 'G', 0xe1: 'E', 0xe2: 'F', 0xe3: 'O', 0xe4: 'P', 0xe5: 'Q' }[cp >> 8];
    if (!page) throw new Error(`no webcode page for ${pua}`);
    return Buffer.from(`\x1b$${page}${String.fromCharCode(0x20 + (cp & 0xff))}\x0f`, 'latin1').toString('hex');
  };
  for (const r of rows.softbank) if (webcode(r.unicode) !== r.sjis) throw new Error(`webcode formula disagrees for ${r.unicode}`);

  // SoftBank pictograms the cross map knows but the table lacks (sources disagree on 474–485).
  const sbKnown = new Set(rows.softbank.map((r) => r.unicode));
  for (const code of Object.keys(cross.softbank).sort()) {
    if (sbKnown.has(code)) continue;
    const t = Object.values(cross.softbank[code]!).find((v) => v?.type === 'name');
    // The sources name these late additions only '〓'; their neighbours (E53C–E53E) are
    // pieces of the Vodafone logo, so members read them as a logo rather than a blank.
    const name = t ? t.unicode.replace(/^\[|\]$/g, '') : '';
    rows.softbank.push({ number: 0, sjis: webcode(code), unicode: code, name: name && name !== '〓' ? name : 'ロゴ' });
  }
  // Some names are pieces of one bracketed name spread over consecutive pictograms (the
  // Vodafone logo E53C–E53E: "[v", "oda", "fone]"): shown as they are, so the whole logo
  // reads "[vodafone]" rather than each piece being bracketed again.
  const pieces = logoPieces(cross);
  const labels = { docomo: {}, au: {}, softbank: {} } as Tables['labels'];
  for (const c of CARRIERS) {
    for (const [key, m] of Object.entries(cross[c])) {
      const own = c === 'au' ? auByAuto.get(key)! : key;
      const piece = Object.values(m).find((t) => t?.type === 'name' && pieces.has(t.unicode));
      if (piece) labels[c][own] = piece.unicode;
    }
  }

  const require = createRequire(import.meta.url);
  const ds: DatasourceEntry[] = require('emoji-datasource/emoji.json');
  const all = [...ds].sort((a, b) => a.sort_order - b.sort_order);
  const withCodes = all.filter((e) => e.docomo || e.au || e.softbank);
  // emoji-datasource pairs some codes with several sequences (approximate matches: docomo's
  // sun also with 🌄). Store the sequence whose other carriers' codes agree most with the
  // carriers' own cross map, then the earliest in Unicode order.
  const crossTarget = (c: Carrier, code: string, d: Carrier): string | null => {
    const key = c === 'au' ? rows.au.find((r) => r.unicode === code)?.unicode_auto : code;
    const t = key ? cross[c][key]?.[d] : undefined;
    if (!t || t.type !== 'pictogram') return null;
    // Compared with emoji-datasource's spelling of a pair: "E63E-E63F".
    const parts = t.unicode.match(/.{4}/g)!.map((p) => (d === 'au' ? auByAuto.get(p) : p));
    return parts.every(Boolean) ? parts.join('-') : null;
  };
  const stored = { docomo: {}, au: {}, softbank: {} } as Tables['stored'];
  const scoreOf = { docomo: {}, au: {}, softbank: {} } as Record<Carrier, Record<string, number>>;
  for (const c of CARRIERS) {
    const valid = new Set(rows[c].map((r) => r.unicode));
    const best = new Map<string, [number, DatasourceEntry]>();
    for (const e of withCodes) {
      const code = e[c];
      if (!code || !valid.has(code)) continue;
      const score = CARRIERS.filter((d) => d !== c && e[d] && e[d] === crossTarget(c, code, d)).length;
      const prev = best.get(code);
      if (!prev || score > prev[0]) best.set(code, [score, e]);
    }
    for (const [code, [score, e]] of [...best].sort()) {
      stored[c][code] = e.unified;
      scoreOf[c][code] = score;
    }
  }
  for (const [code, unified] of Object.entries(DOCOMO_UNICODE)) {
    const e = withCodes.find((x) => x.unified === unified);
    if (!e || e.docomo !== code) throw new Error(`emoji-datasource does not pair docomo ${code} with ${unified}`);
    stored.docomo[code] = unified;
    scoreOf.docomo[code] = CARRIERS.length; // chosen by meaning: keeps its emoji when shared (see unshare)
  }
  // Names in the tables are plain text, ready to show (brackets added here, never escaped:
  // escaping is for the writer of markup, emoji/convert.ts). An empty, blank or 〓 name means
  // the map has nothing to say, and the pictogram's own name is shown instead.
  const target = (t: Target): string => {
    if (t.type === 'name') return /^[\s〓]*$/u.test(t.unicode) ? 'n:' : `n:${labelOf(t.unicode, pieces.has(t.unicode))}`;
    return `p:${t.unicode}`;
  };
  const crossOut = { docomo: {}, au: {}, softbank: {} } as Tables['cross'];
  for (const src of CARRIERS) {
    for (const [key, m] of Object.entries(cross[src])) {
      const code = src === 'au' ? auByAuto.get(key) : key;
      if (!code) throw new Error(`au cross key ${key} not in au table`);
      const out: Partial<Record<Carrier, string>> = {};
      for (const [dst, t] of Object.entries(m) as [Carrier, Target][]) {
        if (dst === 'au' && t.type === 'pictogram') {
          // Targets for au are in its unicode_auto range; map each (some are pairs) back.
          const parts = t.unicode.match(/.{4}/g)!.map((p) => auByAuto.get(p) ?? '');
          if (parts.some((p) => !p)) throw new Error(`au target ${t.unicode} unknown`);
          out[dst] = `p:${parts.join('')}`;
        } else out[dst] = target(t);
      }
      crossOut[src][code] = out;
    }
  }
  const unicodeOnly = unshare(stored, crossOut, scoreOf);
  return {
    _generated: 'by scripts/gen-emoji.ts from emoji/data/source (Encode-JP-Mobile tables) and emoji-datasource; do not edit',
    docomo: rows.docomo.map((r) => [r.unicode, r.name, r.sjis]),
    au: rows.au.map((r) => [r.unicode, r.name, r.sjis, r.unicode_auto!, r.number, r.email_sjis!, r.email_jis!]),
    softbank: rows.softbank.map((r) => [r.unicode, r.name, r.sjis, r.sjis_auto ?? null]),
    unicode: all.map((e) => [e.unified, e.non_qualified, e.docomo, e.au, e.softbank, e.short_name]),
    stored,
    unicodeOnly,
    cross: crossOut,
    labels,
  };
}

/**
 * A stored form names one meaning. Pictograms of two carriers share one only where the carriers'
 * own map treats them as the same: each maps to the other, and they map alike to the third
 * carrier (two names may differ). Otherwise (docomo 揺れるハート and SoftBank ぴかぴかハート are
 * both 💓 in emoji-datasource, but the map sends ぴかぴかハート to docomo 黒ハート) the pictogram
 * whose emoji-datasource pairing agrees less with the map (then: the later carrier) is stored in
 * its plane-15 private form, which keeps the carrier's meaning; Unicode receivers still see the
 * emoji, from the returned map (carrier → pua → Unicode sequence).
 */
function unshare(stored: Tables['stored'], cross: Tables['cross'], scoreOf: Record<Carrier, Record<string, number>>): Tables['unicodeOnly'] {
  const unicodeOnly = { docomo: {}, au: {}, softbank: {} } as Tables['unicodeOnly'];
  const groups = new Map<string, [Carrier, string][]>();
  for (const c of CARRIERS) for (const [code, u] of Object.entries(stored[c])) groups.set(u, [...(groups.get(u) ?? []), [c, code]]);
  const alike = ([c, p]: [Carrier, string], [d, q]: [Carrier, string]): boolean => {
    if (cross[c][p]?.[d] !== `p:${q}` || cross[d][q]?.[c] !== `p:${p}`) return false;
    const e = CARRIERS.find((x) => x !== c && x !== d)!;
    const a = cross[c][p]?.[e];
    const b = cross[d][q]?.[e];
    return a === b || (a?.startsWith('n:') === true && b?.startsWith('n:') === true);
  };
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const ranked = [...members].sort(([c, p], [d, q]) => scoreOf[d][q]! - scoreOf[c][p]! || CARRIERS.indexOf(c) - CARRIERS.indexOf(d));
    const kept: [Carrier, string][] = [];
    for (const m of ranked) {
      if (kept.every((k) => alike(k, m))) kept.push(m);
      else {
        unicodeOnly[m[0]][m[1]] = stored[m[0]][m[1]]!;
        delete stored[m[0]][m[1]];
      }
    }
  }
  return unicodeOnly;
}

/** Names that open a bracket, close one, or sit between an opener and a closer on consecutive codes. */
function logoPieces(cross: Record<Carrier, Record<string, Partial<Record<Carrier, Target>>>>): Set<string> {
  const pieces = new Set<string>();
  for (const c of CARRIERS) {
    for (const d of CARRIERS) {
      const run: string[] = [];
      for (const key of Object.keys(cross[c]).sort()) {
        const t = cross[c][key]?.[d];
        const name = t?.type === 'name' ? t.unicode : null;
        const opens = name !== null && /^\[[^\]]*$/.test(name);
        const closes = name !== null && /^[^[]*\]$/.test(name);
        if (opens) run.splice(0, run.length, name);
        else if (run.length && name !== null && closes) {
          for (const p of [...run, name]) pieces.add(p);
          run.length = 0;
        } else if (run.length && name !== null && !/[[\]]/.test(name)) run.push(name);
        else run.length = 0;
      }
    }
  }
  return pieces;
}

/**
 * docomo pictograms whose Unicode form (what a PC or smartphone sees, and what is stored) is
 * decided here by meaning rather than by the agreement score above; emoji-datasource pairs each
 * code with both candidates.
 */
const DOCOMO_UNICODE: Record<string, string> = {
  // 地下鉄 (subway): 🚇 METRO says "subway" anywhere; Ⓜ is a bare circled letter whose reading
  // as the underground depends on knowing Tokyo's or Paris's signs. Kept as the score chose.
  E65C: '1F687',
  // かわいい (cute): 💟 HEART DECORATION carries the sense of "cute"; 💠 (a diamond with a dot)
  // copies docomo's glyph but means nothing to a reader who has not seen that glyph.
  E6F8: '1F49F',
  // 時計 (clock): ⏰ ALARM CLOCK is "a clock" with no time in it; 🕙 says "ten o'clock", a
  // time the member never wrote.
  E6BA: '23F0',
  // NG: 🆖 SQUARED NG is the same two letters; 🙅 is a gesture (a person crossing arms) that
  // adds a person the member did not draw.
  E72F: '1F196',
  // 禁止 (prohibited): 🈲 SQUARED 禁 is the pictogram itself, the character its name and the
  // carriers' map (［禁］) use; 🚫 would say "no entry" without the word the member chose.
  E738: '1F232',
};

export const OUTPUT = here('../emoji/data/tables.json');

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(OUTPUT, `${JSON.stringify(generate())}\n`);
  console.log(`wrote ${OUTPUT}`);
}
