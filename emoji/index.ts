/**
 * Transcoding at the edge: bytes from a handset → stored Unicode text, and page text → the
 * bytes that handset understands, with pictograms in each receiver's own form.
 */
import type { Charset, EmojiForm } from '../carriers/index.js';
import { decodeShiftJis, encodeShiftJis, MalformedInputError } from './sjis.js';
import { sjisPictogramDecoder, toInternal, toReceiver, carrierOfForm } from './convert.js';
import { emojiTables } from './tables.js';

export { MalformedInputError } from './sjis.js';
export { toInternal, toReceiver, pictogramName, GETA } from './convert.js';

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

/** The Shift_JIS encoder's fallback: this receiver's pictogram code points → its bytes. */
function sjisPictogramEncoder(form: EmojiForm): ((cp: number) => Uint8Array | undefined) | undefined {
  const carrier = carrierOfForm(form);
  if (carrier !== 'docomo' && carrier !== 'au') return undefined;
  const bytes = new Map<number, Uint8Array>();
  for (const p of emojiTables().pictograms[carrier].values()) if (p.sjis !== null) bytes.set(p.pua, Uint8Array.of(p.sjis >> 8, p.sjis & 0xff));
  return (cp) => bytes.get(cp);
}

const cache = new Map<string, Transcoder>();

export function transcoderFor(form: EmojiForm, charset: Charset): Transcoder {
  const key = `${form}/${charset}`;
  let t = cache.get(key);
  if (t) return t;
  if (charset === 'UTF-8') {
    t = {
      decode: (b) => toInternal(decodeUtf8(b), form),
      encode: (s) => Buffer.from(toReceiver(s, form), 'utf8'),
    };
  } else {
    const hook = sjisPictogramDecoder(form);
    const fallback = sjisPictogramEncoder(form);
    t = {
      decode: (b) => toInternal(decodeShiftJis(b, hook), form),
      encode: (s) => encodeShiftJis(toReceiver(s, form), fallback as never),
    };
  }
  cache.set(key, t);
  return t;
}
