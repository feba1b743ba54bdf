/**
 * A minimal valid SWF (one frame, a background colour) for the emulator's Flash Lite check page,
 * built byte by byte from the format: "FWS", version, length, RECT (twips), frame rate, frames, tags.
 */
function rect(xMax: number, yMax: number): Buffer {
  const nbits = 16; // enough for signed twips of a keitai screen
  const bits = [...nbits.toString(2).padStart(5, '0')];
  for (const v of [0, xMax, 0, yMax]) bits.push(...(v >>> 0).toString(2).padStart(nbits, '0').slice(-nbits));
  while (bits.length % 8) bits.push('0');
  const out = Buffer.alloc(bits.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(bits.slice(i * 8, i * 8 + 8).join(''), 2);
  return out;
}

function tag(code: number, body: Buffer): Buffer {
  const header = Buffer.alloc(2);
  header.writeUInt16LE((code << 6) | body.length);
  return Buffer.concat([header, body]);
}

export function sampleSwf(widthPx = 240, heightPx = 240, rgb: [number, number, number] = [0xff, 0x88, 0x00]): Buffer {
  const body = Buffer.concat([
    rect(widthPx * 20, heightPx * 20),
    Buffer.from([0x00, 0x0c]), // 12.0 fps (8.8 fixed point, little-endian)
    Buffer.from([0x01, 0x00]), // 1 frame
    tag(9, Buffer.from(rgb)), // SetBackgroundColor
    tag(1, Buffer.alloc(0)), // ShowFrame
    Buffer.from([0x00, 0x00]), // End
  ]);
  const header = Buffer.alloc(8);
  header.write('FWS', 0, 'latin1');
  header[3] = 4; // SWF 4: what Flash Lite 1.x plays
  header.writeUInt32LE(8 + body.length, 4);
  return Buffer.concat([header, body]);
}
