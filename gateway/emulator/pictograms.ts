import type { EmojiForm } from '../../carriers/index.js';
import { pictogramName, toInternal, toReceiver } from '../../emoji/index.js';
import { carrierOfForm } from '../../emoji/convert.js';
import { emojiTables, type Pictogram } from '../../emoji/tables.js';
import { escapeHtml } from '../../templates/escape.js';

/**
 * Pictograms in the emulator, per receiving carrier: the palette of its own codes with their
 * Japanese names, the code each pictogram on a page reached the handset as, and typed
 * references turned into what the handset's keypad would have sent.
 */

const graphemes = new Intl.Segmenter('ja', { granularity: 'grapheme' });
const hex = (n: number, w = 4) => n.toString(16).toUpperCase().padStart(w, '0');

export interface ShownPictogram {
  /** As the PC draws it: the Unicode emoji, or the name in brackets. */
  glyph: string;
  /** The carrier's own Japanese name. */
  name: string;
  /** The code the handset received, as its carrier writes it. */
  code: string;
  /** The stored form. */
  stored: string;
  /** What the palette types: the stored form where the PC can draw it, else the hex reference (&#xE6D8;). */
  typed?: string;
}

/** How this receiver got pictogram `p` (its own): Shift_JIS bytes, UTF-8 private use, or a webcode. */
function codeOf(form: EmojiForm, p: Pictogram): string {
  if ((form === 'docomo-sjis' || form === 'au-sjis') && p.sjis !== null) return `SJIS ${hex(p.sjis)} (U+${hex(p.pua)})`;
  if (form === 'softbank-webcode' && p.webcode) return `webcode ESC$${p.webcode.slice(2, -1)}SI (U+${hex(p.pua)})`;
  return `U+${hex(p.pua)}`;
}

function shown(form: EmojiForm, stored: string): ShownPictogram | null {
  const carrier = carrierOfForm(form);
  const t = emojiTables();
  const own = carrier ? t.byInternal[carrier].get(stored) : undefined;
  if (own) return { glyph: toReceiver(stored, 'unicode'), name: own.name, code: codeOf(form, own), stored };
  const name = pictogramName(stored);
  if (!name) return null;
  const unicode = [...toReceiver(stored, 'unicode')].map((c) => `U+${hex(c.codePointAt(0)!)}`).join(' ');
  // A Unicode receiver, or a character this carrier has no code for: named by a carrier's Japanese
  // name when one exists (emoji-datasource's short names are English: not shown).
  const carrierName = /^[\x20-\x7e]+$/.test(name) ? 'Unicodeの絵文字(携帯電話会社の名前なし)' : name;
  return { glyph: toReceiver(stored, 'unicode'), name: carrierName, code: carrier ? `${unicode} (この端末のコードなし)` : unicode, stored };
}

/** Every pictogram on a page (stored text), once each, with the code this receiver got. */
export function pictogramsOn(form: EmojiForm, storedHtml: string): ShownPictogram[] {
  const out = new Map<string, ShownPictogram>();
  for (const part of storedHtml.split(/(<[^>]*>)/)) {
    if (part.startsWith('<')) continue;
    for (const { segment } of graphemes.segment(part)) {
      if (out.has(segment) || (segment.length === 1 && segment.charCodeAt(0) < 0x2000)) continue;
      const p = shown(form, segment);
      if (p) out.set(segment, p);
    }
  }
  return [...out.values()];
}

/**
 * The page's text with each pictogram marked: its glyph in a span naming the carrier code
 * received (the screen shows codes on demand, so two carriers' pages can be told apart).
 */
export function markPictograms(form: EmojiForm, storedHtml: string): string {
  return storedHtml
    .split(/(<[^>]*>)/)
    .map((part) => {
      if (part.startsWith('<')) return toReceiver(part, 'unicode');
      let out = '';
      for (const { segment } of graphemes.segment(part)) {
        const p = segment.length > 1 || segment.charCodeAt(0) >= 0x2000 ? shown(form, segment) : null;
        out += p ? `<span class="emu-pict" data-code="${escapeHtml(p.code)}" title="${escapeHtml(`${p.name} — ${p.code}`)}">${toReceiver(segment, 'unicode')}</span>` : toReceiver(segment, 'unicode');
      }
      return out;
    })
    .join('');
}

/** The carrier's own pictograms, in code order, for the palette (empty for Unicode receivers). */
export function paletteOf(form: EmojiForm): ShownPictogram[] {
  const carrier = carrierOfForm(form);
  if (!carrier) return [];
  return [...emojiTables().pictograms[carrier].values()]
    .sort((a, b) => a.pua - b.pua)
    .map((p) => ({ glyph: p.unicode ?? p.label, name: p.name, code: codeOf(form, p), stored: p.internal, typed: p.unicode === p.internal ? p.internal : `&#x${hex(p.pua)};` }));
}

const DECIMAL_REF = /&#(\d{1,7});/g;

/**
 * What QA typed on the PC → what the handset's keypad would have sent, in stored form: this
 * carrier's private-use characters (U+E63E pasted) and references to them, hex by Unicode
 * (&#xE63E;) and, as docomo's and au's Shift_JIS browsers read them, decimal by Shift_JIS code
 * (&#63647; = F89F); SoftBank's decimal references are Unicode (&#57345; = U+E001).
 */
export function typedPictograms(text: string, form: EmojiForm): string {
  const carrier = carrierOfForm(form);
  if (!carrier) return text;
  const t = emojiTables();
  const bySjis = form === 'docomo-sjis' || form === 'au-sjis';
  const decimals = text.replace(DECIMAL_REF, (m, d: string) => {
    const n = Number(d);
    const p = bySjis ? t.sjisToPictogram[carrier].get(n) : t.pictograms[carrier].get(n);
    return p ? p.internal : m;
  });
  return toInternal(decimals, form);
}

/** The page's source as received, decoded for reading: each pictogram written as 〔its code, its name〕. */
export function sourceText(form: EmojiForm, stored: string): string {
  let out = '';
  for (const { segment } of graphemes.segment(stored)) {
    const p = segment.length > 1 || segment.charCodeAt(0) >= 0x2000 ? shown(form, segment) : null;
    out += p ? `〔${p.code} ${p.name}〕` : segment;
  }
  return out;
}
