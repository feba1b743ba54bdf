/**
 * Transcoding at the edge: bytes from a handset → stored Unicode text, and page text → the
 * bytes that handset understands, with pictograms in each receiver's own form.
 */
import type { Charset, EmojiForm } from '../../../carriers/index.js';
import { decodeShiftJis, encodeShiftJis, MalformedInputError, type SjisSpecial } from './sjis.js';
import { carrierOfForm, isEmojiFormatCharacter, matcherFor, tokenStarts, toReceiver, type OutputKind } from './convert.js';
import { sjisPictogramDecoder, toInternal } from './input.js';
import { emojiTables } from '../../../emoji/tables.js';


export interface Transcoder {
  /** Strict: throws MalformedInputError on bytes that are not this charset. */
  decode(bytes: Uint8Array): string;
  encode(text: string): Buffer;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8Strict.decode(bytes);
  } catch {
    throw new MalformedInputError(0);
  }
}

const EMPTY = new Uint8Array(0);

/**
 * The Shift_JIS encoder's hook for one receiver: pictogram tokens become the receiver's bytes
 * (its own code, a cross-carrier neighbour, or a name), cached per token.
 */
function sjisSpecial(form: EmojiForm, kind: OutputKind): SjisSpecial {
  const carrier = carrierOfForm(form);
  const own = new Map<number, number>();
  // Forms whose pictograms travel as Shift_JIS user-area codes (SoftBank's Shift_JIS pages use webcodes).
  const sjisCodes = form === 'docomo-sjis' || form === 'au-sjis';
  if (carrier && sjisCodes) for (const p of emojiTables().pictograms[carrier].values()) if (p.sjis !== null) own.set(p.pua, p.sjis);
  const cache = new Map<string, Uint8Array>();
  const bytesOf = (rep: string): Uint8Array => {
    let b = cache.get(rep);
    if (!b) {
      const parts: number[] = [];
      for (const ch of rep) {
        const code = own.get(ch.charCodeAt(0));
        if (code !== undefined) parts.push(code >> 8, code & 0xff);
        else parts.push(...encodeShiftJis(ch));
      }
      b = Uint8Array.from(parts);
      cache.set(rep, b);
    }
    return b;
  };
  const match = matcherFor(form, kind);
  return {
    starts: tokenStarts(form),
    at(text, i) {
      const m = match(text, i);
      if (m) return [bytesOf(m[0]), m[1]];
      return isEmojiFormatCharacter(text.charCodeAt(i)) ? [EMPTY, 1] : undefined;
    },
  };
}

const cache = new Map<string, Transcoder>();

/**
 * The transcoder for one handset's form and charset. `kind` says what `encode` writes: 'markup'
 * (pages: the default) escapes the pictogram names it puts into the already-escaped page;
 * 'text' (mail bodies, Subject lines) writes them as they are.
 */
export function transcoderFor(form: EmojiForm, charset: Charset, kind: OutputKind = 'markup'): Transcoder {
  const key = `${form}/${charset}/${kind}`;
  let t = cache.get(key);
  if (t) return t;
  if (charset === 'UTF-8') {
    t = {
      decode: (b) => toInternal(decodeUtf8(b), form),
      encode: (s) => Buffer.from(toReceiver(s, form, kind), 'utf8'),
    };
  } else {
    const hook = sjisPictogramDecoder(form);
    const special = sjisSpecial(form, kind);
    t = {
      decode: (b) => toInternal(decodeShiftJis(b, hook), form),
      encode: (s) => encodeShiftJis(s, special),
    };
  }
  cache.set(key, t);
  return t;
}
