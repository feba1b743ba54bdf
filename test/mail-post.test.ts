import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import pino from 'pino';
import { Jimp } from 'jimp';
import { dialects, gatewayForSuite, startGateway, type TestGateway } from './support/gateway.js';
import { signedInMember, type HandsetKind } from './support/members.js';
import { freePort } from './support/ports.js';
import { startMailListener, type MailListener } from '../mail/listener.js';
import { encodeMailText } from '../emoji/mail.js';
import { buildPlainMail } from '../mail/deco.js';
import { mailFormatOf } from '../mail/notice-composer.js';
import { carrierById } from '../carriers/index.js';
import { emojiTables } from '../emoji/tables.js';

const t = emojiTables();
const auSun = t.pictograms.au.get(0xe488)!;
const docomoSun = t.pictograms.docomo.get(0xe63e)!;
// A pictogram only au has: stored as its own plane-15 code point.
const auOnly = [...t.pictograms.au.values()].find((p) => p.internal.codePointAt(0)! >= 0xf1000 && p.mailJis)!;
const mailOf = (c: 'docomo' | 'au' | 'softbank') => carrierById(c).mail;

const jpeg = async (w = 480, h = 360) => Buffer.from(await new Jimp({ width: w, height: h, color: 0x3366ccff }).getBuffer('image/jpeg'));
const b64 = (b: Buffer) => b.toString('base64').replace(/.{76}/g, '$&\r\n');

