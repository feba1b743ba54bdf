import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { signedInMember } from './support/members.js';
import { DECO_TAGS, buildDecoMail } from '../mail/deco.js';
import { carrierById } from '../carriers/index.js';
import { createMailer } from '../mail/mailer.js';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';


/** The Content-Type lines of a raw message, in order (the MIME tree, flattened). */
const types = (raw: Buffer) => [...raw.toString('latin1').matchAll(/^Content-Type: ([^;\r\n]+)/gim)].map((m) => m[1]!.toLowerCase());

describe('deco-mail as each carrier reads it', () => {
  const banner = Buffer.from('R0lGODlhAQABAIAAAP+ZMwAAACH5BAAAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64'); // 1×1 GIF
  const notice = { from: 'no-reply@ashiato.example', to: 'taro@docomo.ne.jp', subject: 'メッセージ☀️', headline: '届きました☀️', lines: ['件名: <お花見> & "集合"', 'http://localhost:3000/messages'], banner };

  it.each([
    ['docomo', ['multipart/mixed', 'multipart/related', 'multipart/alternative', 'text/plain', 'text/html', 'image/gif'], 'Shift_JIS'],
    ['softbank', ['multipart/mixed', 'multipart/related', 'multipart/alternative', 'text/plain', 'text/html', 'image/gif'], 'UTF-8'],
    ['au', ['multipart/mixed', 'multipart/alternative', 'text/plain', 'text/html', 'image/gif'], 'ISO-2022-JP'],
  ] as const)('%s: the MIME tree, charset, tag subset, cid image and size limit', async (carrier, tree, charset) => {
    const raw = await buildDecoMail(notice, carrierById(carrier).mail);
    expect(types(raw)).toEqual(tree);
    expect(raw.toString('latin1')).toContain(`text/html; charset=${charset}`);
    expect(raw.toString('latin1')).toMatch(new RegExp(`^Subject: =\\?${charset}\\?B\\?`, 'm'));
    const m = await simpleParser(raw, { keepCidLinks: true });
    const html = String(m.html);
    const tags = new Set([...html.matchAll(/<\/?([a-z]+)/gi)].map((x) => x[1]!.toLowerCase()));
    for (const t of tags) expect(DECO_TAGS as readonly string[]).toContain(t);
    expect(html).toContain('&lt;お花見&gt; &amp; &quot;集合&quot;');
    const cid = /src="cid:([^"]+)"/.exec(html)?.[1];
    expect(m.attachments.map((a) => a.cid)).toEqual([cid]);
    const limits = carrierById(carrier).mail.decoLimits;
    expect(Buffer.byteLength(m.text ?? '') + Buffer.byteLength(html)).toBeLessThanOrEqual(limits.textAndHtml);
    expect(m.attachments.reduce((n, a) => n + a.size, 0)).toBeLessThanOrEqual(limits.imageBytes);
    // The pictogram travels in the receiver's own code: docomo F89F (U+E63E), SoftBank U+E04A;
    // au's mail JIS code is readable by au phones only (a PC parser shows it as something else).
    if (carrier === 'docomo') expect(m.subject).toContain('\uE63E');
    if (carrier === 'softbank') expect(m.subject).toContain('\uE04A');
  });
});

describe('plain mail in the phone\'s charset', () => {
  it.each([
    ['taro@docomo.ne.jp', 'Shift_JIS'],
    ['hanako@ezweb.ne.jp', 'ISO-2022-JP'],
    ['jiro@softbank.ne.jp', 'UTF-8'],
    ['someone@example.jp', 'UTF-8'],
  ])('%s gets %s, readable, with Date and Message-ID, written to the outbox', async (to, charset) => {
    const dir = mkdtempSync(join(tmpdir(), 'ashiato-outbox-'));
    try {
      const mailer = createMailer({ smtpUrl: null, outbox: dir, from: 'no-reply@ashiato.example' });
      await mailer.send({ to, subject: '【足あと】メールアドレスの確認', text: 'QA太郎さん、登録ありがとうございます。\n次のURLを開いてください。' });
      const files = readdirSync(dir);
      expect(files).toHaveLength(1);
      const raw = readFileSync(join(dir, files[0]!));
      expect(raw.toString('latin1')).toContain(`text/plain; charset=${charset}`);
      const m = await simpleParser(raw);
      expect(m.subject).toBe('【足あと】メールアドレスの確認');
      expect(m.text).toContain('QA太郎さん、登録ありがとうございます。');
      expect(m.messageId).toBeTruthy();
      expect(m.date).toBeInstanceOf(Date);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(dialects())('message notices by deco-mail (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect);

  const member = (nickname: string, mail: string | null, verified = true) => signedInMember(gw, 'pc', { nickname, mail, verified });

  async function send(from: Awaited<ReturnType<typeof member>>, toId: number, subject: string) {
    await from.h.get(`/messages/new?to=${toId}`);
    await from.h.submit(from.h.form('subject'), { subject, body: '本文です' });
    expect(from.h.last.status).toBe(200);
  }

  it('mails the recipient a deco-mail in their carrier format when a message arrives', async () => {
    const sender = await member('送り主', null);
    const docomo = await member('ドコモの人', `taro-${dialect}@docomo.ne.jp`);
    const au = await member('auの人', `hanako-${dialect}@ezweb.ne.jp`);
    gw.mails.length = 0;
    await send(sender, docomo.id, 'お花見☀️');
    await send(sender, au.id, '週末');
    expect(gw.mails.map((m) => m.to)).toEqual([`taro-${dialect}@docomo.ne.jp`, `hanako-${dialect}@ezweb.ne.jp`]);
    const [toDocomo, toAu] = gw.mails.map((m) => m.raw!);
    expect(types(toDocomo!)).toContain('multipart/related');
    expect(types(toAu!)).not.toContain('multipart/related');
    const m = await simpleParser(toDocomo!);
    expect(m.subject).toContain('送り主さんからメッセージ');
    expect(m.text).toContain('件名: お花見\uE63E');
    expect(m.text).toContain(`${gw.origin}/messages`);
  });

  it('sends nothing to unverified addresses, to members who turned it off, or without an address', async () => {
    const sender = await member('送り主2', null);
    const unverified = await member('未確認', `unverified-${dialect}@docomo.ne.jp`, false);
    const optedOut = await member('お断り', `jiro-${dialect}@softbank.ne.jp`);
    const none = await member('アドレスなし', null);
    await optedOut.h.get('/settings');
    expect(optedOut.h.last.text).toContain('デコメールでお知らせします');
    await optedOut.h.submit(optedOut.h.formTo(/\/settings\/mail-notify/), {});
    expect(optedOut.h.last.text).toContain('メールでのお知らせを止めました');
    gw.mails.length = 0;
    for (const to of [unverified, optedOut, none]) await send(sender, to.id, 'こんにちは');
    expect(gw.mails).toEqual([]);
    // Turned back on: mail again.
    await optedOut.h.get('/settings');
    await optedOut.h.submit(optedOut.h.formTo(/\/settings\/mail-notify/), {});
    await send(sender, optedOut.id, 'もう一度');
    expect(gw.mails.map((m) => m.to)).toEqual([`jiro-${dialect}@softbank.ne.jp`]);
  });
});
