/**
 * How each carrier's pictograms reach every other receiver, counted from the generated tables
 * through the real transcoders (plain-text output): the table in emoji/README.md. Run:
 * `npx tsx scripts/emoji-coverage.ts`; test/pictograms.test.ts checks the README holds its output.
 */
import { fileURLToPath } from 'node:url';
import type { Charset, EmojiForm } from '../carriers/index.js';
import { transcoderFor } from '../emoji/index.js';
import { emojiTables, PICTOGRAM_CARRIERS, type Pictogram, type PictogramCarrier } from '../emoji/tables.js';

const RECEIVERS: [string, EmojiForm, Charset, PictogramCarrier | null][] = [
  ['docomo', 'docomo-sjis', 'Shift_JIS', 'docomo'],
  ['au', 'au-sjis', 'Shift_JIS', 'au'],
  ['SoftBank', 'softbank-utf8', 'UTF-8', 'softbank'],
  ['PC / smartphone', 'unicode', 'UTF-8', null],
];
const LABEL: Record<PictogramCarrier, string> = { docomo: 'docomo', au: 'au', softbank: 'SoftBank' };

export type Outcome = 'pictogram' | 'near' | 'name';

/**
 * What `p` becomes for a receiver: 'pictogram' — the same pictogram (for a carrier: one whose
 * stored form is the same, or that the carriers' map pairs with `p` both ways; for a PC: a
 * Unicode emoji); 'near' — other pictogram(s) the carriers' map gives as nearest; 'name' — text.
 */
export function outcome(p: Pictogram, form: EmojiForm, charset: Charset, target: PictogramCarrier | null): Outcome {
  const t = emojiTables();
  const tc = transcoderFor(form, charset, 'text');
  const back = tc.decode(tc.encode(p.internal));
  if (!target) return t.unicode.has(back) ? 'pictogram' : 'name';
  if (back === p.internal) return 'pictogram';
  const whole = t.byInternal[target].get(back);
  if (whole) return t.cross[target][whole.pua.toString(16).toUpperCase()]?.[p.carrier] === `p:${p.pua.toString(16).toUpperCase()}` ? 'pictogram' : 'near';
  // A pair (docomo 晴れ + 曇り for au ときどき曇り) is near; anything else is a name.
  return splitPictograms(back, target) ? 'near' : 'name';
}

/** True when `text` is nothing but stored forms of `target`'s pictograms. */
function splitPictograms(text: string, target: PictogramCarrier): boolean {
  const forms = [...emojiTables().byInternal[target].keys()].sort((a, b) => b.length - a.length);
  let i = 0;
  while (i < text.length) {
    const f = forms.find((x) => text.startsWith(x, i));
    if (!f) return false;
    i += f.length;
  }
  return text.length > 0;
}

/** The markdown table: one row per source carrier and receiver. */
export function coverageTable(): string {
  const t = emojiTables();
  const lines = ['| from | to | pictograms | same pictogram | near pictogram | name |', '|---|---|---:|---:|---:|---:|'];
  for (const c of PICTOGRAM_CARRIERS) {
    for (const [label, form, charset, target] of RECEIVERS) {
      if (target === c) continue;
      const n = { pictogram: 0, near: 0, name: 0 };
      const all = [...t.pictograms[c].values()];
      for (const p of all) n[outcome(p, form, charset, target)]++;
      lines.push(`| ${LABEL[c]} | ${label} | ${all.length} | ${n.pictogram} | ${target ? n.near : '–'} | ${n.name} |`);
    }
  }
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) console.log(coverageTable());
