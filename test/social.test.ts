import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { Handset, UA } from './support/handset.js';
import { signedInMember } from './support/members.js';
import { emojiTables } from '../emoji/tables.js';

describe.each(dialects())('social core through the gateway (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect);
  let seq = 0;

  /** A fresh active member signed in on the given handset kind. */
  const member = (nickname: string, kind: 'docomo' | 'au' | 'softbank' | 'pc' = 'pc') => signedInMember(gw, kind, { nickname });

  it('sends a friend request with a message; the other sees it on the top page and accepts', async () => {
    const a = await member('あきら');
    const b = await member('ぶんた', 'docomo');
    await a.go(`/members/${b.id}`);
    await a.h.follow(/friend-request/);
    await a.h.submit(a.h.form('message'), { message: 'よろしく☀️' });
    expect(a.h.last.status).toBe(200);
    await b.go('/');
    expect(b.h.last.text).toContain('マイミク申請が1件あります');
    await b.go('/messages');
    expect(b.h.last.text).toContain('マイミク申請が届きました');
    await b.go('/friends/requests');
    expect(b.h.last.text).toContain('あきら');
    expect(b.h.last.text).toContain('よろしく');
    await b.h.submit(b.h.form('op'), {});
    expect(b.h.last.text).toContain('あきらさんとマイミクになりました');
    await a.go(`/members/${a.id}/friends`);
    expect(a.h.last.text).toContain('ぶんた');
    // Asking again: already friends.
    await a.go(`/members/${b.id}/friend-request`);
    await a.h.submit(a.h.form('message'), { message: '' });
    expect(a.h.last.status).toBe(409);
  });

  it('accepts at once when the other already asked', async () => {
    const a = await member('かな');
    const b = await member('きよ');
    await a.go(`/members/${b.id}/friend-request`);
    await a.h.submit(a.h.form('message'), { message: '' });
    await b.go(`/members/${a.id}/friend-request`);
    await b.h.submit(b.h.form('message'), { message: '' });
    expect(await gw.booted.services.store.friendships.areFriends(a.id, b.id)).toBe(true);
  });

  it('leaves one footprint per visitor per 10 minutes, none for guests or oneself', async () => {
    const owner = await member('おーなー');
    const visitor = await member('ビジター', 'au');
    await visitor.go(`/members/${owner.id}`);
    await visitor.go(`/members/${owner.id}`);
    await owner.go(`/members/${owner.id}`);
    await new Handset(gw, UA.pc).get(`/members/${owner.id}`);
    await owner.go('/footprints');
    expect(owner.h.last.text.match(/ビジター/g)).toHaveLength(1);
    expect(owner.h.last.text).not.toMatch(/>おーなー</);
    await owner.go('/');
    expect(owner.h.last.text).toContain('今日の足あと 1件');
  });

  it('comments and replies on a diary, with pictograms from another carrier; the author deletes a comment', async () => {
    const author = await member('さくら', 'softbank');
    const friend = await member('たくみ', 'au');
    const stranger = await member('ちひろ');
    await gw.booted.services.store.friendships.befriend(author.id, friend.id, Date.now());
    const entry = await gw.booted.services.diary.write(author.id, { title: '花見', body: '桜がきれい', visibility: 'friends' });
    const sun = emojiTables().pictograms.au.get(0xe488)!;
    await friend.go(`/diary/${entry}`);
    await friend.h.submit(friend.h.form('body'), { body: '' });
    expect(friend.h.last.status).toBe(400);
    expect(friend.h.last.text).toMatch(/コメントは1[〜～]1000文字です/); // WAVE DASH comes back from CP932 as U+FF5E
    await friend.go(`/diary/${entry}`);
    await friend.h.submit(friend.h.form('body'), { body: Buffer.concat([Buffer.from([0x82, 0xa2, 0x82, 0xa2, 0x82, 0xcb]), Buffer.from([sun.sjis! >> 8, sun.sjis! & 0xff])]) });
    expect(friend.h.last.status).toBe(200);
    // The author (SoftBank, UTF-8) sees the au sun as SoftBank's sun, and an alert on the top page.
    await author.go('/');
    expect(author.h.last.text).toContain('日記に新着コメントが1件あります');
    await author.go(`/diary/${entry}`);
    expect(author.h.last.text).toContain(`いいね${String.fromCharCode(0xe04a)}`);
    const commentId = /reply=(\d+)/.exec(author.h.last.text)![1];
    await author.go(`/diary/${entry}?reply=${commentId}`);
    await author.h.submit(author.h.form('body'), { body: 'ありがとう' });
    await author.go(`/diary/${entry}`);
    expect(author.h.last.text).toContain('&gt;&gt;たくみさん');
    // Someone who cannot read the entry cannot comment or see comments.
    await stranger.go(`/diary/${entry}`);
    expect(stranger.h.last.status).toBe(404);
    const csrf = (await stranger.go('/diary/new'), stranger.h.form('csrf').fields.csrf!);
    const res = await stranger.h.open('POST', `/diary/${entry}/comments`, `csrf=${csrf}&body=x`, 'application/x-www-form-urlencoded');
    expect(res.status).toBe(404);
    // The entry's author deletes the friend's comment; the reply stays.
    await author.go(`/diary/${entry}`);
    const deleteForm = { ...author.h.form('csrf'), action: `/diary/${entry}/comments/${commentId}/delete` };
    const del = await author.h.submit(deleteForm, {});
    expect(del.status).toBe(200);
    expect(del.text).not.toContain('いいね');
    expect(del.text).toContain('ありがとう');
  });

  it('sends, reads, answers and discards messages; unread shows on the top page', async () => {
    const a = await member('なおき', 'docomo');
    const b = await member('のぞみ', 'au');
    await a.go(`/messages/new?to=${b.id}`);
    await a.h.submit(a.h.form('subject'), { subject: '週末', body: '映画に行こう' });
    expect(a.h.last.status).toBe(200);
    await b.go('/');
    expect(b.h.last.text).toContain('新着メッセージが1件あります');
    await b.go('/messages');
    expect(b.h.last.text).toContain('●');
    await b.h.follow(/\/messages\/\d+/);
    expect(b.h.last.text).toContain('映画に行こう');
    await b.go('/');
    expect(b.h.last.text).not.toContain('新着メッセージ');
    await b.go('/messages');
    await b.h.follow(/\/messages\/\d+/);
    await b.h.follow(/reply=/);
    expect(b.h.form('subject').fields.subject).toBe('Re: 週末');
    await b.h.submit(b.h.form('subject'), { body: 'いいね！' });
    await a.go('/messages');
    expect(a.h.last.text).toContain('Re: 週末');
    // Trash, then gone for A only.
    await a.h.follow(/\/messages\/\d+/);
    await a.h.submit(a.h.form('csrf'), {});
    await a.go('/messages?box=trash');
    expect(a.h.last.text).toContain('Re: 週末');
    await a.h.follow(/\/messages\/\d+/);
    await a.h.submit(a.h.form('csrf'), {});
    await a.go('/messages?box=trash');
    expect(a.h.last.text).not.toContain('Re: 週末');
    await b.go('/messages?box=sent');
    expect(b.h.last.text).toContain('Re: 週末');
  });

  it('a block hides the two from each other everywhere, both ways', async () => {
    const a = await member('まさる');
    const b = await member('みどり');
    await gw.booted.services.store.friendships.befriend(a.id, b.id, Date.now());
    const entry = await gw.booted.services.diary.write(b.id, { title: '公開日記', body: 'だれでも', visibility: 'public' });
    await gw.booted.services.messages.send(a.id, b.id, '前から', 'こんにちは');
    await b.go(`/members/${a.id}`);
    await b.h.submit(b.h.formTo(/\/block/), {});
    expect(b.h.last.text).toContain('ブロックを解除');
    expect(await gw.booted.services.store.friendships.areFriends(a.id, b.id)).toBe(false);
    // A no longer finds B's profile, public diary, or a way to write.
    for (const path of [`/members/${b.id}`, `/diary/${entry}`, `/members/${b.id}/friend-request`, `/messages/new?to=${b.id}`]) {
      await a.go(path);
      expect([path, a.h.last.status]).toEqual([path, 404]);
    }
    // A's old message disappears from B's inbox; A's visits leave no footprint.
    await b.go('/messages');
    expect(b.h.last.text).not.toContain('前から');
    await a.go(`/members/${b.id}`);
    expect(await gw.booted.services.footprints.list(b.id)).toEqual([]);
    // B no longer finds A's profile either; B unblocks from the list of blocked members, which
    // restores visibility (not the friendship).
    await b.go(`/members/${a.id}`);
    expect(b.h.last.status).toBe(404);
    await b.go('/settings');
    await b.h.follow(/\/blocks/);
    expect(b.h.last.text).toContain('まさる');
    await b.h.submit(b.h.formTo(/\/block/), {});
    expect(b.h.last.text).toContain('ブロックしているメンバーはいません');
    await a.go(`/diary/${entry}`);
    expect(a.h.last.status).toBe(200);
  });

  it("keeps friends' newest entries on the top page right as friendships and entries change", async () => {
    const me = await member('よむひと');
    const writer = await member('かくひと');
    const svc = gw.booted.services;
    const old = await svc.diary.write(writer.id, { title: `前からの日記${seq}`, body: 'x', visibility: 'friends' });
    await me.go(`/members/${writer.id}/friend-request`);
    await me.h.submit(me.h.form('message'), { message: '' });
    const req = (await svc.friends.pending(writer.id))[0]!;
    await svc.friends.accept(writer.id, req.id);
    await me.go('/');
    expect(me.h.last.text).toContain(`前からの日記${seq}`); // backfilled when the friendship began
    const fresh = await svc.diary.write(writer.id, { title: `新しい日記${seq}`, body: 'x', visibility: 'members' });
    await me.go('/');
    expect(me.h.last.text).toContain(`新しい日記${seq}`);
    await svc.diary.edit(writer.id, fresh, { title: `新しい日記${seq}`, body: 'x', visibility: 'self' });
    await me.go('/');
    expect(me.h.last.text).not.toContain(`新しい日記${seq}`);
    await svc.diary.delete(writer.id, old);
    await me.go('/');
    expect(me.h.last.text).not.toContain(`前からの日記${seq}`);
    const third = `三つ目${seq}`;
    await svc.diary.write(writer.id, { title: third, body: 'x', visibility: 'friends' });
    await me.go('/');
    expect(me.h.last.text).toContain(third);
    // The section's "more" page lists the same feed.
    await me.go('/friends/diary');
    expect(me.h.last.text).toContain(third);
    await svc.friends.remove(me.id, writer.id);
    await me.go('/');
    expect(me.h.last.text).not.toContain(third);
    await me.go('/friends/diary');
    expect(me.h.last.text).not.toContain(third);
  });

  it('lists comments on my diary on their own page, linked from the top page', async () => {
    const a = await member('こめんとされる');
    const b = await member('こめんとする');
    await gw.booted.services.store.friendships.befriend(a.id, b.id, Date.now());
    const entry = await gw.booted.services.diary.write(a.id, { title: 'コメントして', body: 'x', visibility: 'friends' });
    await gw.booted.services.comments.add(b.id, entry, `一番乗り${seq}`);
    await a.go('/');
    expect(a.h.links().some((l) => l.startsWith('/diary/comments'))).toBe(true);
    await a.go('/diary/comments');
    expect(a.h.last.text).toContain(`一番乗り${seq}`);
  });

  it('limits friend requests per day with a clear page', async () => {
    const a = await member('たくさん');
    const targets = await Promise.all(Array.from({ length: 21 }, (_, i) => gw.booted.services.store.members.insert({ login: `t${i}_${seq}_${dialect}`, nickname: `t${i}`, passwordHash: 'x', birthDate: '1990-01-01', mail: null, mailVerifiedAt: 1, status: 'active', invitedBy: null, createdAt: 1 })));
    for (const [i, t] of targets.entries()) {
      await a.go(`/members/${t}/friend-request`);
      await a.h.submit(a.h.form('message'), { message: '' });
      expect([i, a.h.last.status]).toEqual([i, i < 20 ? 200 : 429]);
    }
    expect(a.h.last.text).toContain('しばらくの間ご利用いただけません');
  });
});
