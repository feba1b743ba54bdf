import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { decodeShiftJis, encodeShiftJis, MalformedInputError } from '../emoji/sjis.js';
import { parseUrlEncoded } from '../gateway/input.js';
import { transcoderFor } from '../emoji/index.js';
import { escapeHtml } from '../templates/html.js';
import { startGateway, gatewayForSuite } from './support/gateway.js';
import { CARRIER_IP, Handset, UA } from './support/handset.js';
import { postDiary, signedInMember } from './support/members.js';

const sjis = transcoderFor('docomo-sjis', 'Shift_JIS');

describe('Shift_JIS codec', () => {
  it.each(['表', 'ソ', '能', '十', '予', '申', '貼', '噂', '構', '暴'])('round-trips %s, whose trail byte is 0x5C', (ch) => {
    const bytes = encodeShiftJis(ch);
    expect(bytes[1]).toBe(0x5c);
    expect(decodeShiftJis(bytes)).toBe(ch);
  });

  it('round-trips half-width katakana, NEC and IBM extensions, and matches CP932', () => {
    const s = 'ｱｲｳｴｵｶﾞﾊﾟ｡｢｣ ①②Ⅳ㈱髙﨑 ～－ 表示ソフト能力 \\~';
    expect(decodeShiftJis(encodeShiftJis(s))).toBe(s);
    expect(encodeShiftJis(s).equals(iconv.encode(s, 'cp932'))).toBe(true);
  });

  it('round-trips every character CP932 defines', () => {
    let all = '';
    for (let lead = 0x81; lead <= 0xfc; lead++) {
      if (lead > 0x9f && lead < 0xe0) continue;
      if (lead >= 0xf0 && lead <= 0xf9) continue; // user-defined: carrier pictograms, tested in emoji/
      for (let t = 0x40; t <= 0xfc; t++) {
        if (t === 0x7f) continue;
        const s = iconv.decode(Buffer.from([lead, t]), 'cp932');
        if (s !== '\ufffd' && s.length === 1) all += s;
      }
    }
    expect(all.length).toBeGreaterThan(7000);
    expect(decodeShiftJis(encodeShiftJis(all))).toBe(all);
  });

  it.each([
    ['a lone lead byte at the end', [0x41, 0x82]],
    ['a lead byte followed by ASCII control', [0x82, 0x0a]],
    ['a lead byte followed by 0x7F', [0x82, 0x7f]],
    ['a byte that is never valid', [0x41, 0xfd, 0x42]],
    ['0x80', [0x80]],
    ['0xA0', [0xa0]],
    ['an unassigned double-byte code', [0x85, 0x40]],
  ])('rejects %s', (_, bytes) => {
    expect(() => decodeShiftJis(Uint8Array.from(bytes))).toThrow(MalformedInputError);
  });

  it('escapes markup on Unicode text, so a 0x5C trail byte never meets an escape', () => {
    const html = escapeHtml('<表">&\'');
    expect(html).toBe('&lt;表&quot;&gt;&amp;&#39;');
    expect(decodeShiftJis(encodeShiftJis(html))).toBe(html);
  });

  it('encodes the JIS forms of CP932-remapped characters (〜 WAVE DASH and friends)', () => {
    expect(encodeShiftJis('〜‖−¢£¬—').toString('hex')).toBe('8160816181' + '7c8191819281ca815c');
    expect(encodeShiftJis('～∥－￠￡￢―').toString('hex')).toBe('8160816181' + '7c8191819281ca815c');
  });

  it('writes 〓 for characters a Shift_JIS handset lacks, never "?"', () => {
    expect(iconv.decode(encodeShiftJis('a𠮷b'), 'cp932')).toBe('a〓b');
  });

  it('decodes form fields strictly in the page charset', () => {
    const raw = Buffer.from(`title=${[...iconv.encode('表示 テスト', 'cp932')].map((b) => '%' + b.toString(16)).join('')}&x=a+b&y=%ZZ&empty=&flag`);
    const f = parseUrlEncoded(raw, sjis);
    expect(f.get('title')).toBe('表示 テスト');
    expect(f.get('x')).toBe('a b');
    expect(f.get('y')).toBe('%ZZ');
    expect(f.get('empty')).toBe('');
    expect(f.has('flag')).toBe(true);
    expect(() => parseUrlEncoded(Buffer.from('t=%82'), sjis)).toThrow(MalformedInputError);
    expect(() => parseUrlEncoded(Buffer.from('t=%E3%81'), transcoderFor('unicode', 'UTF-8'))).toThrow(MalformedInputError);
  });

  it('reads a plain field (letters, digits, -._) as every handset charset would, and any other byte through the decoder', () => {
    const forms = [['docomo-sjis', 'Shift_JIS'], ['au-sjis', 'Shift_JIS'], ['softbank-webcode', 'Shift_JIS'], ['softbank-utf8', 'UTF-8'], ['unicode', 'UTF-8']] as const;
    for (const [form, charset] of forms) {
      const t = transcoderFor(form, charset);
      // Every printable byte but the form's own syntax (% + & =), alone and beside plain ones.
      for (let b = 0x20; b < 0x7f; b++) {
        if (b === 0x25 || b === 0x2b || b === 0x26 || b === 0x3d) continue;
        for (const bytes of [[b], [0x41, b, 0x7a], [0x30, 0x2d, b]]) {
          const name = `n${b}`;
          const raw = Buffer.concat([Buffer.from(`${name}=`), Buffer.from(bytes), Buffer.from('&'), Buffer.from(bytes), Buffer.from('=v')]);
          const f = parseUrlEncoded(raw, t);
          const text = t.decode(Uint8Array.from(bytes));
          expect(f.get(name), `${form} ${bytes}`).toBe(text);
          expect(f.get(text), `${form} ${bytes} as a name`).toBe('v');
        }
      }
      expect(parseUrlEncoded(Buffer.from('guid=ON&sid=aZ09-_.x&page=2'), t).entries()).toEqual([['guid', 'ON'], ['sid', 'aZ09-_.x'], ['page', '2']]);
    }
  });
});

