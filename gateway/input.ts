import type { Context } from 'hono';
import type { AppEnv } from './env.js';
import { prepareHeader, requestHeader } from './headers.js';
import type { Transcoder } from '../emoji/index.js';

export type BoundedBody = { ok: true; bytes: Uint8Array } | { ok: false; status: 413 | 400 };

/**
 * The one way a request body is read: at most `limit` bytes, counted as they stream in (a
 * chunked body declares no length, and a declared one may lie to an in-process caller), so a
 * larger body is refused after `limit` bytes and never held whole. A Content-Length over the
 * limit is refused before a byte is read. Call it before any signature or session check. On
 * refusal (413 too large, 400 the client broke off) the rest of the body stays unread and the
 * answer carries `Connection: close`, so the server closes rather than drains the connection.
 */
export async function readBoundedBody(c: Context<AppEnv>, limit: number): Promise<BoundedBody> {
  const refuse = (status: 413 | 400): BoundedBody => {
    prepareHeader(c, 'Connection', 'close');
    return { ok: false, status };
  };
  const length = requestHeader(c, 'content-length');
  const declared = Number(length ?? '0');
  if (declared > limit) return refuse(413);
  // From a socket (not an in-process call), Node's parser hands over exactly the declared length,
  // never more: such a body is read directly off the connection (@hono/node-server's arrayBuffer),
  // not through a web stream, which cost a third of a form post (`npm run bench:load`).
  if (c.env?.incoming && length !== undefined && /^\d{1,9}$/.test(length)) {
    try {
      const bytes = new Uint8Array(await c.req.raw.arrayBuffer());
      return bytes.byteLength > limit ? refuse(413) : { ok: true, bytes };
    } catch {
      return refuse(400);
    }
  }
  const body = c.req.raw.body;
  if (!body) return { ok: true, bytes: new Uint8Array(0) };
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    const reader = body.getReader(); // throws if something read the body already
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        reader.cancel().catch(() => {});
        return refuse(413);
      }
      chunks.push(value);
    }
  } catch {
    return refuse(400);
  }
  return { ok: true, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) };
}

/** Decoded form or query fields; values arrive in the page's charset and are decoded strictly. */
export class FormData {
  constructor(private readonly fields: ReadonlyArray<readonly [string, string]> = []) {}
  get(name: string): string | undefined {
    for (const [k, v] of this.fields) if (k === name) return v;
    return undefined;
  }
  getAll(name: string): string[] {
    return this.fields.filter(([k]) => k === name).map(([, v]) => v);
  }
  has(name: string): boolean {
    return this.fields.some(([k]) => k === name);
  }
  entries(): ReadonlyArray<readonly [string, string]> {
    return this.fields;
  }
  static readonly empty = new FormData();
}

function hex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Percent-decodes to bytes ('+' is a space); a stray '%' stays literal, as browsers leave it. */
export function percentDecodeBytes(s: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(end - start);
  let o = 0;
  for (let i = start; i < end; i++) {
    const c = s[i]!;
    if (c === 0x2b) out[o++] = 0x20;
    else if (c === 0x25 && i + 2 < end && hex(s[i + 1]!) >= 0 && hex(s[i + 2]!) >= 0) {
      out[o++] = (hex(s[i + 1]!) << 4) | hex(s[i + 2]!);
      i += 2;
    } else out[o++] = c;
  }
  return out.subarray(0, o);
}

/**
 * Letters, digits and `-._` only: text that reads the same in every charset a handset sends
 * (Shift_JIS, UTF-8), with nothing to unescape. Most query fields are (a session ID, guid=ON, a
 * page number), and are taken as they are, without a decoder.
 */
function unreserved(s: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s[i]!;
    if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0x5f)) return false;
  }
  return true;
}

function latin1(s: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) out += String.fromCharCode(s[i]!);
  return out;
}

/**
 * Parses `application/x-www-form-urlencoded` bytes, decoding names and values with the
 * handset's transcoder. Throws MalformedInputError for bytes that are not that charset.
 */
export function parseUrlEncoded(raw: Uint8Array, t: Transcoder): FormData {
  const fields: [string, string][] = [];
  let start = 0;
  for (let i = 0; i <= raw.length; i++) {
    if (i === raw.length || raw[i] === 0x26 /* & */) {
      if (i > start) {
        let eq = start;
        while (eq < i && raw[eq] !== 0x3d /* = */) eq++;
        const name = unreserved(raw, start, eq) ? latin1(raw, start, eq) : t.decode(percentDecodeBytes(raw, start, eq));
        const value = eq >= i ? '' : unreserved(raw, eq + 1, i) ? latin1(raw, eq + 1, i) : t.decode(percentDecodeBytes(raw, eq + 1, i));
        fields.push([name, value]);
      }
      start = i + 1;
    }
  }
  return new FormData(fields);
}
