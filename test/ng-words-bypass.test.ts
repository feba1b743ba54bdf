import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import pino from 'pino';
import { Jimp } from 'jimp';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { signedInMember } from './support/members.js';
import { Handset, UA } from './support/handset.js';
import { createCommunity, join, postTopic } from './support/communities.js';
import { staffSession } from './support/staff.js';
import { startMailListener, type MailListener } from '../mail/listener.js';

/** Attacks on the NG-word screen: spelling a word another way, and posting where no form is. */
describe.each(dialects())('NG words cannot be dodged (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect, { SEED_DEMO: '0' });
  const s = () => gw.booted.services;
  let listener: MailListener;
  beforeAll(async () => {
    listener = await startMailListener({ port: 0, host: '127.0.0.1', post: s().mailPost, logger: pino({ level: 'silent' }) });
  });
  afterAll(() => listener?.close());

  async function ngWord(word: string, action: 'refuse' | 'hold') {
    const admin = await staffSession(gw, 'admin');
    await admin.h.get('/staff/ng-words');
    await admin.h.submit(admin.h.formTo(/\/staff\/ng-words$/), { word, action });
    expect(admin.h.last.status, admin.h.last.url + admin.h.last.text.slice(0, 800)).toBe(200);
  }

  it('refuses a word written in hiragana, with spaces, pictograms or invisible marks between its letters', async () => {
    await ngWord('ボッタ商法', 'refuse');
    await ngWord('freecoin', 'refuse');
    const a = await signedInMember(gw, 'docomo');
    const tries = ['ぼった商法', 'ボ ッ タ 商 法', 'ボ📱ッタ☀️商法', 'ﾎﾞｯ\u200bﾀ商法', 'ボ・ッ・タ・商・法', 'FREE-COIN', 'f r e e 💰 c o i n', 'ｆｒｅｅ\u00adｃｏｉｎ'];
    for (const body of tries) {
      await a.go('/diary/new');
      await a.h.submit(a.h.form('body'), { title: '日記', body, visibility: 'members' });
      expect(a.h.last.status, body).toBe(400);
      expect(a.h.last.text, body).toContain('禁止されている言葉');
    }
    expect(await s().store.diary.listByMember(a.id, ['members'], 10, 0)).toHaveLength(0);
    // Ordinary text still goes through, and a word is not pieced together across title and body.
    await a.go('/diary/new');
    await a.h.submit(a.h.form('body'), { title: 'free', body: 'coin を拾った', visibility: 'members' });
    expect(a.h.last.status).toBe(200);
  });

  it('matches a word of pictograms or symbols only as typed (it does not match every post)', async () => {
    await ngWord('★★★', 'refuse');
    const a = await signedInMember(gw, 'au');
    await a.go('/diary/new');
    await a.h.submit(a.h.form('body'), { title: '晴れ', body: '今日はいい天気', visibility: 'members' });
    expect(a.h.last.status).toBe(200);
    await a.go('/diary/new');
    await a.h.submit(a.h.form('body'), { title: '評価', body: '★★★の店', visibility: 'members' });
    expect(a.h.last.status).toBe(400);
  });

  it('refuses a nickname with an NG word (held or refused words alike): it would show on every page and in invitation mails', async () => {
    await ngWord('ゲキヤス商店', 'hold');
    const m = await signedInMember(gw, 'docomo', { nickname: 'もとの名前' });
    await m.go('/settings/nickname');
    await m.h.submit(m.h.form('nickname'), { nickname: 'げきやす商店みてね' });
    expect(m.h.last.status).toBe(400);
    expect(m.h.last.text).toContain('このニックネームは使えません');
    expect((await s().members.byId(m.id))!.nickname).toBe('もとの名前');
    await m.go('/settings/nickname');
    await m.h.submit(m.h.form('nickname'), { nickname: 'あたらしい名前' });
    expect(m.h.last.text).toContain('ニックネームを変更しました');
  });

  it('refuses a nickname with an NG word when joining too', async () => {
    await ngWord('アクトク業者', 'refuse');
    const code = `NGJOIN${dialect.toUpperCase().slice(0, 3)}`;
    await s().store.invitations.insert({ code, inviterId: null, maxUses: 5, usedCount: 0, expiresAt: Date.now() + 86_400_000, createdAt: Date.now() });
    const h = new Handset(gw, UA.pc, { keepsCookies: true });
    await h.get(`/register?code=${code}`);
    const form = h.form('nickname');
    const fields = { birthDate: '19900401', login: `ngjoin_${dialect}`, password: 'keitai-pass', mail: `ngjoin.${dialect}@example.com` };
    await h.submit(form, { ...fields, nickname: 'あくとく業者です' });
    expect(h.last.status).toBe(400);
    expect(h.last.text).toContain('このニックネームは使えません');
    expect(await s().store.members.findByLogin(`ngjoin_${dialect}`)).toBeNull();
    await h.get(`/register?code=${code}`);
    await h.submit(h.form('nickname'), { ...fields, nickname: 'ふつうの人' });
    expect(h.last.text).toContain('確認メールを送りました');
  });

  it('screens an edited community topic and an event\'s place as it screens a new topic', async () => {
    await ngWord('ヤミキン', 'refuse');
    await ngWord('タダで稼ぐ', 'hold');
    const owner = await signedInMember(gw, 'pc');
    const a = await signedInMember(gw, 'docomo');
    const b = await signedInMember(gw, 'au');
    const cid = await createCommunity(owner, { name: `NG編集${dialect}` });
    await join(a, cid);
    await join(b, cid);
    // An event whose place carries a refused word is not posted.
    await a.go(`/communities/${cid}/topics/new?kind=event`);
    await a.h.submit(a.h.form('title'), { title: '集まり', body: '集合', date: '2030-01-10', time: '19:00', place: 'やみきん事務所', capacity: '' });
    expect(a.h.last.status).toBe(400);
    expect(a.h.last.text).toContain('禁止されている言葉');

    const tid = await postTopic(a, cid, { title: 'ふつうの話題', body: 'こんにちは' });
    await a.go(`/communities/${cid}/topics/${tid}/edit`);
    await a.h.submit(a.h.form('title'), { title: 'ふつうの話題', body: 'やみきん紹介します' });
    expect(a.h.last.status).toBe(400);
    expect(a.h.last.text).toContain('禁止されている言葉');
    await b.go(`/communities/${cid}/topics/${tid}`);
    expect(b.h.last.text).not.toContain('やみきん');

    // A hold word edited in holds the topic from the others until staff release it.
    await a.go(`/communities/${cid}/topics/${tid}/edit`);
    await a.h.submit(a.h.form('title'), { title: 'ふつうの話題', body: 'ただで稼ぐ方法' });
    expect((await a.go(`/communities/${cid}/topics/${tid}`)).text).toContain('ただで稼ぐ方法');
    expect((await b.go(`/communities/${cid}/topics/${tid}`)).status).toBe(404);
  });

  it('refuses an NG word in a photo comment or an endorsement (nothing can hold them)', async () => {
    await ngWord('サギ案件', 'hold');
    const a = await signedInMember(gw, 'pc');
    const b = await signedInMember(gw, 'docomo');
    await s().store.friendships.befriend(a.id, b.id, Date.now());
    const albumId = await s().albums.create(a.id, { title: '旅行', description: '', visibility: 'friends' });
    const jpeg = Buffer.from(await new Jimp({ width: 64, height: 48, color: 0x22aa66ff }).getBuffer('image/jpeg'));
    const [photoId] = await s().albums.addPhotos(a.id, albumId, [jpeg], '海');

    await b.go(`/albums/${albumId}/photos/${photoId}`);
    await b.h.submit(b.h.form('body'), { body: 'さぎ案件だよ' });
    expect(b.h.last.status).toBe(400);
    expect(b.h.last.text).toContain('禁止されている言葉');
    await a.go(`/albums/${albumId}/photos/${photoId}`);
    expect(a.h.last.text).not.toContain('さぎ案件');

    await b.go(`/members/${a.id}/endorse`);
    await b.h.submit(b.h.form('body'), { body: 'サギ 案件の達人' });
    expect(b.h.last.status).toBe(400);
    await a.go(`/members/${a.id}`);
    expect(a.h.last.text).not.toContain('案件の達人');
    await b.go(`/members/${a.id}/endorse`);
    await b.h.submit(b.h.form('body'), { body: '頼れる友だち' });
    await a.go(`/members/${a.id}`);
    expect(a.h.last.text).toContain('頼れる友だち');
  });

  /** A SoftBank-style UTF-8 mail to the member's posting address. */
  const mail = (from: string, to: string, subject: string, text: string) =>
    Buffer.from(
      [`From: ${from}`, `To: ${to}`, `Subject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64', '', Buffer.from(text).toString('base64'), ''].join('\r\n'),
      'latin1',
    );
  const send = (from: string, to: string, raw: Buffer) =>
    nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true }).sendMail({ envelope: { from, to: [to] }, raw });

  it('screens a diary entry posted by mail as one posted from the form: refused with a reply, or held from friends', async () => {
    await ngWord('闇バイト', 'refuse');
    await ngWord('うまい話', 'hold');
    const from = `ngmail${Math.random().toString(36).slice(2, 8)}@softbank.ne.jp`;
    const m = await signedInMember(gw, 'softbank', { mail: from });
    const friend = await signedInMember(gw, 'docomo');
    await s().store.friendships.befriend(m.id, friend.id, Date.now());
    await m.go('/settings/mail-post');
    const address = /([a-z2-7]{20}@localhost)/.exec(m.h.last.text)![1]!;

    await send(from, address, mail(from, address, '募集', '闇バイトあります'));
    const entries = () => s().store.diary.listByMember(m.id, ['self', 'friends', 'friends-of-friends', 'members', 'public'], 10, 0);
    expect(await entries()).toHaveLength(0);
    expect(gw.mails.filter((x) => x.to === from).map((x) => x.text).join('\n')).toContain('禁止されている言葉');

    await send(from, address, mail(from, address, 'お知らせ', 'ウマイ話があります'));
    const [held] = await entries();
    expect(held?.title).toBe('お知らせ');
    expect((await friend.go(`/diary/${held!.id}`)).status).toBe(404);
    await friend.go(`/diary?member=${m.id}`);
    expect(friend.h.last.text).not.toContain('お知らせ');
    expect((await m.go(`/diary/${held!.id}`)).status).toBe(200);
  });
});
