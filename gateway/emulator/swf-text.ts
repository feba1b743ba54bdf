import { inflateSync } from 'node:zlib';
import iconv from 'iconv-lite';

/**
 * Flash Lite 1.x movies (SWF 4/5) carry their strings in the handset's charset, Shift_JIS on
 * Japanese phones, with nothing saying so; Ruffle reads SWF ≤ 5 strings as Windows-1252, so
 * Japanese text shows as mojibake. For Ruffle only (the handset gets the movie unchanged), the
 * emulator rewrites the movie as SWF 6, whose strings are UTF-8: every string in action code
 * (push, getURL, labels, targets), button actions and text fields is re-encoded, and branch
 * offsets moved by the longer strings are recomputed. Anything it does not understand (SWF 5
 * functions, odd tags) leaves the movie as it was.
 */
export function swfStringsToUtf8(swf: Buffer): Buffer {
  try {
    return convert(swf) ?? swf;
  } catch {
    return swf;
  }
}

/** A loadVariables answer (name=value pairs percent-encoded in Shift_JIS) re-encoded in UTF-8. */
export function sjisFormToUtf8(bytes: Buffer): string {
  const dec = (s: string) => {
    const raw: number[] = [];
    for (let i = 0; i < s.length; i++) {
      if (s[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
        raw.push(Number.parseInt(s.slice(i + 1, i + 3), 16));
        i += 2;
      } else raw.push(s[i] === '+' ? 0x20 : s.charCodeAt(i) & 0xff);
    }
    return iconv.decode(Buffer.from(raw), 'Shift_JIS');
  };
  return bytes
    .toString('latin1')
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? encodeURIComponent(dec(pair)) : `${encodeURIComponent(dec(pair.slice(0, eq)))}=${encodeURIComponent(dec(pair.slice(eq + 1)))}`;
    })
    .join('&');
}

const sjis = (b: Buffer) => Buffer.from(iconv.decode(b, 'Shift_JIS'), 'utf8');

class Reader {
  constructor(
    readonly b: Buffer,
    public p = 0,
  ) {}
  u8() {
    return this.b[this.p++]!;
  }
  u16() {
    const v = this.b.readUInt16LE(this.p);
    this.p += 2;
    return v;
  }
  /** A NUL-terminated string, re-encoded with its NUL. */
  cstr(): Buffer {
    const end = this.b.indexOf(0, this.p);
    if (end < 0) throw new Error('unterminated string');
    const s = this.b.subarray(this.p, end);
    this.p = end + 1;
    return Buffer.concat([sjis(s), Buffer.from([0])]);
  }
  take(n: number) {
    if (this.p + n > this.b.length) throw new Error('past the end');
    const s = this.b.subarray(this.p, this.p + n);
    this.p += n;
    return s;
  }
}

const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};

function convert(swf: Buffer): Buffer | null {
  const sig = swf.subarray(0, 3).toString('latin1');
  if ((sig !== 'FWS' && sig !== 'CWS') || swf[3]! > 5) return null;
  const body = sig === 'CWS' ? inflateSync(swf.subarray(8)) : swf.subarray(8);
  const r = new Reader(body);
  const nbits = r.b[0]! >> 3;
  r.p = Math.ceil((5 + nbits * 4) / 8) + 4; // frame RECT, rate, count
  const out: Buffer[] = [body.subarray(0, r.p)];
  while (r.p < body.length) {
    const head = r.u16();
    const code = head >> 6;
    let len = head & 0x3f;
    if (len === 0x3f) {
      len = r.b.readUInt32LE(r.p);
      r.p += 4;
    }
    const data = r.take(len);
    out.push(tag(code, rewriteTag(code, data)));
    if (code === 0) break;
  }
  const rest = Buffer.concat(out);
  const header = Buffer.alloc(8);
  header.write('FWS', 0, 'latin1');
  header[3] = 6;
  header.writeUInt32LE(8 + rest.length, 4);
  return Buffer.concat([header, rest]);
}

function tag(code: number, body: Buffer): Buffer {
  if (body.length < 63 && code !== 0x14 && code !== 0x24) return Buffer.concat([u16((code << 6) | body.length), body]);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(body.length);
  return Buffer.concat([u16((code << 6) | 0x3f), len, body]);
}

function rewriteTag(code: number, data: Buffer): Buffer {
  switch (code) {
    case 12: // DoAction
      return actions(data);
    case 43: // FrameLabel
      return new Reader(data).cstr();
    case 34: // DefineButton2: id, flags, offset to the first condition, characters, conditions
      return button2(data);
    case 37: // DefineEditText
      return editText(data);
    default:
      return data;
  }
}

