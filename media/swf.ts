/**
 * A small SWF writer for Flash Lite 1.1 movies (SWF 4: ActionScript 1 byte code, buttons with
 * key-press conditions, device-font text fields), enough for keitai mini games generated on the
 * server, each play with its own score address baked in. Built from the published SWF format.
 */

import iconv from 'iconv-lite';

/** Writes bit fields most significant bit first, as SWF's RECT, MATRIX and shape records need. */
class Bits {
  private readonly bits: number[] = [];
  put(value: number, n: number): this {
    for (let i = n - 1; i >= 0; i--) this.bits.push((value >>> i) & 1);
    return this;
  }
  signed(value: number, n: number): this {
    return this.put(value < 0 ? (1 << n) + value : value, n);
  }
  bytes(): Buffer {
    const out = Buffer.alloc(Math.ceil(this.bits.length / 8));
    this.bits.forEach((b, i) => {
      if (b) out[i >> 3]! |= 0x80 >> (i & 7);
    });
    return out;
  }
}

/** Twips per pixel. */
const TW = 20;

export function rect(xMin: number, xMax: number, yMin: number, yMax: number): Buffer {
  const nbits = 16;
  return new Bits().put(nbits, 5).signed(xMin, nbits).signed(xMax, nbits).signed(yMin, nbits).signed(yMax, nbits).bytes();
}

function matrixAt(x: number, y: number): Buffer {
  const b = new Bits().put(0, 1).put(0, 1); // no scale, no rotate
  if (x === 0 && y === 0) return b.put(0, 5).bytes();
  return b.put(16, 5).signed(x, 16).signed(y, 16).bytes();
}

export function tag(code: number, body: Buffer): Buffer {
  if (body.length < 63) {
    const h = Buffer.alloc(2);
    h.writeUInt16LE((code << 6) | body.length);
    return Buffer.concat([h, body]);
  }
  const h = Buffer.alloc(6);
  h.writeUInt16LE((code << 6) | 0x3f);
  h.writeUInt32LE(body.length, 2);
  return Buffer.concat([h, body]);
}

/**
 * SWF 4 strings have no declared charset: a Japanese handset's Flash Lite reads them as
 * Shift_JIS, so every string (text, variables, URLs) is written in it.
 */
const cstr = (s: string) => Buffer.concat([iconv.encode(s, 'Shift_JIS'), Buffer.from([0])]);
const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};

/** ActionScript 1 (SWF 4) byte code, assembled from a list of operations. */
export const as = {
  push: (...values: (string | number)[]) => {
    const body = Buffer.concat(values.map((v) => Buffer.concat([Buffer.from([0]), cstr(String(v))])));
    return Buffer.concat([Buffer.from([0x96]), u16(body.length), body]);
  },
  getVariable: () => Buffer.from([0x1c]),
  setVariable: () => Buffer.from([0x1d]),
  add: () => Buffer.from([0x0a]),
  subtract: () => Buffer.from([0x0b]),
  divide: () => Buffer.from([0x0d]),
  less: () => Buffer.from([0x0f]),
  equals: () => Buffer.from([0x0e]),
  not: () => Buffer.from([0x12]),
  /** Pops n, pushes a whole number from 0 to n - 1. */
  random: () => Buffer.from([0x30]),
  toInteger: () => Buffer.from([0x18]),
  stringAdd: () => Buffer.from([0x21]),
  getTime: () => Buffer.from([0x34]),
  play: () => Buffer.from([0x06]),
  stop: () => Buffer.from([0x07]),
  gotoFrame: (frame: number) => Buffer.concat([Buffer.from([0x81]), u16(2), u16(frame)]),
  /** Skips the next `bytes` bytes of code when the popped value is true. */
  ifSkip: (bytes: number) => {
    const b = Buffer.from([0x9d, 2, 0, 0, 0]);
    b.writeInt16LE(bytes, 3);
    return b;
  },
  /** Jumps over the next `bytes` bytes of code. */
  jump: (bytes: number) => {
    const b = Buffer.from([0x99, 2, 0, 0, 0]);
    b.writeInt16LE(bytes, 3);
    return b;
  },
  /** getURL(url, target) with both popped from the stack (target on top): opens a page. */
  getUrl2: () => Buffer.from([0x9a, 1, 0, 0]),
  /** loadVariables(url, target) with both popped: the answer's name=value pairs become variables. */
  loadVariables: () => Buffer.from([0x9a, 1, 0, 0x80]),
  end: () => Buffer.from([0]),
};

