/**
 * Table-driven Shift_JIS (CP932) codec, strict on input and emoji-aware through hooks.
 *
 * iconv-lite supplies the character tables once at start-up; the hot loops below are ours so
 * that carrier pictograms (user-defined rows F0–F9, which iconv-lite mangles) can be mapped per
 * carrier, and so that malformed input is reported instead of silently turned into U+FFFD.
 */
import iconv from 'iconv-lite';

let decodeTable: Uint16Array | null = null; // single byte b < 0x100, or (lead << 8 | trail) → code unit; 0 = unmapped
/** 1 for Shift_JIS lead bytes (81–9F, E0–FC). */
const LEAD = new Uint8Array(256);
for (let b = 0x81; b <= 0x9f; b++) LEAD[b] = 1;
for (let b = 0xe0; b <= 0xfc; b++) LEAD[b] = 1;
let encodeTable: Uint16Array | null = null; // BMP code unit → SJIS code (≤ 0xFF single byte); 0 = none

function isLead(b: number): boolean {
  return (b >= 0x81 && b <= 0x9f) || (b >= 0xe0 && b <= 0xfc);
}
function isTrail(b: number): boolean {
  return b >= 0x40 && b <= 0xfc && b !== 0x7f;
}

/** CP932 maps the user-defined area F040–F9FC linearly onto U+E000–U+E757 (docomo's emoji follow it). */
export function userDefinedToPua(lead: number, trail: number): number {
  return 0xe000 + (lead - 0xf0) * 188 + (trail < 0x80 ? trail - 0x40 : trail - 0x41);
}
export function puaToUserDefined(cp: number): number {
  const i = cp - 0xe000;
  const lead = 0xf0 + Math.floor(i / 188);
  const t = i % 188;
  return (lead << 8) | (t < 63 ? t + 0x40 : t + 0x41);
}

/** Unicode code points of JIS X 0208 characters that CP932 maps elsewhere, with their Shift_JIS codes. */
const JIS_VARIANTS: readonly [number, number][] = [
  [0x301c, 0x8160], // 〜 WAVE DASH (CP932: U+FF5E)
  [0x2016, 0x8161], // ‖ DOUBLE VERTICAL LINE (CP932: U+2225)
  [0x2212, 0x817c], // − MINUS SIGN (CP932: U+FF0D)
  [0x00a2, 0x8191], // ¢ (CP932: U+FFE0)
  [0x00a3, 0x8192], // £ (CP932: U+FFE1)
  [0x00ac, 0x81ca], // ¬ (CP932: U+FFE2)
  [0x2014, 0x815c], // — EM DASH (CP932: U+2015)
];

function tables(): { dec: Uint16Array; enc: Uint16Array } {
  if (decodeTable && encodeTable) return { dec: decodeTable, enc: encodeTable };
  const dec = new Uint16Array(65536);
  // Single bytes share the table (a lead byte is ≥ 0x81, so no pair has a key below 0x8100).
  // NUL is valid but maps to 0, so the decoder checks it apart.
  for (let b = 1; b < 0x80; b++) dec[b] = b;
  for (let b = 0xa1; b <= 0xdf; b++) dec[b] = 0xff61 + (b - 0xa1);
  const pair = Buffer.alloc(2);
  for (let lead = 0x81; lead <= 0xfc; lead++) {
    if (!isLead(lead)) continue;
    for (let trail = 0x40; trail <= 0xfc; trail++) {
      if (!isTrail(trail)) continue;
      if (lead >= 0xf0 && lead <= 0xf9) {
        dec[(lead << 8) | trail] = userDefinedToPua(lead, trail);
        continue;
      }
      pair[0] = lead;
      pair[1] = trail;
      const s = iconv.decode(pair, 'cp932');
      if (s.length === 1 && s !== '\ufffd') dec[(lead << 8) | trail] = s.charCodeAt(0);
    }
  }
  const enc = new Uint16Array(65536);
  for (let b = 0; b < 0x80; b++) enc[b] = b;
  for (let b = 0xa1; b <= 0xdf; b++) enc[0xff61 + (b - 0xa1)] = b;
  // iconv-lite's encoder settles CP932's duplicate codes (NEC vs IBM rows) the way Windows does.
  for (let cp = 0x80; cp < 0x10000; cp++) {
    if ((cp >= 0xd800 && cp < 0xe000) || (cp >= 0xff61 && cp <= 0xff9f)) continue;
    if (cp >= 0xe000 && cp <= 0xf8ff) continue; // private use: carrier-specific, handled by hooks
    const b = iconv.encode(String.fromCharCode(cp), 'cp932');
    if (b.length === 2) enc[cp] = (b[0]! << 8) | b[1]!;
    else if (b.length === 1 && b[0] !== 0x3f) enc[cp] = b[0]!;
  }
  // The same Shift_JIS codes have JIS X 0208 meanings that Macs, Java and most UTF-8 text use
  // (〜 WAVE DASH rather than ～ FULLWIDTH TILDE, …). Map them too, so they never become 〓.
  for (const [cp, code] of JIS_VARIANTS) if (enc[cp] === 0) enc[cp] = code;
  decodeTable = dec;
  encodeTable = enc;
  return { dec, enc };
}

