/**
 * HTML from a feed → plain text, in one pass over the input (linear time whatever it holds).
 * No regex here can backtrack: tags are scanned by hand, each character visited once; a tag,
 * comment or raw-text element that never ends ends the text there (one failed search, not one
 * per `<`). html-to-text (installed with mailparser) was measured and not used: its parser keeps
 * an open-element stack that made deep nesting (`<ul><li>` × 40,000) quadratic.
 */

// Elements whose start or end begins a new line in the text.
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'hr', 'li', 'ol', 'p', 'pre', 'section', 'table', 'tr', 'ul',
]);
// Elements whose content is not text for a reader.
const RAW = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'title', 'iframe', 'object', 'svg', 'math']);

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', copy: '©', reg: '®', trade: '™', hellip: '…', mdash: '—', ndash: '–',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', middot: '·', bull: '•', yen: '¥', times: '×', divide: '÷',
  deg: '°', plusmn: '±', sect: '§', para: '¶', larr: '←', rarr: '→', uarr: '↑', darr: '↓', hearts: '♥', diams: '♦', clubs: '♣', spades: '♠',
  emsp: ' ', ensp: ' ', thinsp: ' ', shy: '', zwj: '\u200d', zwnj: '\u200c', euro: '€', pound: '£', cent: '¢',
};
// What HTML makes of the C1 range in numeric references (windows-1252); the rest of it is dropped later.
const W1252: Record<number, number> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021, 0x88: 0x2c6, 0x89: 0x2030, 0x8a: 0x160,
  0x8b: 0x2039, 0x8c: 0x152, 0x8e: 0x17d, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201c, 0x94: 0x201d, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014,
  0x98: 0x2dc, 0x99: 0x2122, 0x9a: 0x161, 0x9b: 0x203a, 0x9c: 0x153, 0x9e: 0x17e, 0x9f: 0x178,
};

// Bounded quantifiers and no nesting: linear. Unknown names are left as written, as browsers do.
const ENTITY = /&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([a-zA-Z][a-zA-Z0-9]{1,15}));/g;

/** Decodes character references; impossible code points (0, surrogates, > U+10FFFF) become U+FFFD. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED[name] ?? (name.toLowerCase() === name ? whole : (NAMED[name.toLowerCase()] ?? whole));
    const cp = Number.parseInt(dec ?? hex!, dec ? 10 : 16);
    if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
    return String.fromCodePoint(W1252[cp] ?? cp);
  });
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
const isNameChar = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);

/**
 * Text of an HTML fragment: tags dropped (block elements make line breaks), script/style and
 * the like dropped with their content, entities decoded, runs of white space made one space,
 * at most one blank line in a row (text with no tag at all keeps its own line breaks). At most `maxInput` characters of the input are read.
 */
export function htmlToText(html: string, maxInput = 256 * 1024): string {
  const src = html.length > maxInput ? html.slice(0, maxInput) : html;
  const parts: string[] = [];
  // Plain text without any tag (many feeds' descriptions) keeps its line breaks; in HTML a line
  // break in the source is only white space.
  const space = /<[a-zA-Z/!]/.test(src) ? /[ \t\n\f\r]+/g : /[ \t\f\r]+/g;
  const text = (from: number, to: number) => {
    if (to > from) parts.push(decodeEntities(src.slice(from, to)).replace(space, ' '));
  };
  let i = 0;
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    if (lt < 0) {
      text(i, src.length);
      break;
    }
    text(i, lt);
    const next = src.charCodeAt(lt + 1);
    if (src.startsWith('<!--', lt)) {
      const end = src.indexOf('-->', lt + 4);
      if (end < 0) break;
      i = end + 3;
      continue;
    }
    const closing = next === 0x2f; // '/'
    const nameStart = closing ? lt + 2 : lt + 1;
    const first = src.charCodeAt(nameStart);
    const isTag = isNameChar(first) && !(first >= 0x30 && first <= 0x39);
    if (!isTag && next !== 0x21 && next !== 0x3f) {
      // "<" that starts no tag (a < b, <<<<): it is text.
      text(lt, lt + 1);
      i = lt + 1;
      continue;
    }
    // Scan the tag to its ">", stepping over quoted attribute values.
    let j = nameStart;
    while (j < src.length && isNameChar(src.charCodeAt(j))) j++;
    const name = isTag ? src.slice(nameStart, j).toLowerCase() : '';
    let quote = 0;
    for (; j < src.length; j++) {
      const c = src.charCodeAt(j);
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) {
        if (isSpace(src.charCodeAt(j - 1)) || src.charCodeAt(j - 1) === 0x3d) quote = c;
      } else if (c === 0x3e) break;
    }
    if (j >= src.length) break; // an unterminated tag ends the text
    i = j + 1;
    if (BLOCK.has(name)) parts.push('\n');
    if (!closing && RAW.has(name) && src.charCodeAt(j - 1) !== 0x2f) {
      // A fixed string searched once from here: linear.
      const endTag = new RegExp(`</${name}`, 'gi');
      endTag.lastIndex = i;
      const end = endTag.exec(src);
      if (!end) break;
      i = end.index;
    }
  }
  return tidy(parts.join(''));
}

/** Lines trimmed, at most one empty line in a row, no leading or trailing blank lines. */
function tidy(s: string): string {
  const out: string[] = [];
  let blank = 0;
  for (const raw of s.split('\n')) {
    const line = raw.trim();
    if (!line) {
      blank++;
      continue;
    }
    if (out.length) out.push(blank ? '\n\n' : '\n');
    out.push(line);
    blank = 0;
  }
  return out.join('');
}
