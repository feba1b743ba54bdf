/**
 * Generates emoji/data/tables.json from the carrier tables (emoji/data/source/, from
 * ../shared/data/emoji) and emoji-datasource. Run: `npm run gen:emoji`. A test proves the
 * checked-in output equals what this produces, so nobody edits the tables by hand.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { PictogramCarrier, Tables } from '../emoji/tables.js';

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
    return d === 'au' ? (auByAuto.get(t.unicode) ?? null) : t.unicode;
  };
  const stored = { docomo: {}, au: {}, softbank: {} } as Tables['stored'];
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
    for (const [code, [, e]] of [...best].sort()) stored[c][code] = e.unified;
  }
  const target = (t: Target): string => {
    if (t.type === 'name') return `n:${t.unicode}`;
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
  return {
    _generated: 'by scripts/gen-emoji.ts from emoji/data/source (Encode-JP-Mobile tables) and emoji-datasource; do not edit',
    docomo: rows.docomo.map((r) => [r.unicode, r.name, r.sjis]),
    au: rows.au.map((r) => [r.unicode, r.name, r.sjis, r.unicode_auto!, r.number, r.email_sjis!, r.email_jis!]),
    softbank: rows.softbank.map((r) => [r.unicode, r.name, r.sjis, r.sjis_auto ?? null]),
    unicode: all.map((e) => [e.unified, e.non_qualified, e.docomo, e.au, e.softbank, e.short_name]),
    stored,
    cross: crossOut,
  };
}

export const OUTPUT = here('../emoji/data/tables.json');

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(OUTPUT, `${JSON.stringify(generate())}\n`);
  console.log(`wrote ${OUTPUT}`);
}
