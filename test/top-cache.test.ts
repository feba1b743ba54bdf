import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { signedInMember } from './support/members.js';
import { gif } from './support/ads.js';
import { COMMUNITY_POSTS_MS } from '../core/top/service.js';

/**
 * The top page keeps each member's own sections between views (per member version, bumped by
 * the database's triggers on every write that concerns them). Every test opens the top page
 * first, so the sections are kept, then writes, then looks again: the page must show the write
 * at once, and never what the access gate would now refuse.
 */
describe.each(dialects())('the top page, kept between views, follows every write (%s)', (dialect) => {
  const clock = { t: Date.now(), now() { return this.t; } };
  const gw = gatewayForSuite(dialect, {}, clock);
  const svc = () => gw.booted.services;
  let seq = 0;
  const member = (nickname: string, kind: 'docomo' | 'au' | 'softbank' | 'pc' = 'docomo') => signedInMember(gw, kind, { nickname: `${nickname}${++seq}`, createdAt: clock.now() });
  const friends = async (a: { id: number }, b: { id: number }) => {
    await svc().friends.request(a.id, b.id, '');
    await svc().friends.request(b.id, a.id, '');
  };
  /** The top page, twice: the second view is served from what the first kept. */
  const top = async (m: Awaited<ReturnType<typeof member>>) => {
    await m.go('/');
    const page = await m.go('/');
    expect(page.status).toBe(200);
    return page.text;
  };

  it("shows a friend's new entry, its new title, and hides it when made private or deleted", async () => {
    const me = await member('よむ');
    const writer = await member('かく', 'au');
    await friends(me, writer);
    expect(await top(me)).not.toContain('はじめての日記');
    // Posted through the writer's own handset.
    await writer.go('/diary/new');
    await writer.h.submit(writer.h.form('body'), { title: 'はじめての日記', body: '本文', visibility: 'friends' });
    const entry = Number(/\/diary\/(\d+)/.exec(writer.h.last.url)![1]);
    expect(await top(me)).toContain('はじめての日記');
    await svc().diary.edit(writer.id, entry, { title: '題を変えた日記', body: '本文', visibility: 'friends' });
    const renamed = await top(me);
    expect(renamed).toContain('題を変えた日記');
    expect(renamed).not.toContain('はじめての日記');
    await svc().diary.edit(writer.id, entry, { title: '題を変えた日記', body: '本文', visibility: 'self' });
    expect(await top(me)).not.toContain('題を変えた日記');
    await svc().diary.edit(writer.id, entry, { title: '題を変えた日記', body: '本文', visibility: 'friends' });
    expect(await top(me)).toContain('題を変えた日記');
    await svc().diary.delete(writer.id, entry);
    expect(await top(me)).not.toContain('題を変えた日記');
  });

  it("drops a friend's entries and name when they block me, the friendship ends, or they are suspended; shows a new nickname", async () => {
    const me = await member('みる');
    const other = await member('ブロック', 'softbank');
    await friends(me, other);
    await svc().diary.write(other.id, { title: 'ともだちの日記', body: 'x', visibility: 'friends' });
    expect(await top(me)).toContain(other.nickname);
    await svc().store.members.update(other.id, { nickname: `改名${seq}` });
    expect(await top(me)).toContain(`改名${seq}`);
    // A block by the other member (not by me): my page must drop them at once.
    await svc().friends.block(other.id, me.id);
    let page = await top(me);
    expect(page).not.toContain('ともだちの日記');
    expect(page).not.toContain(`改名${seq}`);
    await svc().friends.unblock(other.id, me.id);
    await friends(me, other);
    expect(await top(me)).toContain('ともだちの日記');
    await svc().store.members.update(other.id, { status: 'suspended' });
    expect(await top(me)).not.toContain(`改名${seq}`);
    await svc().store.members.update(other.id, { status: 'active' });
    expect(await top(me)).toContain(`改名${seq}`);
    await svc().friends.remove(other.id, me.id);
    page = await top(me);
    expect(page).not.toContain('ともだちの日記');
    expect(page).not.toContain(`改名${seq}`);
  });

  it('counts a message received and clears it once read; shows friend requests, comments on my diary and footprints at once', async () => {
    const me = await member('うける', 'au');
    const sender = await member('おくる');
    expect(await top(me)).not.toContain('新着メッセージ');
    const msg = await svc().messages.send(sender.id, me.id, '件名', 'こんにちは');
    expect(await top(me)).toContain('新着メッセージが1件あります');
    await me.go(`/messages/${msg}`);
    expect(await top(me)).not.toContain('新着メッセージ');
    await svc().friends.request(sender.id, me.id, 'よろしく');
    expect(await top(me)).toContain('マイミク申請が1件あります');
    const entry = await svc().diary.write(me.id, { title: '私の日記', body: 'x', visibility: 'members' });
    expect(await top(me)).not.toContain('日記に新着コメント');
    await svc().comments.add(sender.id, entry, `コメント${seq}`);
    const commented = await top(me);
    expect(commented).toContain('日記に新着コメントが1件あります');
    expect(commented).toContain(`コメント${seq}`);
    expect(await top(me)).toContain('今日の足あと 0件');
    await sender.go(`/members/${me.id}`); // leaves a footprint
    expect(await top(me)).toContain('今日の足あと 1件');
  });

  it("drops a stranger's comment when they block me, a friend's echo when the friendship ends, a request's alert once declined", async () => {
    const me = await member('ひとり');
    const stranger = await member('しらない', 'au');
    const entry = await svc().diary.write(me.id, { title: '公開の日記', body: 'x', visibility: 'members' });
    await svc().comments.add(stranger.id, entry, `通りすがり${seq}`);
    expect(await top(me)).toContain(`通りすがり${seq}`);
    await svc().friends.block(stranger.id, me.id); // not friends: only the block changes
    expect(await top(me)).not.toContain(`通りすがり${seq}`);
    const friend = await member('エコーだけ', 'softbank');
    await friends(me, friend);
    await svc().echo.post(friend.id, `ひとこと${seq}`); // no diary entry, so no feed to clear
    expect(await top(me)).toContain(`ひとこと${seq}`);
    await svc().friends.remove(friend.id, me.id);
    expect(await top(me)).not.toContain(`ひとこと${seq}`);
    const asker = await member('しんせい');
    await svc().friends.request(asker.id, me.id, '');
    expect(await top(me)).toContain('マイミク申請が1件あります');
    await svc().friends.decline(me.id, (await svc().friends.pending(me.id))[0]!.id);
    expect(await top(me)).not.toContain('マイミク申請が');
  });

  it("shows friends' echoes and updated albums at once, and my own section choices", async () => {
    const me = await member('えこー', 'softbank');
    const friend = await member('ともだち');
    await friends(me, friend);
    expect(await top(me)).not.toContain(`やっほー${seq}`);
    const echo = await svc().echo.post(friend.id, `やっほー${seq}`);
    expect(await top(me)).toContain(`やっほー${seq}`);
    await svc().echo.delete(friend.id, echo);
    expect(await top(me)).not.toContain(`やっほー${seq}`);
    const album = await svc().albums.create(friend.id, { title: `旅行${seq}`, description: '', visibility: 'friends' });
    expect(await top(me)).not.toContain(`旅行${seq}`); // no photo yet
    await svc().albums.addPhoto(friend.id, album, await gif(60, 40), '');
    expect(await top(me)).toContain(`旅行${seq}`);
    // My own settings: the echo section switched off.
    const p = await svc().profiles.get(me.id);
    await svc().profiles.update(me.id, { gender: p.gender, showAge: p.showAge, area: p.area, intro: p.intro, searchOptOut: p.searchOptOut, defaultVisibility: p.defaultVisibility, topSections: p.topSections.filter((t) => t !== 'echo') });
    expect(await top(me)).not.toContain('マイミクのエコー');
  });

  it("keeps friends' echoes apart (migration 0031), yet renews them on a new name, a staff hide, a block, and with the rest of the page", async () => {
    const me = await member('べつ');
    const friend = await member('つぶやく', 'au');
    await friends(me, friend);
    const entry = await svc().diary.write(friend.id, { title: `残る日記${seq}`, body: 'x', visibility: 'friends' });
    let page = await top(me);
    expect(page).toContain(`残る日記${seq}`);
    // An echo renews the echo section only: the friend's entry is still shown beside it.
    const first = await svc().echo.post(friend.id, `いちばん${seq}`);
    page = await top(me);
    expect(page).toContain(`いちばん${seq}`);
    expect(page).toContain(`残る日記${seq}`);
    // My own echo shows on my own page too.
    await svc().echo.post(me.id, `じぶん${seq}`);
    expect(await top(me)).toContain(`じぶん${seq}`);
    // A new nickname (the members' version, not the echoes') reaches the echo section's names.
    await svc().store.members.update(friend.id, { nickname: `新しい名${seq}` });
    page = await top(me);
    expect(page).toContain(`(新しい名${seq})`);
    expect(page).not.toContain(`(${friend.nickname})`);
    // Hidden by staff: gone from my echo section at once.
    await svc().store.hiddenContent.hide({ kind: 'echo', targetId: first, reason: 'staff', word: '', createdAt: clock.now() });
    expect(await top(me)).not.toContain(`いちばん${seq}`);
    // A block (the members' version) takes every echo of the blocker away, and the entry.
    await svc().echo.post(friend.id, `にばん${seq}`);
    expect(await top(me)).toContain(`にばん${seq}`);
    await svc().friends.block(friend.id, me.id);
    page = await top(me);
    expect(page).not.toContain(`にばん${seq}`);
    expect(page).not.toContain(`残る日記${seq}`);
    expect(entry).toBeGreaterThan(0);
  });

  it("keeps the echo page's first page with the top page's echoes, renewed at once by an echo, its deletion, a new name, a staff hide and a block", async () => {
    const me = await member('エコーみる');
    const friend = await member('エコーかく', 'au');
    await friends(me, friend);
    /** The echo page, twice: the second view is served from what the first kept. */
    const echoPage = async () => {
      await me.go('/echo');
      const page = await me.go('/echo');
      expect(page.status).toBe(200);
      return page.text;
    };
    expect(await echoPage()).not.toContain(`ひとつめ${seq}`);
    const first = await svc().echo.post(friend.id, `ひとつめ${seq}`);
    expect(await echoPage()).toContain(`ひとつめ${seq}`);
    // Kept under the same versions as the top page's section: each shows what the other wrote.
    const second = await svc().echo.post(friend.id, `ふたつめ${seq}`);
    expect(await top(me)).toContain(`ふたつめ${seq}`);
    expect(await echoPage()).toContain(`ふたつめ${seq}`);
    // My own echo, posted through the page's form, is on the page it returns to.
    await me.h.submit(me.h.form('body'), { body: `じぶんのエコー${seq}` });
    expect(me.h.last.status).toBe(200);
    expect(me.h.last.text).toContain(`じぶんのエコー${seq}`);
    expect(me.h.last.text).toContain(`ふたつめ${seq}`);
    // A friend's echo between my view and my post: the page my post returns to has both.
    await me.go('/echo');
    await svc().echo.post(friend.id, `あいだのエコー${seq}`);
    await me.h.submit(me.h.form('body'), { body: `またじぶん${seq}` });
    expect(me.h.last.text).toContain(`またじぶん${seq}`);
    expect(me.h.last.text).toContain(`あいだのエコー${seq}`);
    expect(await top(me)).toContain(`またじぶん${seq}`);
    // The write-through itself: my own echo moves my echoes version by one and nothing else, so
    // the kept page takes it in; after anyone else's echo it does not.
    await me.go('/echo');
    await svc().echo.post(me.id, `ちょくせつ${seq}`);
    expect(await svc().top.ownEcho(me.id, (k) => k)).toBe(true);
    await svc().echo.post(friend.id, `ともだち${seq}`);
    await svc().echo.post(me.id, `もういちど${seq}`);
    expect(await svc().top.ownEcho(me.id, (k) => k)).toBe(false);
    await svc().echo.delete(friend.id, second);
    expect(await echoPage()).not.toContain(`ふたつめ${seq}`);
    await svc().store.members.update(friend.id, { nickname: `エコー新名${seq}` });
    expect(await echoPage()).toContain(`エコー新名${seq}`);
    await svc().store.hiddenContent.hide({ kind: 'echo', targetId: first, reason: 'staff', word: '', createdAt: clock.now() });
    expect(await echoPage()).not.toContain(`ひとつめ${seq}`);
    await svc().echo.post(friend.id, `みっつめ${seq}`);
    expect(await echoPage()).toContain(`みっつめ${seq}`);
    await svc().friends.block(me.id, friend.id);
    const page = await echoPage();
    expect(page).not.toContain(`みっつめ${seq}`);
    expect(page).toContain(`じぶんのエコー${seq}`);
  });

  it("takes my own echo into the kept echo page only when the gate dropped nothing from it (no echo on two pages)", async () => {
    const me = await member('ページみる');
    const friend = await member('ページかく', 'softbank');
    await friends(me, friend);
    const ids: number[] = [];
    for (let i = 1; i <= 21; i++) {
      clock.t += 1000;
      ids.push(await svc().echo.post(friend.id, `連投${i}番${seq}`));
    }
    await svc().store.hiddenContent.hide({ kind: 'echo', targetId: ids[10]!, reason: 'staff', word: '', createdAt: clock.now() });
    await me.go('/echo');
    await me.go('/echo'); // kept: 20 rows read, 19 shown
    clock.t += 1000;
    await me.h.submit(me.h.form('body'), { body: `わたしの${seq}` });
    const first = me.h.last.text;
    expect(first).toContain(`わたしの${seq}`);
    expect(first).toContain(`連投3番${seq}`);
    expect(first).not.toContain(`連投2番${seq}`); // the 21st row of a fresh read: page 2's first
    expect(first).not.toContain(`連投11番${seq}`);
    const second = (await me.go('/echo?page=2')).text;
    expect(second).toContain(`連投2番${seq}`);
    expect(second).toContain(`連投1番${seq}`);
  });

  it("renews the entry owner's top page on a comment, not the writer's (migration 0032), and again when it is deleted", async () => {
    const owner = await member('かきぬし');
    const writer = await member('かきこむ', 'au');
    const entry = await svc().diary.write(owner.id, { title: `コメントを待つ日記${seq}`, body: 'x', visibility: 'members' });
    expect(await top(owner)).not.toContain('日記に新着コメント');
    await top(writer);
    const version = async (id: number) => (await svc().store.memberVersions.of(id))!.all;
    const [ownerV, writerV] = [await version(owner.id), await version(writer.id)];
    const comment = await svc().comments.add(writer.id, entry, `こんにちは${seq}`);
    expect(await version(owner.id)).toBeGreaterThan(ownerV);
    expect(await version(writer.id)).toBe(writerV);
    expect(await top(owner)).toContain('日記に新着コメントが1件あります');
    const afterAdd = await version(owner.id);
    await svc().comments.delete(owner.id, comment);
    expect(await version(owner.id)).toBeGreaterThan(afterAdd);
    expect(await version(writer.id)).toBe(writerV);
    expect(await top(owner)).not.toContain('日記に新着コメント');
  });

  it('lists the newest topic of each of my open communities, most recently active first, with their names, and never one the gate refuses', async () => {
    const me = await member('こみゅ');
    const other = await member('かきて', 'au');
    const made: number[] = [];
    for (const n of ['ア', 'イ', 'ウ']) {
      clock.t += 1000;
      made.push(await svc().communities.create(other.id, { name: `${n}の会${seq}`, category: 'hobby', description: 'x', joinPolicy: 'open', readers: 'members' }));
    }
    const [a, b, c] = made as [number, number, number];
    for (const cid of made) await svc().communityMembers.join(me.id, cid);
    const post = async (cid: number, title: string, by = other) => {
      clock.t += 1000;
      return svc().topics.create(by.id, cid, 'topic', { title, body: 'x' });
    };
    await post(a, `古いア${seq}`);
    const newA = await post(a, `新しいア${seq}`);
    await post(b, `イの話${seq}`);
    const topicC = await post(c, `ウの話${seq}`);
    const section = async () => {
      const page = await top(me);
      const from = page.indexOf('コミュニティの新着');
      expect(from).toBeGreaterThan(-1);
      return page.slice(from, from + 1500);
    };
    // Others' posts and comments show within COMMUNITY_POSTS_MS (the section is kept that long).
    const later = () => (clock.t += COMMUNITY_POSTS_MS);
    let text = await section();
    // Newest activity first (ウ, イ, ア), each community's newest topic only, with its name.
    expect(text.indexOf(`ウの話${seq}`)).toBeLessThan(text.indexOf(`イの話${seq}`));
    expect(text.indexOf(`イの話${seq}`)).toBeLessThan(text.indexOf(`新しいア${seq}`));
    expect(text).not.toContain(`古いア${seq}`);
    expect(text).toContain(`(アの会${seq})`);
    expect(text).toContain(`/communities/${a}/topics/${newA}`);
    // Another's comment makes ア the most recently active: shown once the kept section is due.
    clock.t += 1000;
    await svc().topics.comment(other.id, a, newA, 'あげ');
    text = await section();
    expect(text.indexOf(`新しいア${seq}`)).toBeGreaterThan(text.indexOf(`ウの話${seq}`));
    later();
    text = await section();
    expect(text.indexOf(`新しいア${seq}`)).toBeLessThan(text.indexOf(`ウの話${seq}`));
    // My own comment shows at once (migration 0033): ウ first again.
    clock.t += 1000;
    await svc().topics.comment(me.id, c, topicC, 'わたしも');
    text = await section();
    expect(text.indexOf(`ウの話${seq}`)).toBeLessThan(text.indexOf(`新しいア${seq}`));
    // My own new topic, at once.
    await post(b, `わたしのイ${seq}`, me);
    text = await section();
    expect(text).toContain(`わたしのイ${seq}`);
    expect(text).not.toContain(`イの話${seq}`);
    // A renamed community, at once.
    await svc().store.communities.update(b, { name: `改イの会${seq}`, category: 'hobby', description: 'x', joinPolicy: 'open', readers: 'members' });
    expect(await section()).toContain(`(改イの会${seq})`);
    // Another's topic given a new title (an edit, or a withdrawal's erasure), at once.
    const before = await svc().store.communityTopics.find(topicC);
    await svc().store.communityTopics.update(topicC, { ...before!, title: `ウの新題${seq}`, updatedAt: clock.now() });
    text = await section();
    expect(text).toContain(`ウの新題${seq}`);
    expect(text).not.toContain(`ウの話${seq}`);
    // Taken down by staff: gone. A closed community: gone. Left: gone. Its author blocked me: gone.
    // A topic deleted: gone. Each at once.
    await svc().store.hiddenContent.hide({ kind: 'topic', targetId: newA, reason: 'staff', word: '', createdAt: clock.now() });
    expect(await section()).not.toContain(`新しいア${seq}`);
    // Restored by staff: back at once (migration 0035 bumps the community's members both ways).
    await svc().store.hiddenContent.restore('topic', newA);
    expect(await section()).toContain(`新しいア${seq}`);
    await svc().store.hiddenContent.hide({ kind: 'topic', targetId: newA, reason: 'staff', word: '', createdAt: clock.now() });
    expect(await section()).not.toContain(`新しいア${seq}`);
    await svc().communities.close(other.id, b);
    expect(await section()).not.toContain(`わたしのイ${seq}`);
    await svc().communityMembers.leave(me.id, c);
    text = await section();
    expect(text).not.toContain(`ウの新題${seq}`);
    const d = await svc().communities.create(me.id, { name: `エの会${seq}`, category: 'hobby', description: 'x', joinPolicy: 'open', readers: 'members' });
    await svc().communityMembers.join(other.id, d);
    const topicD = await post(d, `エの話${seq}`);
    const topicD2 = await post(d, `エの次${seq}`);
    later();
    expect(await section()).toContain(`エの次${seq}`);
    await svc().store.communityTopics.delete(topicD2);
    text = await section();
    expect(text).not.toContain(`エの次${seq}`);
    later();
    expect(await section()).toContain(`/topics/${topicD}`);
    await svc().friends.block(other.id, me.id);
    expect(await section()).not.toContain(`エの話${seq}`);
  });

  // MariaDB 10.11 cannot use a semi-join in a single-table UPDATE: a trigger written "member_id in
  // (select …)" reads (and locks) every member's version row per write. The writes below must read
  // member_versions by key: a handful of handler reads, not one per member.
  if (dialect === 'mysql') it('bumps versions by key on MariaDB: a comment, its deletion, an echo, a footprint, a message, a community comment or rename read a few rows, not every member', async () => {
    const owner = await member('かぎ');
    const writer = await member('かぎかく', 'au');
    await friends(owner, writer);
    for (let i = 0; i < 40; i++) await member(`かず${i}`, 'pc'); // enough members that a scan shows
    const entry = await svc().diary.write(owner.id, { title: 'キーで', body: 'x', visibility: 'members' });
    type Db = typeof gw.booted.conn.db;
    /** Handler reads of `work` on one connection (the status of one session), less reading the status itself. */
    const reads = async (work: (db: Db) => Promise<unknown>) =>
      gw.booted.conn.db.connection().execute(async (db) => {
        const handler = async () => {
          const rows = (await sql<{ Variable_name: string; Value: string }>`show session status like 'Handler_read%'`.execute(db)).rows;
          return rows.reduce((n, r) => n + Number(r.Value), 0);
        };
        const a = await handler();
        const b = await handler();
        await work(db);
        const c = await handler();
        return c - b - (b - a);
      });
    const now = clock.now();
    // The statements' own reads (a key lookup or two each) plus the triggers'.
    expect(await reads((db) => db.insertInto('diary_comments').values({ entry_id: entry, author_id: writer.id, reply_to: null, body: 'キー', created_at: now }).execute())).toBeLessThan(20);
    const [c] = await gw.booted.conn.db.selectFrom('diary_comments').select('id').where('entry_id', '=', entry).execute();
    expect(await reads((db) => db.deleteFrom('diary_comments').where('id', '=', c!.id).execute())).toBeLessThan(20);
    expect(await reads((db) => db.insertInto('echoes').values({ member_id: writer.id, body: 'キー', reply_to: null, created_at: now }).execute())).toBeLessThan(20);
    expect(await reads((db) => db.insertInto('footprints').values({ owner_id: owner.id, visitor_id: writer.id, visited_at: now }).execute())).toBeLessThan(20);
    expect(await reads((db) => db.insertInto('messages').values({ from_id: writer.id, to_id: owner.id, subject: 'キー', body: 'x', created_at: now, read_at: null, sender_box: 'sent', recipient_box: 'inbox' }).execute())).toBeLessThan(20);
    // A community's writes (migration 0033): a comment and its topic's update by key; a rename by
    // the membership index (a few members here), not every member's row.
    const community = await svc().communities.create(owner.id, { name: `キーの会${seq}`, category: 'hobby', description: 'x', joinPolicy: 'open', readers: 'members' });
    const topic = await svc().topics.create(owner.id, community, 'topic', { title: 'キー', body: 'x' });
    expect(await reads((db) => db.insertInto('community_comments').values({ topic_id: topic, number: 9, author_id: owner.id, body: 'キー', deleted: 0, created_at: now }).execute())).toBeLessThan(20);
    expect(await reads((db) => db.updateTable('community_topics').set({ comment_count: 9, last_comment_at: now }).where('id', '=', topic).execute())).toBeLessThan(20);
    expect(await reads((db) => db.updateTable('communities').set({ name: `キーの会改${seq}` }).where('id', '=', community).execute())).toBeLessThan(20);
    // Staff hiding and restoring (migration 0035): a topic by the membership index, an entry by its
    // author's friendships, a message by key; and a block by key.
    expect(await reads((db) => db.insertInto('hidden_content').values({ kind: 'topic', target_id: topic, reason: 'staff', word: '', created_at: now }).execute())).toBeLessThan(20);
    expect(await reads((db) => db.deleteFrom('hidden_content').where('kind', '=', 'topic').where('target_id', '=', topic).execute())).toBeLessThan(20);
    expect(await reads((db) => db.insertInto('hidden_content').values({ kind: 'diary', target_id: entry, reason: 'staff', word: '', created_at: now }).execute())).toBeLessThan(20);
    // (An update bumps for the row before and after: twice an insert's reads.)
    expect(await reads((db) => db.updateTable('hidden_content').set({ reason: 'held' }).where('kind', '=', 'diary').where('target_id', '=', entry).execute())).toBeLessThan(40);
    const [msg] = await gw.booted.conn.db.selectFrom('messages').select('id').where('to_id', '=', owner.id).execute();
    expect(await reads((db) => db.insertInto('hidden_content').values({ kind: 'message', target_id: msg!.id, reason: 'staff', word: '', created_at: now }).execute())).toBeLessThan(20);
    expect(await reads((db) => db.insertInto('blocks').values({ blocker_id: owner.id, blocked_id: writer.id, created_at: now }).execute())).toBeLessThan(20);
    // And the measure sees a scan when there is one.
    expect(await reads((db) => db.selectFrom('member_versions').select('v').where(sql<boolean>`v + 0 >= 0`).execute())).toBeGreaterThan(40);
  });

  // The page itself is kept as bytes around its advertising (gateway/routes/top.ts): a view served
  // from it must be the page rendered afresh, byte for byte, in this session's own links.
  it('sends a kept page identical to the page rendered afresh, and renders afresh after a write', async () => {
    for (const kind of ['docomo', 'au', 'softbank', 'pc'] as const) {
      const me = await member('そのまま', kind);
      const friend = await member('ともだち');
      await friends(me, friend);
      const first = await me.go('/');
      const kept = await me.go('/');
      expect(me.h.signedIn()).toBe(true);
      expect(Buffer.from(kept.bytes).equals(Buffer.from(first.bytes))).toBe(true);
      await svc().diary.write(friend.id, { title: `保存のあと${kind}`, body: 'x', visibility: 'friends' });
      const after = await me.go('/');
      expect(after.text).toContain(`保存のあと${kind}`);
      expect(Buffer.from((await me.go('/')).bytes).equals(Buffer.from(after.bytes))).toBe(true);
    }
  });

  it("puts a new session's id in every link of a kept page (a cookie-less handset signing in again)", async () => {
    const me = await member('いれかえ', 'docomo');
    await top(me);
    const before = me.h.links().filter((l) => l.includes('sid='));
    expect(before.length).toBeGreaterThan(5);
    const again = await me.fresh();
    const sid = new URL(again.last.url, gw.origin).searchParams.get('sid')!;
    expect(sid).toBeTruthy();
    await again.get(`/?sid=${sid}`);
    const page = await again.get(`/?sid=${sid}`);
    expect(again.signedIn()).toBe(true);
    const carried = again.links().filter((l) => l.includes('sid='));
    expect(carried.length).toBe(before.length);
    expect(carried.every((l) => new URL(l, gw.origin).searchParams.get('sid') === sid)).toBe(true);
    expect(page.text).not.toContain(new URL(before[0]!, gw.origin).searchParams.get('sid')!);
  });

  it("renders a kept page afresh when its kept sections expire, with nothing else changed (today's footprints at midnight, same session)", async () => {
    const day = 86_400_000;
    const saved = clock.t;
    // 23:58 in Japan (UTC+9), the next such moment.
    clock.t = Math.floor((clock.t + 9 * 3600_000) / day) * day + day - 2 * 60_000 - 9 * 3600_000 + day;
    const me = await member('よなか', 'au');
    const visitor = await member('おとずれ', 'softbank');
    // Only the footprints section: nothing else on the page is kept apart or expires on its own.
    const p = await svc().profiles.get(me.id);
    await svc().profiles.update(me.id, { gender: p.gender, showAge: p.showAge, area: p.area, intro: p.intro, searchOptOut: p.searchOptOut, defaultVisibility: p.defaultVisibility, topSections: ['footprints'] });
    await visitor.go(`/members/${me.id}`);
    expect(await top(me)).toContain('今日の足あと 1件');
    clock.t += 3 * 60_000; // 00:01: a new day, the same session
    expect(await top(me)).toContain('今日の足あと 0件');
    clock.t = saved;
  });

  it('writes nothing for a repeat visit in the minute its footprint shows, and moves it in a later minute', async () => {
    clock.t = Math.floor(clock.t / 60_000) * 60_000 + 60_000 + 5_000; // hh:mm:05
    const owner = await member('あしあと');
    const visitor = await member('たびびと', 'au');
    const shown = (ms: number) => new Date(ms + 9 * 3600_000).toISOString().slice(11, 16);
    const rows = () => gw.booted.conn.db.selectFrom('footprints').select(['visited_at']).where('owner_id', '=', owner.id).execute();
    await visitor.go(`/members/${owner.id}`);
    const first = clock.t;
    clock.t += 40_000; // hh:mm:45, the same minute
    await visitor.go(`/members/${owner.id}`);
    expect((await rows()).map((r) => Number(r.visited_at))).toEqual([first]);
    await owner.go('/footprints');
    expect(owner.h.last.text).toContain(`${shown(first)} `);
    clock.t += 30_000; // the next minute: the footprint moves (one footprint still)
    await visitor.go(`/members/${owner.id}`);
    expect((await rows()).map((r) => Number(r.visited_at))).toEqual([clock.t]);
    await owner.go('/footprints');
    expect(owner.h.last.text).toContain(`${shown(clock.t)} `);
    expect(owner.h.last.text.match(new RegExp(visitor.nickname, 'g'))).toHaveLength(1);
  });

  it("starts today's footprints again at midnight, and lets a comment's alert go after three days, with no write", async () => {
    const day = 86_400_000;
    // 23:50 in Japan (UTC+9), the next such moment.
    clock.t = Math.floor((clock.t + 9 * 3600_000) / day) * day + day - 10 * 60_000 - 9 * 3600_000 + day;
    const me = await member('とけい', 'pc');
    const visitor = await member('たずねる', 'au');
    const entry = await svc().diary.write(me.id, { title: '時計の日記', body: 'x', visibility: 'members' });
    await svc().comments.add(visitor.id, entry, 'よるのコメント');
    await visitor.go(`/members/${me.id}`);
    let page = await top(me);
    expect(page).toContain('今日の足あと 1件');
    expect(page).toContain('日記に新着コメントが1件あります');
    clock.t += 8 * 60_000; // 23:58: a repeat visit moves the footprint's time (still today)
    await visitor.go(`/members/${me.id}`);
    expect(await top(me)).toContain('今日の足あと 1件');
    clock.t += 3 * 60_000; // 00:01: a new day
    const fresh = await me.fresh();
    await fresh.get('/');
    page = (await fresh.get('/')).text;
    expect(page).toContain('今日の足あと 0件');
    expect(page).toContain('日記に新着コメントが1件あります');
    clock.t += 2 * 60_000; // 00:03: the same visitor again, within minutes: the footprint moves into today
    await visitor.go(`/members/${me.id}`);
    await fresh.get('/');
    expect((await fresh.get('/')).text).toContain('今日の足あと 1件');
    clock.t += 3 * day;
    const later = await me.fresh();
    await later.get('/');
    expect((await later.get('/')).text).not.toContain('日記に新着コメント');
  });
});

