import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { CARRIER_IP, Handset, UA } from './support/handset.js';
import { postDiary, signedInMember, type HandsetKind } from './support/members.js';
import { auditActions, press, staffSession } from './support/staff.js';
import { comment, createCommunity, join, postTopic } from './support/communities.js';

const clock = { t: Date.parse('2026-11-18T03:00:00Z'), now() { return this.t; } };

describe.each(dialects())('moderation through the staff console (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect, { SEED_DEMO: '0' });
  const s = () => gw.booted.services;

  /** A member reports a piece of content through the member pages; returns the report's id. */
  async function report(m: Awaited<ReturnType<typeof signedInMember>>, kind: string, id: number | string, reason: string) {
    await m.go(`/report?kind=${kind}&id=${id}`);
    await m.h.submit(m.h.form('reason'), { reason });
    expect(m.h.last.status).toBe(200);
    const open = await s().store.reportQueue.open(1000);
    return open.find((r) => r.targetKind === kind && r.targetId === Number(id))!.id;
  }

  it.each<HandsetKind>(['docomo', 'au', 'softbank', 'pc'])('takes a reported diary entry down for everyone (%s) and puts it back, auditing each step', async (kind) => {
    const author = await signedInMember(gw, kind, { nickname: `書き手${kind}` });
    const reader = await signedInMember(gw, 'pc');
    const entry = await postDiary(author, { title: `問題の日記${kind}`, body: `ひどい内容${kind}`, visibility: 'members' });
    // As friends: the entry is on the reader's top page ("マイミクの最新日記") until it is hidden.
    await s().store.friendships.befriend(author.id, reader.id, Date.now());
    await s().store.feeds.fanOut((await s().store.diary.find(Number(entry)))!, [reader.id]);
    await reader.go('/');
    expect(reader.h.last.text).toContain(`問題の日記${kind}`);
    const reportId = await report(reader, 'diary', entry, '誹謗中傷です');
    const mod = await staffSession(gw, 'moderator');

    await mod.h.get('/staff/reports');
    expect(mod.h.last.text).toContain(`問題の日記${kind}`);
    await mod.h.follow(new RegExp(`/staff/reports/${reportId}$`));
    // The content in context: what was written, by whom, where, and the reporter's reason.
    for (const t of [`ひどい内容${kind}`, `書き手${kind}`, '誹謗中傷です', `/diary/${entry}`]) expect(mod.h.last.text).toContain(t);
    await press(mod.h, /\/hide$/);

    for (const viewer of [reader, author]) {
      expect((await viewer.go(`/diary/${entry}`)).status).toBe(404);
      await viewer.go('/');
      expect(viewer.h.last.text).not.toContain(`問題の日記${kind}`);
      await viewer.go(`/members/${author.id}/diary`);
      expect(viewer.h.last.text).not.toContain(`問題の日記${kind}`);
    }
    await mod.h.get('/staff/reports');
    expect(mod.h.last.text).not.toContain(`/staff/reports/${reportId}"`);

    await mod.h.get('/staff/hidden');
    await press(mod.h, new RegExp(`/staff/content/diary/${entry}/restore$`));
    expect((await reader.go(`/diary/${entry}`)).status).toBe(200);
    expect(reader.h.last.text).toContain(`ひどい内容${kind}`);
    const log = (await auditActions(gw)).filter((a) => a.endsWith(`diary:${entry}`));
    expect(log).toEqual([`content.hide diary:${entry}`, `content.restore diary:${entry}`]);
  });

  it('hides comments, echoes, messages and community topics through the same gate', async () => {
    const a = await signedInMember(gw, 'au');
    const b = await signedInMember(gw, 'pc');
    await s().store.friendships.befriend(a.id, b.id, Date.now());
    const entry = await postDiary(b, { title: 'ふつうの日記', body: 'ふつう', visibility: 'members' });
    const commentId = await s().comments.add(a.id, Number(entry), 'ひどいコメント');
    const echoId = await s().echo.post(a.id, 'ひどいエコー');
    const messageId = await s().messages.send(a.id, b.id, 'ひどい件名', 'ひどい本文');
    const cid = await createCommunity(b, { name: '隠しテスト部' });
    await join(a, cid);
    const topicId = await postTopic(a, cid, { title: 'ひどいトピック', body: 'ひどい' });
    const okTopic = await postTopic(b, cid, { title: 'ふつうのトピック', body: 'ふつう' });
    await comment(a, cid, okTopic, 'ひどい書き込み');
    const [cc] = await s().store.communityComments.range(okTopic, 1, 1);
    const cid2 = await createCommunity(b, { name: '新着テスト部' });
    await join(a, cid2);
    const newest = await postTopic(a, cid2, { title: 'ひどい新着トピック', body: 'ひどい' });
    await b.go('/');
    expect(b.h.last.text).toContain('ひどい新着トピック');
    const admin = await staffSession(gw, 'admin');
    for (const [k, id] of [['comment', commentId], ['echo', echoId], ['message', messageId], ['topic', topicId], ['topic', newest], ['ccomment', cc!.id]] as const) {
      await admin.h.get('/staff');
      const csrf = /name="csrf" value="([^"]+)"/.exec(admin.h.last.text)![1]!;
      const res = await admin.h.open('POST', `/staff/content/${k}/${id}/hide`, new URLSearchParams({ csrf }).toString(), 'application/x-www-form-urlencoded', false);
      expect(res.status, k).toBe(302);
    }
    await b.go(`/diary/${entry}`);
    expect(b.h.last.text).not.toContain('ひどいコメント');
    await b.go('/echo');
    expect(b.h.last.text).not.toContain('ひどいエコー');
    expect((await b.go(`/echo/${echoId}`)).status).toBe(404);
    await b.go('/messages');
    expect(b.h.last.text).not.toContain('ひどい件名');
    expect((await b.go(`/messages/${messageId}`)).status).toBe(404);
    await b.go(`/communities/${cid}`);
    expect(b.h.last.text).not.toContain('ひどいトピック');
    expect((await b.go(`/communities/${cid}/topics/${topicId}`)).status).toBe(404);
    await b.go(`/communities/${cid}/topics/${okTopic}`);
    expect(b.h.last.text).toContain('ふつう');
    expect(b.h.last.text).not.toContain('ひどい書き込み');
    await b.go('/');
    expect(b.h.last.text).not.toContain('ひどい新着トピック');
  });

  it('refuses a staff form without its CSRF token or from another site (nothing changes, nothing audited)', async () => {
    const m = await signedInMember(gw, 'pc');
    const admin = await staffSession(gw, 'admin');
    const before = await auditActions(gw);
    const noToken = await admin.h.open('POST', `/staff/members/${m.id}/suspend`, 'reason=x', 'application/x-www-form-urlencoded', false);
    expect(noToken.status).toBe(403);
    await admin.h.get(`/staff/members/${m.id}`);
    const fields = admin.h.formTo(/suspend$/).fields;
    const crossSite = new Handset(gw, UA.pc, { keepsCookies: true, headers: { Origin: 'https://evil.example' } });
    for (const [k, v] of admin.h.cookies) crossSite.cookies.set(k, v);
    const res = await crossSite.open('POST', `/staff/members/${m.id}/suspend`, new URLSearchParams({ ...fields, reason: 'x' }).toString(), 'application/x-www-form-urlencoded', false);
    expect(res.status).toBe(403);
    expect((await s().members.byId(m.id))!.status).toBe('active');
    expect((await auditActions(gw)).filter((a) => a.startsWith('member.suspend'))).toEqual(before.filter((a) => a.startsWith('member.suspend')));
  });
});