/** A handset mail as phones built it: subject as encoded words, text in the carrier's charset, photos attached. */
function handsetMail(o: { from: string; to: string; carrier: 'docomo' | 'au' | 'softbank'; subject: string; text: string; photos?: Buffer[]; qp?: boolean }): Buffer {
  const mail = mailOf(o.carrier);
  const subject = encodeMailText(o.subject, mail);
  const body = encodeMailText(o.text, mail);
  const cs = subject.charset;
  const head = [`From: ${o.from}`, `To: ${o.to}`, `Subject: =?${cs}?B?${subject.bytes.toString('base64')}?=`, 'MIME-Version: 1.0'];
  const textPart = o.qp
    ? [`Content-Type: text/plain; charset=${cs}`, 'Content-Transfer-Encoding: quoted-printable', '', [...body.bytes].map((b) => (b >= 0x21 && b <= 0x7e && b !== 0x3d ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('').replace(/.{70}/g, '$&=\r\n')]
    : cs === 'ISO-2022-JP'
      ? [`Content-Type: text/plain; charset=${cs}`, 'Content-Transfer-Encoding: 7bit', '', body.bytes.toString('latin1')]
      : [`Content-Type: text/plain; charset=${cs}`, 'Content-Transfer-Encoding: base64', '', b64(body.bytes)];
  const parts = [textPart.join('\r\n'), ...(o.photos ?? []).map((p, i) => [`Content-Type: image/jpeg; name="p${i}.jpg"`, 'Content-Transfer-Encoding: base64', `Content-Disposition: attachment; filename="p${i}.jpg"`, '', b64(p)].join('\r\n'))];
  return Buffer.from([...head, 'Content-Type: multipart/mixed; boundary="==b=="', '', ...parts.map((p) => `--==b==\r\n${p}`), '--==b==--', ''].join('\r\n'), 'latin1');
}

describe('the emulator sends a mail as the handset into the listener', () => {
  let gw: TestGateway;
  let listener: MailListener;
  beforeAll(async () => {
    // A free port first: the gateway's configuration names it, the listener binds it.
    const port = await freePort();
    gw = await startGateway('sqlite', { MAIL_IN_PORT: String(port) });
    listener = await startMailListener({ port, host: '127.0.0.1', post: gw.booted.services.mailPost, logger: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await listener?.close();
    await gw?.close();
  });
  it('is refused to strangers and posts the demo au member\'s mail with its photo', async () => {
    expect((await gw.request('GET', '/emulator/mail', { peer: '198.51.100.9' })).status).not.toBe(200);
    const s = gw.booted.services;
    const form = await gw.request('GET', '/emulator/mail');
    expect(await form.text()).toContain('demo_au');
    const res = await gw.request('POST', '/emulator/mail', { headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: gw.origin }, body: new URLSearchParams({ login: 'demo_au', phone: 'au', subject: 'エミュから☀️', body: '送信テスト', photo: '1' }).toString() });
    expect(await res.text()).toContain('Sent from');
    const au = (await s.store.members.findByLogin('demo_au'))!.id;
    const [e] = await s.store.diary.listByMember(au, ['self', 'friends', 'friends-of-friends', 'members', 'public'], 1, 0);
    expect(e?.title).toBe('エミュから☀️');
    expect(await s.photos.forEntry(e!.id)).toHaveLength(1);
  });
});

describe.each(dialects())('posting by mail (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect);
  let listener: MailListener;
  beforeAll(async () => {
    listener = await startMailListener({ port: 0, host: '127.0.0.1', post: gw.booted.services.mailPost, logger: pino({ level: 'silent' }) });
  });
  afterAll(() => listener?.close());

  const send = (from: string, to: string, raw: Buffer) =>
    nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true }).sendMail({ envelope: { from, to: [to] }, raw });

  let seq = 0;
  /** A member with a verified handset address; their posting address read from the settings page. */
  const poster = async (kind: HandsetKind, domain: string) => {
    const mail = `poster${++seq}.x@${domain}`;
    const m = await signedInMember(gw, kind, { mail });
    await m.go('/settings/mail-post');
    expect(m.h.last.status).toBe(200);
    const address = /([a-z2-7]{20}@localhost)/.exec(m.h.last.text)?.[1];
    expect(address, m.h.last.text.slice(0, 600)).toBeDefined();
    return { ...m, mail, address: address! };
  };
  const entriesOf = (memberId: number) => gw.booted.services.store.diary.listByMember(memberId, ['self', 'friends', 'friends-of-friends', 'members', 'public'], 10, 0);
  const repliesTo = (to: string) => gw.mails.filter((m) => m.to === to);

  it('posts an au ISO-2022-JP mail with an au pictogram and a JPEG: the pictogram stored, the photo sized for au, the sun in docomo code', async () => {
    const m = await poster('au', 'ezweb.ne.jp');
    const raw = handsetMail({ from: m.mail, to: m.address, carrier: 'au', subject: `今日の空${auSun.internal}`, text: `いい天気${auSun.internal}と${auOnly.internal}です`, photos: [await jpeg()] });
    expect(raw.every((b) => b < 0x80)).toBe(true); // 7-bit, as au sent it
    await send(m.mail, m.address, raw);
    const [entry] = await entriesOf(m.id);
    expect(entry?.title).toBe(`今日の空${auSun.internal}`);
    expect(entry?.body).toBe(`いい天気${auSun.internal}と${auOnly.internal}です`);
    const photos = await gw.booted.services.photos.forEntry(entry!.id);
    expect(photos).toHaveLength(1);

    // The au handset gets the photo at 240 px.
    await m.go(`/photos/${photos[0]!.id}/240`);
    expect(m.h.last.status).toBe(200);
    expect((await Jimp.read(Buffer.from(m.h.last.bytes))).width).toBe(240);
    // A docomo friend reads the entry with docomo's own sun code.
    const d = await signedInMember(gw, 'docomo');
    await gw.booted.services.store.friendships.befriend(d.id, m.id, Date.now());
    await d.go(`/diary/${entry!.id}`);
    expect(d.h.last.status).toBe(200);
    expect(Buffer.from(d.h.last.bytes).includes(Buffer.from([docomoSun.sjis! >> 8, docomoSun.sjis! & 0xff]))).toBe(true);
    expect(d.h.last.text).toContain('/photos/');
  });

  it('reads docomo Shift_JIS (quoted-printable) and SoftBank UTF-8 (base64) mail with their pictograms', async () => {
    const d = await poster('docomo', 'docomo.ne.jp');
    await send(d.mail, d.address, handsetMail({ from: d.mail, to: d.address, carrier: 'docomo', subject: `ドコモ${docomoSun.internal}`, text: `ｶﾀｶﾅと${docomoSun.internal}`, qp: true }));
    const [de] = await entriesOf(d.id);
    expect(de?.title).toBe(`ドコモ${docomoSun.internal}`);
    expect(de?.body).toBe(`ｶﾀｶﾅと${docomoSun.internal}`);

    const s = await poster('softbank', 'softbank.ne.jp');
    const sbSun = t.pictograms.softbank.get(0xe04a)!;
    await send(s.mail, s.address, handsetMail({ from: s.mail, to: s.address, carrier: 'softbank', subject: 'ソフトバンク', text: `晴れ${sbSun.internal}`, photos: [await jpeg(320, 240)] }));
    const [se] = await entriesOf(s.id);
    expect(se?.body).toBe(`晴れ${sbSun.internal}`);
    expect(await gw.booted.services.photos.forEntry(se!.id)).toHaveLength(1);
  });

  it('refuses a wrong sender and an unknown address at RCPT TO, and posts nothing', async () => {
    const m = await poster('au', 'ezweb.ne.jp');
    const raw = handsetMail({ from: 'someone@ezweb.ne.jp', to: m.address, carrier: 'au', subject: 'なりすまし', text: 'x' });
    await expect(send('someone@ezweb.ne.jp', m.address, raw)).rejects.toMatchObject({ responseCode: 550 });
    await expect(send(m.mail, 'aaaaaaaaaaaaaaaaaaaa@localhost', raw)).rejects.toMatchObject({ responseCode: 550 });
    await expect(send(m.mail, `${m.address.split('@')[0]}@elsewhere.example`, raw)).rejects.toMatchObject({ responseCode: 550 });
    expect(await entriesOf(m.id)).toHaveLength(0);
    // A re-issued address: the old one is refused from then on.
    await m.go('/settings/mail-post');
    await m.h.submit(m.h.form('target'), {});
    expect(m.h.last.text).not.toContain(m.address);
    await expect(send(m.mail, m.address, handsetMail({ from: m.mail, to: m.address, carrier: 'au', subject: 'old', text: 'x' }))).rejects.toMatchObject({ responseCode: 550 });
  });

  it('refuses oversize, too many photos and malformed mail with a reply in the sender\'s charset, and keeps serving', async () => {
    const m = await poster('docomo', 'docomo.ne.jp');
    const big = handsetMail({ from: m.mail, to: m.address, carrier: 'docomo', subject: '大きい', text: 'x', photos: [Buffer.alloc(2 * 1024 * 1024, 7)] });
    await expect(send(m.mail, m.address, big)).rejects.toMatchObject({ responseCode: 552 });
    const four = await Promise.all([1, 2, 3, 4].map(() => jpeg(64, 48)));
    await send(m.mail, m.address, handsetMail({ from: m.mail, to: m.address, carrier: 'docomo', subject: '多い', text: 'x', photos: four }));
    await send(m.mail, m.address, Buffer.from('\x00\xff\xfe not a mail at all\r\n\r\n', 'latin1'));
    await send(m.mail, m.address, handsetMail({ from: m.mail, to: m.address, carrier: 'docomo', subject: '壊れた写真', text: 'x', photos: [Buffer.from('\xff\xd8\xff\xe0 broken', 'latin1')] }));
    expect(await entriesOf(m.id)).toHaveLength(0);
    const replies = repliesTo(m.mail);
    expect(replies.map((r) => r.text).join('\n')).toMatch(/大きすぎます[\s\S]*3枚まで[\s\S]*メールを読み取れませんでした[\s\S]*画像を読み取れませんでした/);
    // The mailer writes them in the docomo phone's charset (Shift_JIS): the reply names its reason in Japanese.
    expect(replies.every((r) => r.subject.includes('メール投稿エラー'))).toBe(true);
    const built = (await buildPlainMail({ from: 'no-reply@localhost', to: m.mail, subject: replies[0]!.subject, text: replies[0]!.text }, mailFormatOf(m.mail))).toString('latin1');
    expect(built).toMatch(/charset="?Shift_JIS/i);
    // Still serving: a good mail after all of that is posted.
    await send(m.mail, m.address, handsetMail({ from: m.mail, to: m.address, carrier: 'docomo', subject: 'まだ動く', text: 'ok' }));
    expect((await entriesOf(m.id))[0]?.title).toBe('まだ動く');
  });

  it('takes the text of a deco-mail (markup dropped, never closed) and its photo, not its decorations', async () => {
    const m = await poster('docomo', 'docomo.ne.jp');
    const mail = mailOf('docomo');
    const html = encodeMailText(`<html><body><div style="color:red">デコ${docomoSun.internal}<script>alert(1)</script><img src="cid:deco1"></div><marquee>流れる</marquee></body></html>`, mail, 'markup');
    const gif = Buffer.from(await new Jimp({ width: 16, height: 16, color: 0xff0000ff }).getBuffer('image/gif'));
    const raw = Buffer.from(
      [
        `From: ${m.mail}`, `To: ${m.address}`, 'Subject: deco', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="mx"', '',
        '--mx', 'Content-Type: multipart/related; boundary="rel"', '',
        '--rel', 'Content-Type: text/html; charset=Shift_JIS', 'Content-Transfer-Encoding: base64', '', b64(html.bytes),
        '--rel', 'Content-Type: image/gif', 'Content-ID: <deco1>', 'Content-Transfer-Encoding: base64', '', b64(gif),
        // docomo's unclosed multipart/related: the photo follows in the outer part.
        '--mx', 'Content-Type: image/jpeg; name="a.jpg"', 'Content-Disposition: attachment; filename="a.jpg"', 'Content-Transfer-Encoding: base64', '', b64(await jpeg(200, 150)),
        '--mx--', '',
      ].join('\r\n'),
      'latin1',
    );
    await send(m.mail, m.address, raw);
    const [e] = await entriesOf(m.id);
    expect(e?.body).toContain(`デコ${docomoSun.internal}`);
    expect(e?.body).toContain('流れる');
    expect(e?.body).not.toMatch(/<|alert/);
    expect(await gw.booted.services.photos.forEntry(e!.id)).toHaveLength(1);
  });

  it('posts photos to a chosen album by its own address, the subject as caption, and refuses a mail without photos', async () => {
    const m = await poster('softbank', 'softbank.ne.jp');
    const albumId = await gw.booted.services.albums.create(m.id, { title: '旅アルバム', description: '', visibility: 'friends' });
    await m.go('/settings/mail-post');
    expect(m.h.last.text).toContain('アルバム「旅アルバム」に投稿');
    const addresses = [...m.h.last.text.matchAll(/([a-z2-7]{20}@localhost)/g)].map((x) => x[1]!);
    const albumAddress = [...new Set(addresses)].find((a) => a !== m.address)!;
    await send(m.mail, albumAddress, handsetMail({ from: m.mail, to: albumAddress, carrier: 'softbank', subject: '海辺', text: '', photos: [await jpeg(300, 200), await jpeg(200, 300)] }));
    const album = await gw.booted.services.store.albums.find(albumId);
    expect(album?.photoCount).toBe(2);
    const photos = await gw.booted.services.store.albums.photos(albumId, 10, 0);
    expect(photos.map((p) => p.caption)).toEqual(['海辺', '海辺']);
    expect(await entriesOf(m.id)).toHaveLength(0);
    await send(m.mail, albumAddress, handsetMail({ from: m.mail, to: albumAddress, carrier: 'softbank', subject: '写真なし', text: 'x' }));
    expect(repliesTo(m.mail).at(-1)?.text).toContain('写真(JPEG・GIF・PNG)を添付してください');
    expect((await gw.booted.services.store.albums.find(albumId))?.photoCount).toBe(2);
  });

  it('keeps the photo of a docomo photo mail with no subject and no text', async () => {
    const m = await poster('docomo', 'docomo.ne.jp');
    await send(m.mail, m.address, handsetMail({ from: m.mail, to: m.address, carrier: 'docomo', subject: '', text: '', photos: [await jpeg(300, 200)] }));
    const [e] = await entriesOf(m.id);
    expect(e?.title).toBe('ケータイから');
    expect(await gw.booted.services.photos.forEntry(e!.id)).toHaveLength(1);
  });
});

describe('mail text that is not Shift_JIS at all', () => {
  // Each bad byte used to restart a strict decode of everything after it: 400 KB of bad bytes took
  // ~54 s of a blocked gateway (2 MB: minutes, far past this test's limit). Now linear.
  it('decodes a 2 MB part of bad bytes at once, keeping the good text before them', async () => {
    const { decodeMailText } = await import('../emoji/mail.js');
    const facts = { charset: 'Shift_JIS' as const, emojiForm: 'docomo-sjis' as const };
    const good = Buffer.from([0x82, 0xa0]); // あ
    const text = decodeMailText(Buffer.concat([good, Buffer.alloc(2 * 1024 * 1024, 0xa0)]), 'shift_jis', facts);
    expect(text.startsWith('あ\ufffd')).toBe(true);
    expect(text.length).toBeGreaterThan(1000);
  });
});