describe('a page kept around a fresh part (gateway/render.ts keepPage)', () => {
  const context = async () => {
    const { carrierById } = await import('../carriers/index.js');
    const carrier = carrierById('docomo');
    const device = carrier.profile({ userAgent: 'DoCoMo/2.0 N905i(c100;TB;W24H16)', header: () => undefined, query: '' });
    const vars: Record<string, unknown> = { device, carrier, render: { publicOrigin: 'http://localhost:3000', linkKey: Buffer.alloc(32, 1) }, sessionToken: 'S'.repeat(32), csrfToken: 'c'.repeat(22), preSession: null, member: { id: 1 }, requestId: 'r'.repeat(12) };
    return { get: (k: string) => vars[k] } as never;
  };

  it('keeps a page whose bytes with the part put in are the bytes sent, and never one that renders differently each time or holds the slot twice', async () => {
    const { keepPage, sendKeptPage } = await import('../gateway/render.js');
    const { wholePage } = await import('../templates/paginate.js');
    const { renderContext, transcoder } = await import('../gateway/render.js');
    const { h } = await import('../templates/html.js');
    const c = await context();
    const slot = 'ashiato0123456789abcdef';
    const part = h('div', null, h('a', { href: '/ads/corners/1' }, '★広告'));
    const page = (fresh: unknown, ...more: unknown[]) => ({ title: 'トップ', blocks: [h('div', null, 'こんにちは'), fresh, ...more] }) as never;
    const sent = (p: never) => wholePage(p, { device: (c as { get(k: string): never }).get('device'), ctx: renderContext(c, (c as { get(k: string): never }).get('render')), encode: (html) => transcoder(c).encode(html) })!;
    // A plain page: kept, and the part goes where the slot stood (its link carrying the session).
    const kept = keepPage(c, page(slot), slot, part, sent(page(part)));
    expect(kept).not.toBeNull();
    // Sent again with another part (the next view's advertising): the page rendered with that part.
    const other = h('div', null, h('a', { href: '/ads/corners/2' }, '★別の広告🎉'));
    const res = sendKeptPage(c, kept!, other)!;
    expect(Buffer.from(await res.arrayBuffer()).equals(sent(page(other)))).toBe(true);
    expect(Buffer.from(await sendKeptPage(c, kept!, null)!.arrayBuffer()).equals(sent(page(null)))).toBe(true);
    // A part with its key: its bytes are kept with the page and used again for that key only,
    // the right part for each key as they take turns (a banner rotation), past the few kept.
    const parts = Array.from({ length: 12 }, (_, i) => h('div', null, h('a', { href: `/ads/corners/${i}` }, `★広告${i}`)));
    for (const round of [0, 1]) {
      for (const [i, p] of parts.entries()) {
        const bytes = Buffer.from(await sendKeptPage(c, kept!, p, `k${i}`)!.arrayBuffer());
        expect(bytes.equals(sent(page(p))), `part ${i}, round ${round}`).toBe(true);
      }
    }
    expect(Buffer.from(await sendKeptPage(c, kept!, parts[3], 'k3')!.arrayBuffer()).equals(sent(page(parts[3])))).toBe(true);
    expect(Buffer.from(await sendKeptPage(c, kept!, parts[3], 'k3')!.arrayBuffer()).equals(sent(page(parts[3])))).toBe(true);
    // A form's one-time field differs at every render: never kept.
    const form = h('form', { method: 'post', action: '/echo' }, h('input', { type: 'text', name: 'body' }));
    expect(keepPage(c, page(slot, form), slot, part, sent(page(part, form)))).toBeNull();
    // The slot twice (member text could hold it): never kept.
    expect(keepPage(c, page(slot, h('div', null, slot)), slot, part, sent(page(part, h('div', null, slot))))).toBeNull();
    // Bytes sent that differ from the kept page with the part put in: never kept.
    expect(keepPage(c, page(slot), slot, part, sent(page(h('div', null, 'ちがう'))))).toBeNull();
  });
});
