import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite, type TestGateway } from './support/gateway.js';
import { signedInMember, type HandsetKind } from './support/members.js';
import { encodeShiftJis } from '../emoji/sjis.js';
import { emojiTables } from '../emoji/tables.js';
import { transcoderFor } from '../emoji/index.js';
import { decodeMailText } from '../emoji/mail.js';
import { carrierById } from '../carriers/index.js';
import { appendPoints } from '../core/course/points.js';
import { sanitizeDecoHtml } from '../core/decomail/sanitize.js';
import { DECO_TAGS } from '../mail/deco.js';

const t = emojiTables();
const sun = t.pictograms.docomo.get(0xe63e)!; // 晴れ
const auSun = t.pictograms.au.get(0xe488)!;
const sbSun = t.pictograms.softbank.get(0xe04a)!;
const MAIL: Record<string, string> = { docomo: 'docomo.ne.jp', au: 'ezweb.ne.jp', softbank: 'softbank.ne.jp' };

type Member = Awaited<ReturnType<typeof signedInMember>>;

/** The Content-Type lines of a raw message, in order (the MIME tree, flattened). */
const types = (raw: Buffer) => [...raw.toString('latin1').matchAll(/^Content-Type: ([^;\r\n]+)/gim)].map((m) => m[1]!.toLowerCase());

/** A MIME part's decoded bytes, by its content type's start. */
function part(raw: Buffer, type: string): { charset: string; bytes: Buffer } {
  const s = raw.toString('latin1');
  const re = new RegExp(`Content-Type: ${type}; charset=([\\w-]+)\\r\\nContent-Transfer-Encoding: ([\\w-]+)\\r\\n\\r\\n([\\s\\S]*?)\\r\\n--`, 'i');
  const m = re.exec(s)!;
  const body = m[3]!;
  const enc = m[2]!.toLowerCase();
  const bytes =
    enc === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
      : enc === 'quoted-printable'
        ? Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))), 'latin1')
        : Buffer.from(body, 'latin1');
  return { charset: m[1]!, bytes };
}

async function grant(gw: TestGateway, memberId: number, points: number) {
  await gw.booted.services.store.transaction((tx) => appendPoints(tx, { memberId, delta: points, kind: 'grant', ref: `deco-test-${memberId}-${points}-${Math.random()}`, note: 'test', createdAt: Date.now() }));
}

/** What a handset of this kind types: Shift_JIS bytes with its pictogram, or UTF-8 for SoftBank/PC. */
function typed(kind: HandsetKind, text: string): string | Uint8Array {
  if (kind === 'docomo') return Buffer.concat([encodeShiftJis(text), Buffer.from([sun.sjis! >> 8, sun.sjis! & 0xff])]);
  if (kind === 'au') return Buffer.concat([encodeShiftJis(text), Buffer.from([auSun.sjis! >> 8, auSun.sjis! & 0xff])]);
  return `${text}${String.fromCharCode(0xe04a)}`;
}

