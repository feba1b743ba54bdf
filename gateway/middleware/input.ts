import type { Context, MiddlewareHandler } from 'hono';
import { MalformedInputError, transcoderFor } from '../../emoji/index.js';
import type { AppEnv } from '../../gateway/env.js';
import { FormData, parseUrlEncoded, readBoundedBody } from '../input.js';
import { errorPage } from '../errors.js';
import { requestHeader } from '../headers.js';
import { PHOTO_MAX_BYTES } from '../../core/photos/service.js';

/** Largest form body accepted; a diary entry from a keypad is far smaller. */
export const MAX_FORM_BYTES = 64 * 1024;
/** How large a body with a photo upload may be (on the paths the features declare as uploads). */
export const MAX_UPLOAD_BYTES = PHOTO_MAX_BYTES + 64 * 1024;

/**
 * Parts a photo form sends: the photo and the gateway's own fields (csrf, once, sid) with room
 * to spare. The body is parsed before any session or CSRF check, and 20,000 tiny file parts in
 * 2 MB kept the event loop busy for most of a second per request.
 */
export const MAX_UPLOAD_PARTS = 16;

/** True when the body holds more than MAX_UPLOAD_PARTS parts (delimiters counted in one linear scan). */
function tooManyParts(raw: Uint8Array, type: string): boolean {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(type);
  if (!m) return false; // no boundary: the parser refuses it
  const delimiter = Buffer.from(`--${m[1] ?? m[2]}`, 'latin1');
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  let delimiters = 0;
  for (let at = bytes.indexOf(delimiter); at >= 0; at = bytes.indexOf(delimiter, at + delimiter.length)) {
    // n parts have n + 1 delimiters (the last one closes the body).
    if (++delimiters > MAX_UPLOAD_PARTS + 1) return true;
  }
  return false;
}

/** Reads a multipart body: text fields (ASCII: the gateway's own) and files. Null when malformed. */
async function parseMultipart(raw: Uint8Array, type: string): Promise<{ form: FormData; uploads: Map<string, Uint8Array> } | null> {
  if (tooManyParts(raw, type)) return null;
  let parsed: globalThis.FormData;
  try {
    parsed = await new Response(raw as Uint8Array<ArrayBuffer>, { headers: { 'content-type': type } }).formData();
  } catch {
    return null;
  }
  const fields: [string, string][] = [];
  const uploads = new Map<string, Uint8Array>();
  for (const [name, value] of parsed.entries()) {
    if (typeof value === 'string') fields.push([name, value]);
    else uploads.set(name, new Uint8Array(await value.arrayBuffer()));
  }
  return { form: new FormData(fields), uploads };
}

const unreadable = (c: Context<AppEnv>) => errorPage(c, 400, '送信内容を読み取れませんでした', '送信が途中で切れたか、形式が正しくありません。もう一度お試しください。');

/**
 * Decodes the query string and url-encoded form bodies in the handset's own charset
 * (Shift_JIS or UTF-8, with its pictograms). Malformed bytes get a clear page, never a 500.
 * Multipart bodies (up to MAX_UPLOAD_BYTES) only on `uploads`, the paths features declare
 * (gateway/routes/feature.ts); every other POST is a text form of at most MAX_FORM_BYTES.
 */
export function decodeInput({ uploads }: { uploads: readonly RegExp[] }): MiddlewareHandler<AppEnv> {
  const isUploadPath = (path: string) => uploads.some((r) => r.test(path));
  return async function decodeInputHandler(c, next) {
    const d = c.get('device');
    const t = transcoderFor(d.emojiForm, d.charset);
    const url = c.req.url;
    const q = url.indexOf('?');
    let form = FormData.empty;
    try {
      c.set('query', q < 0 ? FormData.empty : parseUrlEncoded(Buffer.from(url.slice(q + 1), 'latin1'), t));
      if (c.req.method === 'POST') {
        const type = (requestHeader(c, 'content-type') ?? 'application/x-www-form-urlencoded').toLowerCase();
        if (type.startsWith('multipart/form-data') && isUploadPath(new URL(c.req.url).pathname)) {
          const raw = await readBoundedBody(c, MAX_UPLOAD_BYTES);
          if (!raw.ok) return raw.status === 413 ? errorPage(c, 413, '写真が大きすぎます', `送れる写真は${PHOTO_MAX_BYTES / 1024 / 1024}MBまでです。`) : unreadable(c);
          const m = await parseMultipart(raw.bytes, requestHeader(c, 'content-type') ?? type);
          if (!m) return unreadable(c);
          c.set('form', m.form);
          c.set('uploads', m.uploads);
          return next();
        }
        if (!type.startsWith('application/x-www-form-urlencoded')) {
          return errorPage(c, 415, '送信形式が正しくありません', 'このフォームは文字だけを受け付けます。');
        }
        const raw = await readBoundedBody(c, MAX_FORM_BYTES);
        if (!raw.ok) return raw.status === 413 ? errorPage(c, 413, '送信内容が大きすぎます', `一度に送れるのは${MAX_FORM_BYTES / 1024}KBまでです。内容を分けて送ってください。`) : unreadable(c);
        form = parseUrlEncoded(raw.bytes, t);
      }
    } catch (e) {
      if (e instanceof MalformedInputError) {
        c.set('query', FormData.empty);
        c.get('log').info({ err: e.message }, 'malformed input');
        return errorPage(c, 400, '文字を読み取れませんでした', '送信された文字が正しく読み取れませんでした。もう一度入力してください。');
      }
      throw e;
    }
    c.set('form', form);
    c.set('uploads', new Map());
    await next();
  };
}
