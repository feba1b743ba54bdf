/**
 * Helpers for the differential tests of emoji/direct.ts (test/emoji-direct*.test.ts): run a
 * direct converter and the composed path the gateway uses (decode to stored text, then encode:
 * `transcoderFor`) on the same inputs and report where they differ. The composed path's own
 * bytes are pinned by the emoji tests; these tests pin the direct converter to it.
 */
import type { Charset, EmojiForm } from '../../carriers/index.js';
import { converterFor, MalformedInputError, transcoderFor as oracleFor, type OutputKind } from '../../emoji/index.js';

const OracleError = MalformedInputError;

export { oracleFor };

export const FORMS: [EmojiForm, Charset][] = [
  ['docomo-sjis', 'Shift_JIS'],
  ['au-sjis', 'Shift_JIS'],
  ['softbank-webcode', 'Shift_JIS'],
  ['softbank-utf8', 'UTF-8'],
  ['unicode', 'UTF-8'],
];
export const SJIS_SOURCES = FORMS.filter(([, cs]) => cs === 'Shift_JIS');
export const KINDS: OutputKind[] = ['markup', 'text'];
export const PAIRS = FORMS.flatMap(([from, fromCs]) => FORMS.flatMap(([to, toCs]) => KINDS.map((kind) => ({ from, fromCs, to, toCs, kind }))));
export type Pair = (typeof PAIRS)[number];
export const name = (p: Pair) => `${p.from} → ${p.to} (${p.kind})`;

/** What a conversion gives: its bytes in hex, or where the input stopped being Shift_JIS/UTF-8. */
export function outcome(run: () => Uint8Array): string {
  try {
    return Buffer.from(run()).toString('hex');
  } catch (e) {
    if (e instanceof MalformedInputError || e instanceof OracleError) return `malformed at ${e.offset}`;
    throw e;
  }
}

/** Inputs on which the converter and the oracle differ (with both answers), at most five. */
export function differences(p: Pair, inputs: Iterable<Uint8Array>): string[] {
  const direct = converterFor(p.from, p.fromCs, p.to, p.toCs, p.kind);
  const source = oracleFor(p.from, p.fromCs);
  const target = oracleFor(p.to, p.toCs, p.kind);
  const out: string[] = [];
  for (const input of inputs) {
    const want = outcome(() => target.encode(source.decode(input)));
    const got = outcome(() => direct(input));
    if (got !== want && out.length < 5) out.push(`${Buffer.from(input).toString('hex')}: want ${want.slice(0, 200)}, got ${got.slice(0, 200)}`);
  }
  return out;
}

