import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { Handset, UA } from './support/handset.js';
import { charLength, clipText } from '../core/text.js';

// Lengths count code points (a stored pictogram's sequence counting as one) and fields are
// capped in bytes too: grapheme clusters let 20 letters carry 450 combining marks.

const marks = (n: number) => Array.from({ length: n }, (_, i) => String.fromCodePoint(0x300 + (i % 0x70))).join('');
/** 20 base letters carrying 450 combining marks: 20 grapheme clusters, 470 code points. */
const ZALGO_20 = Array.from({ length: 20 }, (_, i) => `${String.fromCharCode(0x61 + i)}${marks(i < 10 ? 23 : 22)}`).join('');

describe('counting characters', () => {
  it('counts code points, a pictogram (selector, keycap, flag) as one', () => {
    expect([...ZALGO_20].length).toBe(470);
    expect(charLength(ZALGO_20)).toBe(470);
    expect(charLength('日記☀️1️⃣🇯🇵\u{F003E}😀')).toBe(7);
    expect(charLength('☀\ufe0f\ufe0f\ufe0f')).toBe(3); // one selector attaches, not a run of them
    expect(charLength('👨‍👩‍👧')).toBe(5); // ZWJ sequences count their parts
    expect(clipText('1️⃣1️⃣1️⃣1️⃣', 3)).toBe('1️⃣…'); // a cut never splits a pictogram
  });
});

describe.each(dialects())('length limits through the gateway (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect);

  async function join(nickname: string, login: string) {
    const h = new Handset(gw, UA.pc, { keepsCookies: true });
    await h.get('/register?code=DEMO-INVITE');
    await h.submit(h.form('nickname'), { nickname, birthDate: '19900401', login, password: 'longenough', mail: `${login}@example.jp` });
    return h.last;
  }

  it('refuses a nickname of 20 letters with 450 combining marks, and keycaps past the byte cap, each with a clear message', async () => {
    let page = await join(ZALGO_20, `zalgo_${dialect}`);
    expect(page.status).toBe(400);
    expect(page.text).toContain('ニックネームは1〜20文字です');
    expect(await gw.booted.services.store.members.findByLogin(`zalgo_${dialect}`)).toBeFalsy();
    // 20 keycaps are 20 characters but 140 bytes (the cap is 4 per character).
    page = await join('1️⃣'.repeat(20), `keycap_${dialect}`);
    expect(page.status).toBe(400);
    expect(page.text).toContain('ニックネームが長すぎます');
    page = await join('\u202eevil', `bidi_${dialect}`);
    expect(page.status).toBe(400);
    expect(page.text).toContain('ニックネームに使えない文字があります');
    // What fits: 20 pictograms of one code point each, and 19 letters with a few accents.
    expect((await join('😀'.repeat(20), `smile_${dialect}`)).status).toBe(200);
    expect((await join(`${'é'.repeat(19)}`, `accent_${dialect}`)).status).toBe(200);
  });

  it('refuses a profile introduction and a diary title over their lengths in code points', async () => {
    const h = new Handset(gw, UA.pc, { keepsCookies: true });
    await h.passwordLogin('demo', 'ashiato-demo');
    await h.get('/settings/profile');
    await h.submit(h.form('intro'), { intro: `${'あ'.repeat(990)}a${marks(20)}` });
    expect(h.last.status).toBe(400);
    expect(h.last.text).toContain('自己紹介は1000文字までです');
    await h.get('/settings/profile');
    await h.submit(h.form('intro'), { intro: `${'あ'.repeat(980)}a${marks(19)}` });
    expect(h.last.status).toBe(200);
    await h.get('/diary/new');
    await h.submit(h.form('body'), { title: `title${marks(46)}`, body: 'body', visibility: 'self' });
    expect(h.last.status).toBe(400);
    expect(h.last.text).toContain('タイトルは1〜50文字です');
    await h.get('/diary/new');
    await h.submit(h.form('body'), { title: 'ok', body: `a${marks(1000)}`.repeat(9), visibility: 'self' });
    expect(h.last.status).toBe(200);
    await h.get('/diary/new');
    await h.submit(h.form('body'), { title: 'ok', body: `a${marks(1000)}`.repeat(10), visibility: 'self' });
    expect(h.last.status).toBe(400);
    expect(h.last.text).toContain('本文は1〜10000文字です');
  });
});
