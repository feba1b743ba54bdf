/**
 * Direct converters: one handset's bytes → another receiver's bytes in one pass over typed-array
 * tables, without building the stored text in between. For every input the result (bytes, or the
 * MalformedInputError and its offset) is exactly that of
 * `transcoderFor(to).encode(transcoderFor(from).decode(bytes))`, the composed path.
 *
 * How: at build time the composed path is run on every input character on its own (each
 * Shift_JIS code; for UTF-8 sources each code point of the BMP), and the results go into tables
 * (built by emoji/direct-tables.ts, read by the loops in emoji/direct-run.ts; a character whose
 * bytes come out unchanged is copied). That equals the composed path on a whole text wherever
 * that path treats each character on its own, which it does except for these, handled here:
 * - `&#xE63E;` / `&#58942;` references, which the decoder reads as pictograms (emoji/input.ts):
 *   matched on the bytes at each '&' (every byte of one is ASCII, so no trail byte can be in it);
 * - ESC, the start of a SoftBank webcode whose end may be far on: such inputs take the composed path;
 * - a character whose stored form could join the next character's into a longer token on
 *   output: found at build time (mayJoin); inputs holding one take the composed path (none do
 *   with today's tables; the check keeps that true when the tables change);
 * - UTF-8 sources only: inputs holding a code point beyond the BMP (most Unicode emoji) or a
 *   part of an emoji sequence (variation selector, joiner, keycap mark…), and malformed ones,
 *   take the composed path; SoftBank's private-use pictograms and plain text do not.
 */
import type { Charset, EmojiForm } from '../carriers/index.js';
import type { OutputKind } from './convert.js';
import { transcoderFor } from './transcoder.js';
import { convertSjis, convertUtf8, type Converter } from './direct-run.js';
import { build, sourceOf } from './direct-tables.js';

export type { Converter } from './direct-run.js';
export { mayJoin, tokenContinuations } from './direct-tables.js';

const converters = new Map<string, Converter>();

/**
 * The converter from one handset's bytes to another receiver's (kind as for transcoderFor).
 * Tables are built on first use (a few hundred milliseconds a pair).
 */
export function converterFor(from: EmojiForm, fromCharset: Charset, to: EmojiForm, toCharset: Charset, kind: OutputKind = 'markup'): Converter {
  const key = `${from}/${fromCharset}>${to}/${toCharset}/${kind}`;
  let c = converters.get(key);
  if (c) return c;
  const source = transcoderFor(from, fromCharset);
  const target = transcoderFor(to, toCharset, kind);
  const composed: Converter = (bytes) => target.encode(source.decode(bytes));
  const t = build(sourceOf(from, fromCharset), to, toCharset, kind);
  c = fromCharset === 'UTF-8' ? (bytes) => convertUtf8(bytes, t, composed) : (bytes) => convertSjis(bytes, t, composed);
  converters.set(key, c);
  return c;
}