describe.each(dialects())('decorated messages (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect);
  const s = () => gw.booted.services;
  const template = async (name: string) => (await s().decoGallery.gallery(0)).find((g) => g.template.name === name)!.template.id;
  const member = (kind: HandsetKind, nickname: string) => signedInMember(gw, kind, { nickname, mail: `${nickname.replace(/\W/g, '')}${Math.random().toString(36).slice(2, 7)}@${MAIL[kind] ?? 'example.jp'}` });

  /** Composes from the handset's own form: preview first, then send from the preview's form. */
  async function compose(from: Member, to: Member, fields: Record<string, string | Uint8Array>) {
    await from.go(`/messages/new?to=${to.id}`);
    await from.h.submit(from.h.form('color'), { ...fields, preview: 'プレビュー' });
    const preview = from.h.last;
    if (preview.status !== 200) return { preview, sent: preview };
    const form = from.h.form('color');
    delete form.fields.preview;
    // The handset sends the textarea's bytes as they are (the test's page decoder cannot give
    // pictogram bytes back, so the typed values are sent again).
    await from.h.submit(form, fields);
    return { preview, sent: from.h.last };
  }

  /** The recipient's deco-mail for the newest message (the raw MIME message). */
  const mailTo = (m: Member) => {
    const mail = [...gw.mails].reverse().find((x) => x.to.endsWith(MAIL[m.kind]!) && x.to.startsWith(m.nickname.replace(/\W/g, '')));
    expect(mail?.raw).toBeDefined();
    return mail!.raw as Buffer;
  };

  it('travels docomo → au → SoftBank → docomo with pictograms and template images, each reading it in their own carrier\'s page and mail', async () => {
    const docomo = await member('docomo', 'dtaro');
    const au = await member('au', 'ahanako');
    const sb = await member('softbank', 'sjiro');
    const heart = await template('ハート');
    const kira = await template('キラキラ');
    const banner = await template('お花見バナー');

    // docomo → au: pink, large, blinking, on a cherry background, with the heart template.
    const d1 = await compose(docomo, au, { subject: 'デコメ1', body: typed('docomo', 'はなみ'), color: '#ff3399', size: '5', bg: '#ffe4ec', effect: 'blink', template: String(heart) });
    expect(d1.preview.text).toContain('プレビュー');
    expect(d1.preview.text).toContain('<blink><font color="#ff3399">はなみ');
    expect(d1.preview.text).toContain('bgcolor="#ffe4ec"');
    expect(d1.sent.status).toBe(200);
    await au.go('/messages');
    await au.h.follow(/\/messages\/\d+/);
    const auPage = au.h.last;
    expect(auPage.text).toContain(`<img src="/deco/${heart}/image"`);
    expect(auPage.text).toContain('<span style="color:#ff3399;font-size:x-large;text-decoration:blink">はなみ');
    expect(auPage.text).toContain('background-color:#ffe4ec');
    expect(Buffer.from(auPage.bytes).includes(transcoderFor('au-sjis', 'Shift_JIS').encode(sun.internal))).toBe(true);
    const img = await au.h.get(`/deco/${heart}/image`);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/gif');
    // Its mail: au's tree (images beside the alternative part), ISO-2022-JP, the heart by cid.
    const auMail = mailTo(au);
    expect(types(auMail)).toEqual(['multipart/mixed', 'multipart/alternative', 'text/plain', 'text/html', 'image/gif', 'image/gif']);
    const auHtml = part(auMail, 'text/html');
    expect(auHtml.charset).toBe('ISO-2022-JP');
    const auHtmlText = decodeMailText(auHtml.bytes, auHtml.charset, carrierById('au').mail);
    expect(auHtmlText).toContain(`<img src="cid:tpl${heart}@ashiato">`);
    expect(auHtmlText).toContain('<blink><font color="#ff3399" size="5">はなみ');
    expect(auHtmlText).toContain(sun.internal);
    expect(auMail.toString('latin1')).toContain(`Content-ID: <tpl${heart}@ashiato>`);
    const auText = part(auMail, 'text/plain');
    expect(decodeMailText(auText.bytes, auText.charset, carrierById('au').mail)).toContain(`はなみ${sun.internal}`);

    // au → SoftBank: a marquee (au's Openwave offers it) with the sparkle template.
    const d2 = await compose(au, sb, { subject: 'デコメ2', body: typed('au', 'こんにちは'), color: '#0000ff', effect: 'marquee', template: String(kira) });
    expect(d2.preview.text).toContain('display:-wap-marquee');
    expect(d2.sent.status).toBe(200);
    await sb.go('/messages');
    await sb.h.follow(/\/messages\/\d+/);
    expect(sb.h.last.text).toContain(`<img src="/deco/${kira}/image"`);
    expect(sb.h.last.text).toContain('<marquee><span style="color:#0000ff">こんにちは');
    expect(Buffer.from(sb.h.last.bytes).includes(transcoderFor('softbank-utf8', 'UTF-8').encode(auSun.internal))).toBe(true);
    const sbMail = mailTo(sb);
    expect(types(sbMail)).toEqual(['multipart/mixed', 'multipart/related', 'multipart/alternative', 'text/plain', 'text/html', 'image/gif', 'image/gif']);
    const sbHtml = part(sbMail, 'text/html');
    expect(sbHtml.charset).toBe('UTF-8');
    const sbHtmlText = decodeMailText(sbHtml.bytes, sbHtml.charset, carrierById('softbank').mail);
    expect(sbHtmlText).toContain(`<marquee><font color="#0000ff">こんにちは`);
    expect(sbHtmlText).toContain(`cid:tpl${kira}@ashiato`);
    expect(sbHtmlText).toContain(auSun.internal);

    // SoftBank → docomo with the paid template: refused until bought (through the ledger, once).
    const refused = await compose(sb, docomo, { subject: 'デコメ3', body: typed('softbank', 'おはなみ'), template: String(banner) });
    expect(refused.preview.status).toBe(400);
    expect(refused.preview.text).toContain('有料テンプレートは購入してから使えます');
    await grant(gw, sb.id, 50);
    await sb.go('/messages/templates');
    await sb.h.submit(sb.h.formTo(new RegExp(`/messages/templates/${banner}/acquire`)), {});
    expect(sb.h.last.text).toContain('購入しました');
    expect(await s().points.balance(sb.id)).toBe(20);
    const d3 = await compose(sb, docomo, { subject: 'デコメ3', body: typed('softbank', 'おはなみ'), color: '#009900', template: String(banner) });
    expect(d3.sent.status).toBe(200);
    await docomo.go('/messages');
    await docomo.h.follow(/\/messages\/\d+/);
    expect(docomo.h.last.text).toContain(`<img src="/deco/${banner}/image"`);
    expect(docomo.h.last.text).toContain('<font color="#009900">おはなみ');
    expect(Buffer.from(docomo.h.last.bytes).includes(transcoderFor('docomo-sjis', 'Shift_JIS').encode(sbSun.internal))).toBe(true);
    const dMail = mailTo(docomo);
    expect(types(dMail)).toEqual(['multipart/mixed', 'multipart/related', 'multipart/alternative', 'text/plain', 'text/html', 'image/gif', 'image/gif']);
    const dHtml = part(dMail, 'text/html');
    expect(dHtml.charset).toBe('Shift_JIS');
    expect(decodeMailText(dHtml.bytes, dHtml.charset, carrierById('docomo').mail)).toContain(`<font color="#009900">おはなみ${sbSun.internal}`);
  });

  it('reduces hostile deco-mail HTML to the deco-mail subset: nothing executable reaches the page or the mail', async () => {
    const pc = await signedInMember(gw, 'pc', { nickname: 'pcsender' });
    const to = await member('docomo', 'dvictim');
    const hostile = [
      '<body bgcolor="javascript:alert(1)" onload="alert(1)"><script>alert("x")</script>',
      '<font color="expression(alert(1))" style="color:expression(alert(1))" onmouseover="alert(1)">こんにちは</font>',
      '<img src="x" onerror="alert(1)"><img src="javascript:alert(1)"><img src="http://evil.example/a.gif">',
      '<a href="javascript:alert(1)">リンク</a><div onclick="alert(1)">クリック</div>',
      '<style>body{background:url(javascript:alert(1))}</style><iframe src="http://evil.example"></iframe>',
      '<svg onload="alert(1)"><circle/></svg><meta http-equiv="refresh" content="0;url=http://evil.example">',
      '<marquee onstart="alert(1)"><font color="red">ながれる</font></marquee><blink>ぴかぴか</blink>',
      `${'<font color="#00ff00">'.repeat(500)}ふかい${'</font>'.repeat(500)}`,
      '<font color="#123">みじかい色</font><font size="+9">大きすぎ</font>',
    ].join('');
    await pc.go(`/messages/new?to=${to.id}`);
    await pc.h.submit(pc.h.form('html'), { subject: '攻撃', html: hostile });
    expect(pc.h.last.status).toBe(200);
    await to.go('/messages');
    await to.h.follow(/\/messages\/\d+/);
    const page = to.h.last.text;
    for (const bad of ['<script', 'alert', 'onerror', 'onload', 'onclick', 'javascript:', 'expression(', 'evil.example', '<iframe', '<svg', 'refresh', '<style']) {
      expect(page, bad).not.toContain(bad);
    }
    for (const good of ['こんにちは', 'リンク', 'クリック', '<marquee><font color="#ff0000">ながれる', '<blink>ぴかぴか', '<font color="#00ff00">ふかい', '<font color="#112233">みじかい色']) expect(page).toContain(good);
    // Nesting was flattened: one <font> per run, not 500.
    expect(page.split('<font').length).toBeLessThan(20);
    const raw = mailTo(to);
    const html = decodeMailText(part(raw, 'text/html').bytes, 'Shift_JIS', carrierById('docomo').mail);
    for (const bad of ['<script', 'alert', 'javascript:', 'expression(', 'evil.example', 'onerror']) expect(html, bad).not.toContain(bad);
    const tags = new Set([...html.matchAll(/<\/?([a-z]+)/gi)].map((x) => x[1]!.toLowerCase()));
    for (const tag of tags) expect(DECO_TAGS as readonly string[]).toContain(tag);

    // Oversized markup is refused with a page saying so, never parsed.
    await pc.go(`/messages/new?to=${to.id}`);
    const f = pc.h.form('html');
    const body = new URLSearchParams({ ...f.fields, subject: '大きい', html: `<div>${'a'.repeat(40_000)}</div>` }).toString();
    await pc.h.open('POST', f.action, body, 'application/x-www-form-urlencoded');
    expect(pc.h.last.status).toBe(400);
    expect(pc.h.last.text).toContain('デコメールが大きすぎます');
  });

  it('keeps within each recipient carrier\'s deco-mail limits (au: 5 images, docomo: 10,000 bytes of text and HTML)', async () => {
    const pc = await signedInMember(gw, 'pc', { nickname: 'pclimits' });
    const au = await member('au', 'alimit');
    const sb = await member('softbank', 'slimit');
    const docomo = await member('docomo', 'dlimit');
    // Five different images (a mail carries each image once, however often it is shown).
    const gif = await s().decoGallery.image(await template('ハート'));
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await s().decoGallery.add({ name: `stamp${i}`, pricePoints: 0, gif: gif!, width: 24, height: 24 }));
    const five = `${ids.map((id) => `<img src="tpl:${id}">`).join('')}画像いっぱい`;
    const send = async (to: Member, html: string) => {
      await pc.go(`/messages/new?to=${to.id}`);
      await pc.h.submit(pc.h.form('html'), { subject: '制限', html });
      return pc.h.last;
    };
    const toAu = await send(au, five);
    expect(toAu.status).toBe(400);
    expect(toAu.text).toContain('画像が多すぎます(相手の機種では4枚まで)');
    expect((await send(sb, five)).status).toBe(200);
    const colourful = Array.from({ length: 600 }, (_, i) => `<font color="${i % 2 ? '#ff0000' : '#0000ff'}">あ</font>`).join('');
    const toDocomo = await send(docomo, colourful);
    expect(toDocomo.status).toBe(400);
    expect(toDocomo.text).toContain('10,000バイトまで');
    expect((await send(sb, colourful)).status).toBe(200);
  });

  it('sanitises in one pass: deep and wide markup costs little, and only the subset survives', () => {
    // A <head> never closed (as some handsets wrote it) ends at <body> (htmlparser2 closes it); its title is not text.
    expect(sanitizeDecoHtml('<html><head><title>題</title><body>本文</body></html>').runs).toEqual([{ t: 'text', text: '本文' }]);
    const deep = sanitizeDecoHtml(`${'<ul><li>'.repeat(3000)}x`);
    expect(deep.runs).toEqual([{ t: 'text', text: 'x' }]);
    const doc = sanitizeDecoHtml('<body bgcolor="#FFE4EC"><div>一行目</div><div><font color="red" size="5">二行目</font></div><hr><img src="/deco/7/image"></body>');
    expect(doc).toEqual({
      bg: '#ffe4ec',
      runs: [{ t: 'text', text: '一行目' }, { t: 'br' }, { t: 'text', text: '二行目', color: '#ff0000', size: 5 }, { t: 'br' }, { t: 'hr' }, { t: 'img', template: 7 }],
    });
  });
});