export const code = (...ops: Buffer[]) => Buffer.concat(ops);

/** `cond` (code leaving a value) ? `then` : `otherwise`, as AS1 branches. */
export function ifElse(cond: Buffer, then: Buffer, otherwise: Buffer): Buffer {
  const jumpOver = as.jump(then.length);
  return code(cond, as.ifSkip(otherwise.length + jumpOver.length), otherwise, jumpOver, then);
}

/** Code leaving `variable == value` (numbers) on the stack. */
export const varIs = (variable: string, value: number) => code(as.push(variable), as.getVariable(), as.push(value), as.equals());

/** A filled rectangle shape (DefineShape), in pixels. */
export function defineRect(id: number, w: number, h: number, rgb: [number, number, number]): Buffer {
  const b = new Bits();
  // Style change: new fill style 0 = 1, move to 0,0.
  b.put(0, 1).put(0, 1).put(0, 1).put(0, 1).put(1, 1).put(1, 1).put(16, 5).signed(0, 16).signed(0, 16).put(1, 1);
  const edge = (dx: number, dy: number) => {
    b.put(1, 1).put(1, 1).put(16 - 2, 4); // straight edge, 16 bits
    if (dx !== 0) b.put(0, 1).put(0, 1).signed(dx, 16); // horizontal
    else b.put(0, 1).put(1, 1).signed(dy, 16); // vertical
  };
  edge(w * TW, 0);
  edge(0, h * TW);
  edge(-w * TW, 0);
  edge(0, -h * TW);
  b.put(0, 6); // end of shape
  return tag(2, Buffer.concat([u16(id), rect(0, w * TW, 0, h * TW), Buffer.from([1, 0x00, ...rgb, 0]), Buffer.from([0x10]), b.bytes()]));
}

/** A button (DefineButton2) drawn with `shapeId`, running `actions[i].code` on each key press. */
export function defineKeyButton(id: number, shapeId: number, keys: { key: number; code: Buffer }[]): Buffer {
  const record = Buffer.concat([Buffer.from([0x0f]), u16(shapeId), u16(1), matrixAt(0, 0), Buffer.from([0x00]) /* cxform */]);
  const conds = keys.map((k, i) => {
    const body = Buffer.concat([u16((k.key & 0x7f) << 9), k.code, as.end()]);
    // Each condition starts with the offset to the next one (0 for the last).
    return Buffer.concat([u16(i === keys.length - 1 ? 0 : body.length + 2), body]);
  });
  const beforeConds = Buffer.concat([record, Buffer.from([0])]);
  return tag(34, Buffer.concat([u16(id), Buffer.from([0]), u16(2 + beforeConds.length), beforeConds, ...conds]));
}

/** A read-only device-font text field showing the value of a movie variable, wrapped over several lines. */
export function defineVariableText(id: number, w: number, h: number, variable: string, initial: string): Buffer {
  const flags1 = 0x80 | 0x40 | 0x20 | 0x08 | 0x04; // HasText, WordWrap, Multiline, ReadOnly, HasTextColor
  const flags2 = 0x10; // NoSelect
  return tag(37, Buffer.concat([u16(id), rect(0, w * TW, 0, h * TW), Buffer.from([flags1, flags2, 0, 0, 0, 0xff]), cstr(variable), cstr(initial)]));
}

export function placeObject(characterId: number, depth: number, x: number, y: number): Buffer {
  return tag(26, Buffer.concat([Buffer.from([0x06]), u16(depth), u16(characterId), matrixAt(x * TW, y * TW)]));
}

export const doAction = (c: Buffer) => tag(12, Buffer.concat([c, as.end()]));
export const showFrame = () => tag(1, Buffer.alloc(0));

/** The whole file: header, frame size and rate, frames (each ends with showFrame()). */
export function movie(o: { width: number; height: number; fps: number; frames: number; background: [number, number, number] }, tags: Buffer[]): Buffer {
  const body = Buffer.concat([
    rect(0, o.width * TW, 0, o.height * TW),
    Buffer.from([0, o.fps]), // 8.8 fixed point
    u16(o.frames),
    tag(9, Buffer.from(o.background)),
    ...tags,
    Buffer.from([0, 0]),
  ]);
  const header = Buffer.alloc(8);
  header.write('FWS', 0, 'latin1');
  header[3] = 4; // SWF 4: Flash Lite 1.1
  header.writeUInt32LE(8 + body.length, 4);
  return Buffer.concat([header, body]);
}
