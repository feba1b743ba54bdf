/**
 * Transcoding at the edge: bytes from a handset → Unicode text, and page text → the bytes
 * and markup that handset understands, with carrier pictograms in each receiver's own form.
 */
import type { Charset, EmojiForm, Markup } from '../carriers/index.js';
import { decodeShiftJis, encodeShiftJis, MalformedInputError, puaToUserDefined } from './sjis.js';

export { MalformedInputError } from './sjis.js';

export interface Transcoder {
  /** Strict: throws MalformedInputError on bytes that are not this charset. */
  decode(bytes: Uint8Array): string;
  encode(text: string): Buffer;
  /** Places pictograms into already-escaped text (e.g. au `<img localsrc>`); identity otherwise. */
  markup(escaped: string): string;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8Strict.decode(bytes);
  } catch {
    throw new MalformedInputError(0);
  }
}

const identity = (s: string) => s;

/** docomo's pictograms sit in CP932's user-defined rows, so the linear mapping carries them. */
function docomoFallback(cp: number): Uint8Array | undefined {
  if (cp >= 0xe63e && cp <= 0xe757) {
    const code = puaToUserDefined(cp);
    return Uint8Array.of(code >> 8, code & 0xff);
  }
  return undefined;
}

const cache = new Map<string, Transcoder>();

export function transcoderFor(form: EmojiForm, charset: Charset, markup: Markup): Transcoder {
  const key = `${form}/${charset}/${markup}`;
  let t = cache.get(key);
  if (t) return t;
  if (charset === 'UTF-8') {
    t = { decode: decodeUtf8, encode: (s) => Buffer.from(s, 'utf8'), markup: identity };
  } else {
    const fallback = form === 'docomo-sjis' ? docomoFallback : undefined;
    t = {
      decode: (b) => decodeShiftJis(b),
      encode: (s) => encodeShiftJis(s, fallback as never),
      markup: identity,
    };
  }
  cache.set(key, t);
  return t;
}
