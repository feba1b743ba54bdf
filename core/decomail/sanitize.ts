import { Parser } from 'htmlparser2';
import { DomainError } from '../errors.js';
import { cleanForeignText } from '../text.js';
import { DECO_LIMITS, HEX_COLOR, type DecoDoc, type DecoRun, type DecoStyle } from './model.js';

/**
 * Deco-mail HTML (from a PC editor, a handset's deco-mail composer, a template) → a DecoDoc.
 * Only the deco-mail subset means anything (html, head, meta, body, div, font, hr, img, marquee,
 * blink; br and p as line breaks); every other tag is dropped, script/style and the like with their
 * content. Only these values are read: body bgcolor, font color and size, img src naming a gallery
 * template (`tpl:<id>` or `/deco/<id>/…`). No attribute is ever copied, so event handlers,
 * `style` (CSS expressions), `javascript:` and other URLs cannot come through. Nesting is
 * flattened into styled runs (deeper than DECO_LIMITS.depth only the text is kept), and the input
 * is capped before parsing (DECO_LIMITS.htmlChars), so neither deep nor huge markup costs more
 * than one linear pass.
 */

const RAW = new Set(['script', 'style', 'title', 'textarea', 'iframe', 'object', 'embed', 'noscript', 'template', 'svg', 'math', 'xmp', 'noembed', 'noframes', 'head']);
const STYLED = new Set(['font', 'blink', 'marquee']);
const BREAKS = new Set(['br', 'div', 'p']);
const NAMED: Record<string, string> = {
  black: '#000000', white: '#ffffff', red: '#ff0000', blue: '#0000ff', green: '#008000', lime: '#00ff00', yellow: '#ffff00', orange: '#ffa500',
  pink: '#ffc0cb', purple: '#800080', navy: '#000080', gray: '#808080', grey: '#808080', silver: '#c0c0c0', maroon: '#800000', aqua: '#00ffff',
  fuchsia: '#ff00ff', olive: '#808000', teal: '#008080',
};

/** A colour attribute as #rrggbb, or undefined: anything else (expressions, URLs, junk) is dropped. */
export function decoColor(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const s = v.trim().toLowerCase();
  if (NAMED[s]) return NAMED[s];
  const hex = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/.exec(s)?.[1];
  if (!hex) return undefined;
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  const out = `#${full}`;
  return HEX_COLOR.test(out) ? out : undefined;
}

function fontSize(v: string | undefined, current: number | undefined): number | undefined {
  const m = v ? /^\s*([+-]?)([1-7])\s*$/.exec(v) : null;
  if (!m) return current;
  const n = Number(m[2]);
  const base = current ?? 3;
  return Math.min(7, Math.max(1, m[1] === '+' ? base + n : m[1] === '-' ? base - n : n));
}

function templateOf(src: string | undefined): number | null {
  const m = src ? /^(?:tpl:|\/deco\/)(\d{1,9})(?:\/|$)/.exec(src.trim()) : null;
  return m ? Number(m[1]) : null;
}

export function sanitizeDecoHtml(html: string): DecoDoc {
  if (html.length > DECO_LIMITS.htmlChars) throw new DomainError('invalid_input', { body: `デコメールが大きすぎます(${DECO_LIMITS.htmlChars / 1024}KBまで)` });
  const runs: DecoRun[] = [];
  let bg: string | null = null;
  const stack: { tag: string; style: DecoStyle }[] = [];
  let skipped = 0; // styled tags opened beyond the depth limit (their closes are ignored too)
  let rawDepth = 0;
  let chars = 0;
  const style = (): DecoStyle => stack[stack.length - 1]?.style ?? {};
  let images = 0;
  const push = (r: DecoRun) => {
    if (runs.length >= DECO_LIMITS.runs) return;
    // At most two blank lines in a row, however many <br>/<div> were sent.
    if (r.t === 'br' && runs.length >= 3 && runs.slice(-3).every((x) => x.t === 'br')) return;
    runs.push(r);
  };
  const same = (a: DecoStyle, b: DecoStyle) => a.color === b.color && a.size === b.size && a.blink === b.blink && a.marquee === b.marquee;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (RAW.has(name)) return void rawDepth++;
        if (rawDepth) return;
        if (name === 'body') bg = decoColor(attrs.bgcolor) ?? bg;
        else if (name === 'hr') push({ t: 'hr' });
        else if (BREAKS.has(name)) {
          if (runs.length && runs[runs.length - 1]!.t !== 'br') push({ t: 'br' });
        } else if (name === 'img') {
          const id = templateOf(attrs.src);
          if (id !== null && images < DECO_LIMITS.images) {
            images++;
            push({ t: 'img', template: id });
          }
        } else if (STYLED.has(name)) {
          if (stack.length >= DECO_LIMITS.depth) return void skipped++;
          const s = { ...style() };
          if (name === 'font') {
            const color = decoColor(attrs.color);
            if (color) s.color = color;
            const size = fontSize(attrs.size, s.size);
            if (size !== undefined) s.size = size;
          } else s[name as 'blink' | 'marquee'] = true;
          stack.push({ tag: name, style: s });
        }
      },
      ontext(text) {
        if (rawDepth || chars >= DECO_LIMITS.textChars) return;
        const clean = cleanForeignText(text.replace(/[\r\n\t]+/g, ' '));
        if (!clean.trim() && !(runs.length && runs[runs.length - 1]!.t === 'text')) return;
        const piece = [...clean].slice(0, DECO_LIMITS.textChars - chars).join('');
        chars += [...piece].length;
        const s = style();
        const last = runs[runs.length - 1];
        if (last?.t === 'text' && same(last, s)) last.text += piece;
        else push({ t: 'text', text: piece, ...s });
      },
      onclosetag(name) {
        if (RAW.has(name)) return void (rawDepth = Math.max(0, rawDepth - 1));
        if (rawDepth) return;
        if (STYLED.has(name)) {
          if (skipped) return void skipped--;
          // Close the nearest open element of that name (and whatever was left open inside it).
          for (let i = stack.length - 1, n = 0; i >= 0 && n < DECO_LIMITS.depth; i--, n++) {
            if (stack[i]!.tag === name) {
              stack.length = i;
              break;
            }
          }
        } else if (name === 'div' || name === 'p') {
          if (runs.length && runs[runs.length - 1]!.t !== 'br') push({ t: 'br' });
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  while (runs.length && runs[runs.length - 1]!.t === 'br') runs.pop();
  return { bg, runs };
}
