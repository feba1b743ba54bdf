import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { CARRIER_IP, Handset, UA } from './support/handset.js';
import { handsetOf, postDiary, signedInMember, type HandsetKind } from './support/members.js';
import { createCommunity, join, postTopic, comment } from './support/communities.js';

const clock = { t: Date.parse('2026-11-18T03:00:00Z'), now() { return this.t; } };

describe.each(dialects())('account lifecycle (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect, { SEED_DEMO: '0' }, clock);
  const s = () => gw.booted.services;
  const lastMailTo = (to: string) => [...gw.mails].reverse().find((m) => m.to === to);
  const linkIn = (to: string, path: string) => {
    const url = new RegExp(`https?://\\S+${path.replace('/', '\\/')}\\?token=[\\w-]+`).exec(lastMailTo(to)?.text ?? '')?.[0];
    if (!url) throw new Error(`no ${path} mail to ${to}`);
    return new URL(url).pathname + new URL(url).search;
  };

  it.each<HandsetKind>(['docomo', 'au', 'softbank', 'pc'])('changes the password with the current one asked (throttled), ending other sessions (%s)', async (kind) => {
    const m = await signedInMember(gw, kind, { mail: `pw-${kind}@example.com`, createdAt: clock.now() });
    const other = await m.fresh();
    await m.go('/settings/password');
    await m.h.submit(m.h.form('current'), { current: 'wrong-pass', password: 'new-pass-123', password2: 'new-pass-123' });
    expect(m.h.last.status).toBe(401);
    expect(m.h.last.text).toContain('現在のパスワードが違います');
    await m.go('/settings/password');
    await m.h.submit(m.h.form('current'), { current: 'member-pass', password: 'new-pass-123', password2: 'other-pass-123' });
    expect(m.h.last.status).toBe(400);
    await m.go('/settings/password');
    await m.h.submit(m.h.form('current'), { current: 'member-pass', password: 'new-pass-123', password2: 'new-pass-123' });
    expect(m.h.last.status).toBe(200);
    expect(m.h.last.text).toContain('パスワードを変更しました');
    // This handset continues (in a new session: the URL's sid for i-mode); the other one is signed out.
    const next = m.h.links().find((l) => l.startsWith('/settings'))!;
    await m.h.get(next);
    expect(m.h.last.text).toContain('パスワードの変更');
    await other.get('/');
    expect(other.signedIn()).toBe(false);
    expect(lastMailTo(`pw-${kind}@example.com`)?.subject).toContain('パスワードを変更しました');
    const h = handsetOf(gw, kind);
    await h.passwordLogin(m.login, 'member-pass');
    expect(h.signedIn()).toBe(false);
    await h.passwordLogin(m.login, 'new-pass-123');
    expect(h.signedIn()).toBe(true);
  });

  it('throttles guessing the current password in settings', async () => {
    const m = await signedInMember(gw, 'pc', { createdAt: clock.now() });
    for (let i = 0; i < 10; i++) {
      await m.go('/settings/password');
      await m.h.submit(m.h.form('current'), { current: `guess-${i}`, password: 'new-pass-123', password2: 'new-pass-123' });
      expect(m.h.last.status).toBe(401);
    }
    await m.go('/settings/password');
    await m.h.submit(m.h.form('current'), { current: 'member-pass', password: 'new-pass-123', password2: 'new-pass-123' });
    expect(m.h.last.status).toBe(429);
  });

  it('resets a forgotten password from a cookie-less handset by a one-time link to the verified mail; reuse and expiry refused', async () => {
    const m = await signedInMember(gw, 'au', { mail: 'forgot@docomo.ne.jp', createdAt: clock.now() });
    const phone = new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo });
    await phone.get('/login');
    await phone.follow(/\/password\/reset/);
    await phone.submit(phone.form('who'), { who: 'forgot@docomo.ne.jp' });
    expect(phone.last.status).toBe(200);
    expect(phone.last.text).toContain('再設定用のURLを送りました');
    const link = linkIn('forgot@docomo.ne.jp', '/password/reset');
    await phone.get(link);
    expect(phone.last.text).toContain(`${m.nickname}さんの新しいパスワード`);
    await phone.submit(phone.form('password'), { password: 'reset-pass-1', password2: 'reset-pass-1' });
    expect(phone.last.text).toContain('パスワードを再設定しました');
    // Every session ended; the new password signs in, the old one does not.
    await m.go('/');
    expect(m.h.signedIn()).toBe(false);
    const h = handsetOf(gw, 'au');
    await h.passwordLogin(m.login, 'reset-pass-1');
    expect(h.signedIn()).toBe(true);
    // The link works once.
    const again = await phone.get(link);
    expect(again.status).toBe(400);
    expect(again.text).toContain('URLが無効です');

    // An hour later a fresh link is dead too (asked by login this time).
    await phone.get('/password/reset');
    await phone.submit(phone.form('who'), { who: m.login });
    const late = linkIn('forgot@docomo.ne.jp', '/password/reset');
    await phone.get(late);
    const form = phone.form('password');
    clock.t += 61 * 60_000;
    expect((await phone.get(late)).status).toBe(400);
    const posted = await phone.submit(form, { password: 'late-pass-12', password2: 'late-pass-12' });
    expect(posted.status).toBe(400);
    await h.passwordLogin(m.login, 'late-pass-12');
    expect(h.signedIn()).toBe(false);
  });

  it('answers a reset request the same whether or not the member exists, and mails only verified addresses', async () => {
    const unverified = await signedInMember(gw, 'pc', { mail: 'unverified@example.com', verified: false, createdAt: clock.now() });
    const before = gw.mails.length;
    const h = new Handset(gw, UA.pc, { keepsCookies: true });
    for (const who of ['nobody-such', 'nobody@example.com', unverified.login]) {
      await h.get('/password/reset');
      await h.submit(h.form('who'), { who });
      expect(h.last.status).toBe(200);
      expect(h.last.text).toContain('再設定用のURLを送りました');
    }
    expect(gw.mails.length).toBe(before);
  });

  it('changes the mail address only once the new address is verified (a carrier address), telling the old one', async () => {
    const m = await signedInMember(gw, 'softbank', { mail: 'old@example.com', createdAt: clock.now() });
    await m.go('/settings/mail');
    await m.h.submit(m.h.form('mail'), { mail: 'new.addr@softbank.ne.jp', current: 'member-pass' });
    expect(m.h.last.text).toContain('new.addr@softbank.ne.jp に確認のメールを送りました');
    expect((await s().members.byId(m.id))!.mail).toBe('old@example.com');
    const link = linkIn('new.addr@softbank.ne.jp', '/mail/verify');
    const phone = new Handset(gw, UA.softbank, { ip: CARRIER_IP.softbank, keepsCookies: true });
    await phone.get(link);
    await phone.submit(phone.formTo(/\/mail\/verify/), {});
    expect(phone.last.text).toContain('メールアドレスを変更しました');
    expect((await s().members.byId(m.id))!.mail).toBe('new.addr@softbank.ne.jp');
    expect(lastMailTo('old@example.com')?.text).toContain('new.addr@softbank.ne.jp');
    expect((await phone.get(link)).status).toBe(400);
  });

  it('changes the nickname, three times a day at most', async () => {
    const m = await signedInMember(gw, 'docomo', { createdAt: clock.now() });
    for (const name of ['はな', 'はなこ', 'はなちゃん']) {
      await m.go('/settings/nickname');
      await m.h.submit(m.h.form('nickname'), { nickname: name });
      expect(m.h.last.text).toContain('ニックネームを変更しました');
    }
    await m.go(`/members/${m.id}`);
    expect(m.h.last.text).toContain('はなちゃん');
    await m.go('/settings/nickname');
    await m.h.submit(m.h.form('nickname'), { nickname: 'もう一回' });
    expect(m.h.last.status).toBe(429);
    expect((await s().members.byId(m.id))!.nickname).toBe('はなちゃん');
  });

  it.each<HandsetKind>(['docomo', 'pc'])('withdraws (%s) after a confirmation step: no readable content, no live session, no easy login, a notice mail', async (kind) => {
    const m = await signedInMember(gw, kind, { mail: `leaving-${kind}@ezweb.ne.jp`, nickname: `去る人${kind}`, createdAt: clock.now() });
    const friend = await signedInMember(gw, 'pc', { createdAt: clock.now() });
    await s().store.friendships.befriend(m.id, friend.id, clock.now());
    const entry = await postDiary(m, { title: `最後の日記${kind}`, body: '秘密の内容', visibility: 'members' });
    const friendsEntry = await postDiary(friend, { title: '友の日記', body: 'ふつう', visibility: 'members' });
    await s().comments.add(m.id, Number(friendsEntry), `去る人のコメント${kind}`);
    const echo = await s().echo.post(m.id, `去る人のエコー${kind}`);
    const sent = await s().messages.send(m.id, friend.id, `去る人から${kind}`, '元気でね');
    const cid = await createCommunity(friend, { name: `残る部${kind}` });
    await join(m, cid);
    const topic = await postTopic(m, cid, { title: `去る人のトピック${kind}`, body: '去る人の本文' });
    await comment(friend, cid, topic, '友のコメント');
    await comment(m, cid, topic, `去る人の書き込み${kind}`);
    const sub = `WD${kind}00000001`;
    await s().members.bindSubscriber(m.id, 'member-pass', 'docomo', sub);
    const other = await m.fresh();

    // The confirmation step: the privacy text, then the box ticked and the password.
    await m.go('/settings/withdraw');
    expect(m.h.last.text).toContain('退会すると、次のデータは削除され');
    expect(m.h.last.text).toContain('携帯電話会社で解約');
    await m.h.submit(m.h.form('current'), { current: 'member-pass' });
    expect(m.h.last.status).toBe(400);
    expect((await s().members.byId(m.id))!.status).toBe('active');
    await m.go('/settings/withdraw');
    await m.h.submit(m.h.form('current'), { current: 'wrong', confirm: '1' });
    expect(m.h.last.status).toBe(401);
    await m.go('/settings/withdraw');
    await m.h.submit(m.h.form('current'), { current: 'member-pass', confirm: '1' });
    expect(m.h.last.status).toBe(200);
    expect(m.h.last.text).toContain('退会の手続きが完了しました');
    expect(lastMailTo(`leaving-${kind}@ezweb.ne.jp`)?.subject).toContain('退会');

    // No live session on any handset, no sign-in by password or easy login.
    for (const h of [m.h, other]) {
      await (h === m.h ? m.go('/') : h.get('/'));
      expect(h.signedIn()).toBe(false);
    }
    const again = handsetOf(gw, kind);
    await again.passwordLogin(m.login, 'member-pass');
    expect(again.signedIn()).toBe(false);
    const phone = new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo, subscriber: ['X-DCMGUID', sub] });
    await phone.get('/login/easy?guid=ON');
    expect(phone.signedIn()).toBe(false);

    // Nothing of theirs is readable: diary, comment, echo, message, profile, friend list; topic words gone.
    expect((await friend.go(`/diary/${entry}`)).status).toBe(404);
    await friend.go(`/diary/${friendsEntry}`);
    expect(friend.h.last.text).not.toContain('去る人のコメント');
    expect((await friend.go(`/echo/${echo}`)).status).toBe(404);
    expect((await friend.go(`/messages/${sent}`)).status).toBe(404);
    await friend.go('/messages');
    expect(friend.h.last.text).not.toContain('去る人から');
    expect((await friend.go(`/members/${m.id}`)).status).toBe(404);
    await friend.go(`/members/${friend.id}/friends`);
    expect(friend.h.last.text).not.toContain(`去る人${kind}`);
    await friend.go(`/communities/${cid}/topics/${topic}`);
    expect(friend.h.last.text).toContain('友のコメント');
    for (const gone of ['去る人の本文', `去る人の書き込み${kind}`, `去る人のトピック${kind}`, `去る人${kind}`]) expect(friend.h.last.text).not.toContain(gone);
    const row = (await s().store.members.findById(m.id))!;
    expect([row.status, row.mail, row.nickname]).toEqual(['withdrawn', null, '退会したメンバー']);
  });

  it('keeps a member on the point course from leaving until the course is cancelled at the carrier, and says so', async () => {
    const m = await signedInMember(gw, 'docomo', { createdAt: clock.now() });
    await s().store.course.putSubscription({ memberId: m.id, carrier: 'docomo', contractRef: 'c-wd', state: 'registered', joinedAt: clock.now(), cancelledAt: null, updatedAt: clock.now() });
    await m.go('/settings/withdraw');
    expect(m.h.last.text).toContain('ポイントコースをご利用中のため、まだ退会できません');
    expect(m.h.last.text).not.toContain('name="current"');
    await m.go('/settings/password');
    const csrf = m.h.form('current').fields.csrf!;
    const sid = new URL(m.home, gw.origin).searchParams.get('sid')!;
    const res = await m.h.open('POST', `/settings/withdraw?sid=${sid}`, new URLSearchParams({ csrf, sid, current: 'member-pass', confirm: '1' }).toString(), 'application/x-www-form-urlencoded', false);
    expect(res.status).toBe(409);
    expect(res.text).toContain('携帯電話会社');
    expect((await s().members.byId(m.id))!.status).toBe('active');
  });
});