export class MalformedInputError extends Error {
  constructor(readonly offset: number) {
    super(`malformed Shift_JIS at byte ${offset}`);
    this.name = 'MalformedInputError';
  }
}

/**
 * Maps a user-defined-area code (F040–F9FC as lead<<8|trail) to text, or returns undefined to
 * keep CP932's linear private-use mapping. Used for carrier pictograms.
 */
export type SjisPictogramDecoder = (code: number) => string | undefined;

/** Strict decode: throws MalformedInputError on bytes that are not Shift_JIS. */
export function decodeShiftJis(bytes: Uint8Array, pictogram?: SjisPictogramDecoder): string {
  const { dec } = tables();
  const n = bytes.length;
  // Every byte yields at most one UTF-16 unit, except pictograms, which may need room to grow.
  let out = new Uint16Array(n + 8);
  let o = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (LEAD[b] === 0) {
      // ASCII and half-width katakana; anything else single (80, A0, FD–FF) is not Shift_JIS.
      const u = dec[b]!;
      if (u === 0 && b !== 0) throw new MalformedInputError(i);
      out[o++] = u;
      continue;
    }
    if (i + 1 >= n) throw new MalformedInputError(i);
    const code = (b << 8) | bytes[i + 1]!;
    // Carrier pictograms live in the user-defined rows (F0–F9) and, for SoftBank forms, up to FB.
    if (b >= 0xf0 && pictogram) {
      const p = pictogram(code);
      if (p !== undefined) {
        i++;
        if (o + p.length + (n - i) > out.length) {
          const next = new Uint16Array(o + p.length + (n - i) + 64);
          next.set(out.subarray(0, o));
          out = next;
        }
        for (let k = 0; k < p.length; k++) out[o++] = p.charCodeAt(k);
        continue;
      }
    }
    // Unmapped pairs, including a lead followed by a byte that cannot trail, are 0.
    const u = dec[code]!;
    if (u === 0) throw new MalformedInputError(i);
    out[o++] = u;
    i++;
  }
  return Buffer.from(out.buffer, out.byteOffset, o * 2).toString('utf16le');
}

/**
 * Writes what stands at `text[i]` for one receiver: bytes and how many UTF-16 units they
 * replace, or undefined when nothing special starts there. Consulted for characters CP932
 * lacks, and for any character followed by a variation selector, joiner or keycap mark
 * (pictogram sequences may start with characters CP932 has, such as a digit or ♀).
 */
export interface SjisSpecial {
  /** Non-zero for UTF-16 units that may start a special sequence even though CP932 has them. */
  starts: Uint8Array;
  at(text: string, i: number): readonly [Uint8Array, number] | undefined;
}

const GETA = 0x81ac; // 〓, the conventional mark for a character the handset lacks

const NO_STARTS = new Uint8Array(65536);

/** Encodes text to Shift_JIS; characters CP932 lacks and `special` does not take become 〓. */
export function encodeShiftJis(text: string, special?: SjisSpecial): Buffer {
  const { enc } = tables();
  const starts = special ? special.starts : NO_STARTS;
  const n = text.length;
  // A plain Uint8Array (not a Buffer) keeps this loop's stores monomorphic.
  let out = new Uint8Array(n * 2 + 16);
  let o = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80 && starts[c] === 0) {
      out[o++] = c;
      continue;
    }
    let code = c < 0xd800 || c >= 0xe000 ? enc[c]! : 0;
    if (special !== undefined && (code === 0 || starts[c] !== 0)) {
      const r = special.at(text, i);
      if (r !== undefined) {
        const bytes = r[0];
        // Room for these bytes and for the rest at two bytes a unit: a pictogram's name can be
        // far longer than the units it replaces, and the loop below writes without checking.
        const need = o + bytes.length + (n - i - r[1]) * 2 + 16;
        if (need > out.length) out = grow(out, need + (need >> 1));
        for (let k = 0; k < bytes.length; k++) out[o++] = bytes[k]!;
        i += r[1] - 1;
        continue;
      }
    }
    if (c < 0x80) {
      out[o++] = c;
      continue;
    }
    if (code === 0) {
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < n) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d < 0xe000) i++;
      }
      code = GETA;
    }
    if (code > 0xff) {
      out[o++] = code >> 8;
      out[o++] = code & 0xff;
    } else {
      out[o++] = code;
    }
  }
  return Buffer.from(out.buffer, out.byteOffset, o);
}

function grow(buf: Uint8Array<ArrayBuffer>, size: number): Uint8Array<ArrayBuffer> {
  const next = new Uint8Array(Math.max(size, buf.length * 2));
  next.set(buf);
  return next;
}

/** Warms the tables (about 100 ms) so the first request does not pay for it. */
export function warmShiftJis(): void {
  tables();
}
