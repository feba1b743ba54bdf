import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { gatewayForSuite } from './support/gateway.js';
import { signedInMember } from './support/members.js';
import { CARRIER_IP, Handset } from './support/handset.js';
import { swfStringsToUtf8 } from '../gateway/emulator/swf-text.js';

/** The SWF 4 text field (DefineEditText, tag 37): its width in px and its flags. */
function textField(swf: Buffer): { width: number; wraps: boolean } {
  let p = 8 + Math.ceil((5 + (swf[8]! >> 3) * 4) / 8) + 4;
  while (p < swf.length) {
    const head = swf.readUInt16LE(p);
    let len = head & 0x3f;
    let body = p + 2;
    if (len === 0x3f) {
      len = swf.readUInt32LE(p + 2);
      body = p + 6;
    }
    if (head >> 6 === 37) {
      const nbits = swf[body + 2]! >> 3;
      // RECT: nbits, xMin, xMax … read xMax (second field) in twips.
      let bits = 0n;
      for (let i = 0; i < 9; i++) bits = (bits << 8n) | BigInt(swf[body + 2 + i]!);
      const field = (n: number) => Number((bits >> BigInt(72 - 5 - nbits * (n + 1))) & ((1n << BigInt(nbits)) - 1n));
      const flags = swf[body + 2 + Math.ceil((5 + nbits * 4) / 8)]!;
      return { width: (field(1) - field(0)) / 20, wraps: (flags & 0x60) === 0x60 };
    }
    p = body + len;
  }
  throw new Error('no text field');
}

describe('game movies speak Japanese as the handset reads it', () => {
  const gw = gatewayForSuite('sqlite');

  it('the movie is SWF 4 with Shift_JIS Japanese text, wrapping, no wider than a 240 px screen less its margins; the refusal is Japanese', async () => {
    const m = await signedInMember(gw, 'docomo');
    await m.go('/games/mash/play');
    expect(m.h.last.text).toMatch(/<object[^>]*width="232" height="174"/);
    const swfUrl = /<object[^>]*data="([^"]+)"/.exec(m.h.last.text)![1]!.replace(/&amp;/g, '&');
    const swf = Buffer.from((await m.h.get(swfUrl)).bytes);
    expect(swf[3]).toBe(4);
    const text = iconv.decode(swf, 'Shift_JIS');
    for (const words of ['5キーを連打!', '時間切れ!', 'キーを押すと記録を送ります', '送信中…', '残り', '秒']) expect(text).toContain(words);
    expect(text).not.toMatch(/Press a key|Time up|Sending|hits/);
    const field = textField(swf);
    expect(field.wraps).toBe(true);
    expect(field.width).toBeLessThanOrEqual(232);
    // Ruffle gets the same movie as SWF 6 with UTF-8 strings (Ruffle reads SWF ≤ 5 as Windows-1252).
    const forRuffle = swfStringsToUtf8(swf);
    expect(forRuffle[3]).toBe(6);
    expect(forRuffle.toString('utf8')).toContain('キーを押すと記録を送ります');
    expect(forRuffle.readUInt32LE(4)).toBe(forRuffle.length);
    // A score the server refuses: its line is Japanese, percent-encoded in Shift_JIS.
    const bare = new Handset(gw, m.h.ua, { ip: CARRIER_IP.docomo });
    const refused = await bare.get('/games/mash/score?t=nosuchtoken-nosuchtoken&s=5', false);
    expect(refused.status).toBe(400);
    const disp = /disp=([^&]*)/.exec(Buffer.from(refused.bytes).toString('latin1'))![1]!;
    const bytes = Buffer.from(disp.replace(/%([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))), 'latin1');
    expect(iconv.decode(bytes, 'Shift_JIS')).toBe('この記録は登録されませんでした。');
  });
});