describe.each(dialects())('suspending members (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect, { SEED_DEMO: '0' }, clock);
  const s = () => gw.booted.services;

  it.each<HandsetKind>(['docomo', 'au', 'softbank', 'willcom', 'pc'])('refuses a suspended %s member on every route with a clear page, and at every login', async (kind) => {
    const m = await signedInMember(gw, kind, { createdAt: clock.now() });
    const mod = await staffSession(gw, 'moderator');
    await mod.h.get(`/staff/members/${m.id}`);
    await press(mod.h, /\/suspend$/, { reason: '迷惑行為' });
    expect(mod.h.last.text).toContain('suspended');
    expect((await auditActions(gw)).slice(-2)).toEqual([`member.suspend member:${m.id}`, `member.view member:${m.id}`]);

    for (const path of ['/', '/diary/new', '/messages', '/settings', '/footprints', '/echo', `/members/${m.id}`, '/communities', '/no-such-page']) {
      const r = await m.go(path);
      expect(r.status, path).toBe(403);
      expect(r.text, path).toContain('利用停止中');
    }
    // Posting with the old session does nothing either.
    const post = await m.h.open('POST', '/echo', 'body=x', 'application/x-www-form-urlencoded', false);
    expect(post.status).toBe(403);
    expect(await s().store.echoes.byMembers([m.id], 10, 0)).toEqual([]);

    const again = new Handset(gw, m.h.ua, m.h.o);
    await again.passwordLogin(m.login, 'member-pass');
    expect(again.last.status).toBe(403);
    expect(again.last.text).toContain('利用停止中');
    expect(again.signedIn()).toBe(false);

    await mod.h.get(`/staff/members/${m.id}`);
    await press(mod.h, /\/restore$/);
    expect((await s().members.byId(m.id))!.status).toBe('active');
    // Restored: sessions opened before the suspension stay ended; signing in again works.
    await m.go('/');
    expect(m.h.signedIn()).toBe(false);
    expect(m.h.last.status).toBe(200);
    await again.passwordLogin(m.login, 'member-pass');
    expect(again.signedIn()).toBe(true);
  });

  it('refuses easy login for a suspended member with a page saying so', async () => {
    const m = await signedInMember(gw, 'au', { createdAt: clock.now() });
    const sub = '00000000000777_zz.ezweb.ne.jp';
    await s().members.bindSubscriber(m.id, 'member-pass', 'au', sub);
    const phone = new Handset(gw, UA.au, { ip: CARRIER_IP.au, keepsCookies: true, subscriber: ['X-UP-SUBNO', sub] });
    await phone.get('/login/easy');
    expect(phone.signedIn()).toBe(true);
    const admin = await staffSession(gw, 'admin');
    await admin.h.get(`/staff/members/${m.id}`);
    await press(admin.h, /\/suspend$/, { reason: 'x' });
    const fresh = new Handset(gw, UA.au, { ip: CARRIER_IP.au, keepsCookies: true, subscriber: ['X-UP-SUBNO', sub] });
    await fresh.get('/login/easy');
    expect(fresh.last.status).toBe(403);
    expect(fresh.last.text).toContain('利用停止中');
    expect(fresh.signedIn()).toBe(false);
  });
});