function button2(data: Buffer): Buffer {
  const r = new Reader(data);
  r.p = 3;
  const offset = r.u16();
  if (offset === 0) return data;
  const start = 3 + offset;
  const out: Buffer[] = [data.subarray(0, start)];
  r.p = start;
  for (;;) {
    const size = r.u16();
    const cond = r.take(2);
    const codeEnd = size === 0 ? data.length : r.p - 4 + size;
    const code = actions(data.subarray(r.p, codeEnd));
    r.p = codeEnd;
    const next = size === 0 ? 0 : code.length + 4;
    out.push(u16(next), cond, code);
    if (size === 0) break;
  }
  return Buffer.concat(out);
}

function editText(data: Buffer): Buffer {
  const r = new Reader(data);
  r.p = 2;
  const nbits = data[r.p]! >> 3;
  r.p += Math.ceil((5 + nbits * 4) / 8);
  const f1 = r.u8();
  const f2 = r.u8();
  if (f1 & 0x01) r.p += 4; // font id, height
  if (f1 & 0x04) r.p += 4; // colour
  if (f1 & 0x02) r.p += 2; // max length
  if (f2 & 0x20) r.p += 9; // layout
  const before = data.subarray(0, r.p);
  const variable = r.cstr();
  const text = f1 & 0x80 ? r.cstr() : Buffer.alloc(0);
  return Buffer.concat([before, variable, text, data.subarray(r.p)]);
}

/** Action records with their strings re-encoded and branch offsets recomputed. */
function actions(data: Buffer): Buffer {
  const r = new Reader(data);
  const list: { oldStart: number; oldEnd: number; code: number; body: Buffer; branch?: number }[] = [];
  while (r.p < data.length) {
    const oldStart = r.p;
    const code = r.u8();
    if (code === 0) {
      list.push({ oldStart, oldEnd: r.p, code, body: Buffer.alloc(0) });
      break;
    }
    if (code < 0x80) {
      list.push({ oldStart, oldEnd: r.p, code, body: Buffer.alloc(0) });
      continue;
    }
    const len = r.u16();
    const raw = r.take(len);
    const a = { oldStart, oldEnd: r.p, code, body: raw } as (typeof list)[number];
    if (code === 0x9b || code === 0x8e) throw new Error('SWF 5 functions: left as they are');
    if (code === 0x96) a.body = push(raw);
    else if (code === 0x83) {
      const x = new Reader(raw);
      a.body = Buffer.concat([x.cstr(), x.cstr()]);
    } else if (code === 0x8c || code === 0x8b) a.body = new Reader(raw).cstr();
    else if (code === 0x88) {
      const x = new Reader(raw);
      const n = x.u16();
      const parts: Buffer[] = [u16(n)];
      for (let i = 0; i < n; i++) parts.push(x.cstr());
      a.body = Buffer.concat(parts);
    } else if (code === 0x99 || code === 0x9d) a.branch = raw.readInt16LE(0);
    list.push(a);
  }
  const trailing = data.subarray(r.p);
  // New positions: each record is 1 byte, or 3 + body for long ones.
  const newStart = new Map<number, number>();
  let pos = 0;
  for (const a of list) {
    newStart.set(a.oldStart, pos);
    pos += a.code < 0x80 ? 1 : 3 + a.body.length;
  }
  newStart.set(list.length ? list[list.length - 1]!.oldEnd : 0, pos);
  const out: Buffer[] = [];
  let at = 0;
  for (const a of list) {
    const end = at + (a.code < 0x80 ? 1 : 3 + a.body.length);
    if (a.branch !== undefined) {
      const target = newStart.get(a.oldEnd + a.branch);
      if (target === undefined) throw new Error('branch into the middle of a record');
      const b = Buffer.alloc(2);
      b.writeInt16LE(target - end);
      a.body = b;
    }
    out.push(a.code < 0x80 ? Buffer.from([a.code]) : Buffer.concat([Buffer.from([a.code]), u16(a.body.length), a.body]));
    at = end;
  }
  return Buffer.concat([...out, trailing]);
}

function push(raw: Buffer): Buffer {
  const r = new Reader(raw);
  const out: Buffer[] = [];
  const sizes: Record<number, number> = { 1: 4, 2: 0, 3: 0, 4: 1, 5: 1, 6: 8, 7: 4, 8: 1, 9: 2 };
  while (r.p < raw.length) {
    const type = r.u8();
    out.push(Buffer.from([type]));
    if (type === 0) out.push(r.cstr());
    else if (sizes[type] !== undefined) out.push(r.take(sizes[type]));
    else throw new Error(`push type ${type}`);
  }
  return Buffer.concat(out);
}