describe('handset input through the gateway', () => {
  const gw = gatewayForSuite('sqlite');

  it('accepts a Shift_JIS form from docomo and echoes the text back in Shift_JIS', async () => {
    const h = new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo });
    await h.get('/register?code=DEMO-INVITE');
    const page = await h.submit(h.form('nickname'), { nickname: '表示ソフト能力ｶﾀｶﾅ<b>', login: 'ab', password: 'short' });
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toBe('text/html; charset=Shift_JIS');
    expect(page.text).toContain('value="表示ソフト能力ｶﾀｶﾅ&lt;b&gt;"');
  });

  it('answers malformed Shift_JIS with a clear 400 page in the handset markup', async () => {
    for (const body of ['login=%82&password=x', 'login=%FD%FD', `login=${'%81'.repeat(3)}`]) {
      const h = new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo });
      await h.get('/login');
      const res = await h.open('POST', '/login', body, 'application/x-www-form-urlencoded');
      expect(res.status).toBe(400);
      expect(res.text).toContain('文字を読み取れませんでした');
      expect(res.text).toContain('<!DOCTYPE HTML PUBLIC "-//W3C//DTD Compact HTML 1.0 Draft//EN">');
      expect(res.text).not.toMatch(/at .*\.ts|Error:/);
    }
    const q = new Handset(gw, UA.au, { ip: CARRIER_IP.au });
    expect((await q.get('/register?code=%82')).status).toBe(400);
    const utf = new Handset(gw, UA.softbank, { ip: CARRIER_IP.softbank });
    expect((await utf.get('/register?code=%C3%28')).status).toBe(400);
  });

  it('refuses oversized and non-form bodies with clear pages', async () => {
    const h = new Handset(gw, UA.pc, { keepsCookies: true });
    await h.get('/login');
    const big = await h.open('POST', '/login', `login=${'a'.repeat(70 * 1024)}`, 'application/x-www-form-urlencoded');
    expect(big.status).toBe(413);
    expect(big.text).toContain('大きすぎます');
    const multi = await h.open('POST', '/login', '--x--', 'multipart/form-data; boundary=x');
    expect(multi.status).toBe(415);
  });

  it('answers unknown pages with a 404 in the handset markup', async () => {
    const h = new Handset(gw, UA.softbank, { ip: CARRIER_IP.softbank });
    await h.get('/no/such/page');
    expect(h.last.status).toBe(404);
    expect(h.last.headers.get('content-type')).toBe('application/xhtml+xml; charset=UTF-8');
    expect(h.last.text).toContain('-//J-PHONE//DTD XHTML Basic 1.0 Plus//EN');
  });
});

describe('Shift_JIS pages with long pictogram names', () => {
  it('encodes text whose pictograms become names far longer than themselves, at any mix', async () => {
    const { transcoderFor } = await import('../emoji/index.js');
    for (const form of ['docomo-sjis', 'au-sjis'] as const) {
      const t = transcoderFor(form, 'Shift_JIS');
      expect(t.decode(t.encode('あ🤬☀️\n<br>'))).toContain('あ');
      const long = ('🤬'.repeat(10) + 'あいうえお'.repeat(10)).repeat(10);
      const bytes = t.encode(long);
      expect(bytes.length).toBeGreaterThan(long.length);
      expect(t.decode(bytes)).toContain('あいうえお');
    }
  });

  it('serves such diaries to every Shift_JIS handset (was a 500)', async () => {
    const gw = await startGateway('sqlite');
    try {
      const author = await signedInMember(gw, 'pc');
      for (const body of [('🤬'.repeat(10) + 'あいうえお'.repeat(10)).repeat(10), 'あ🤬☀️\n<br>', '🤬'.repeat(40) + 'あ'.repeat(200)]) {
        const id = await postDiary(author, { title: '🤬'.repeat(20), body, visibility: 'public' });
        for (const [ua, ip] of [[UA.docomo, CARRIER_IP.docomo], [UA.docomo501, CARRIER_IP.docomo], [UA.au, CARRIER_IP.au], [UA.willcom, CARRIER_IP.willcom]] as const) {
          // A public entry: guests on every handset read it.
          const res = await gw.request('GET', `/diary/${id}`, { headers: { 'User-Agent': ua }, peer: ip });
          expect([ua, res.status]).toEqual([ua, 200]);
          expect(iconv.decode(Buffer.from(await res.arrayBuffer()), 'cp932')).toContain('あ');
        }
      }
    } finally {
      await gw.close();
    }
  });
});