describe.each(dialects())('NG words on new posts (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect, { SEED_DEMO: '0' });
  const s = () => gw.booted.services;

  it('refuses posts with a "refuse" word and holds posts with a "hold" word until staff release them', async () => {
    const admin = await staffSession(gw, 'admin');
    await admin.h.get('/staff/ng-words');
    await admin.h.submit(admin.h.form('word'), { word: 'ダメ商材', action: 'refuse' });
    await admin.h.submit(admin.h.formTo(/\/staff\/ng-words$/), { word: 'spamlink', action: 'hold' });
    expect(admin.h.last.text, admin.h.last.text).toContain('ダメ商材');
    expect((await auditActions(gw)).filter((a) => a.startsWith('ngword.put'))).toHaveLength(2);

    const a = await signedInMember(gw, 'docomo', { mail: 'a@docomo.ne.jp' });
    const b = await signedInMember(gw, 'au', { mail: 'b@ezweb.ne.jp' });
    await s().store.friendships.befriend(a.id, b.id, Date.now());

    // Refused: a diary entry and a diary comment (width-folded: ﾀﾞﾒ商材 is ダメ商材), nothing written.
    await a.go('/diary/new');
    await a.h.submit(a.h.form('body'), { title: '宣伝', body: 'ﾀﾞﾒ商材あります', visibility: 'members' });
    expect(a.h.last.status).toBe(400);
    expect(a.h.last.text).toContain('禁止されている言葉');
    expect((await s().store.diary.listByMember(a.id, ['members'], 10, 0)).length).toBe(0);
    const entry = await postDiary(b, { title: 'ふつう', body: 'ふつう', visibility: 'members' });
    await a.go(`/diary/${entry}`);
    await a.h.submit(a.h.form('body'), { body: 'ダメ商材どう?' });
    expect(a.h.last.status).toBe(400);

    // Held: an echo (the author sees it, the friend does not) and a message (no notice mail, not delivered yet).
    await a.go('/echo');
    await a.h.submit(a.h.form('body'), { body: 'みてね SPAMLINK' });
    expect(a.h.last.status).toBe(200);
    const [echo] = await s().store.echoes.byMembers([a.id], 1, 0);
    await a.go('/echo');
    expect(a.h.last.text).toContain('みてね');
    await b.go('/echo');
    expect(b.h.last.text).not.toContain('みてね');
    expect((await b.go(`/echo/${echo!.id}`)).status).toBe(404);
    const mails = gw.mails.length;
    const messageId = await s().messages.send(a.id, b.id, 'お知らせ', 'spamlink です');
    expect(gw.mails.length).toBe(mails);
    expect((await b.go(`/messages/${messageId}`)).status).toBe(404);

    await admin.h.get('/staff/hidden?reason=held');
    expect(admin.h.last.text).toContain('みてね');
    expect(admin.h.last.text).toContain('NGワード: spamlink');
    await press(admin.h, new RegExp(`/staff/content/echo/${echo!.id}/restore$`));
    await b.go('/echo');
    expect(b.h.last.text).toContain('みてね');
    expect((await auditActions(gw)).at(-1)).toBe(`content.restore echo:${echo!.id}`);

    // Removing a word lets such posts through again.
    await admin.h.get('/staff/ng-words');
    await press(admin.h, /\/staff\/ng-words\/remove$/, { word: 'ダメ商材' });
    await a.go('/diary/new');
    await a.h.submit(a.h.form('body'), { title: '宣伝', body: 'ダメ商材あります', visibility: 'members' });
    expect(a.h.last.status).toBe(200);
  });
});
