import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { signedInMember } from './support/members.js';

describe.each(dialects())('profiles, search, bookmarks, endorsements, reports (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect);
  let seq = 0;

  const member = (nickname: string, birthDate = '1990-01-01', kind: 'pc' | 'au' = 'pc') => signedInMember(gw, kind, { nickname, birthDate });

  it('edits a profile; others see gender, age only when shown, area and introduction', async () => {
    const a = await member(`絵里${dialect}`, '1995-03-03');
    const b = await member('ふみ');
    await a.h.get('/settings/profile');
    await a.h.submit(a.h.form('intro'), { gender: 'female', area: '京都府', intro: '抹茶が好きです🍵', defaultVisibility: 'members', showAge: '1' });
    expect(a.h.last.text).toContain('保存しました');
    await b.h.get(`/members/${a.id}`);
    expect(b.h.last.text).toMatch(/女性 \/ \d+歳 \/ 京都府/);
    expect(b.h.last.text).toContain('抹茶が好きです🍵');
    await a.h.get('/settings/profile');
    await a.h.submit(a.h.form('intro'), { area: 'どこか' });
    expect(a.h.last.status).toBe(400);
    expect(a.h.last.text).toContain('地域を選んでください');
    // The new default visibility is preselected when writing.
    await a.h.get('/diary/new');
    expect(a.h.last.text).toMatch(/<option value="members" selected>/);
  });

  it("counts a member's マイミク as the viewer would see them named: active, and neither blocking nor blocked", async () => {
    const owner = await member('数える');
    const viewer = await member('みる');
    const friends = await Promise.all(['一', '二', '三', '四', '五'].map((n) => member(`友${n}`)));
    const store = gw.booted.services.store;
    for (const f of friends) await store.friendships.befriend(owner.id, f.id, Date.now());
    const count = async () => {
      await viewer.h.get(`/members/${owner.id}`);
      expect(viewer.h.last.status).toBe(200);
      return /マイミク\((\d+)人\)/.exec(viewer.h.last.text)?.[1];
    };
    expect(await count()).toBe('5');
    await store.members.update(friends[0]!.id, { status: 'suspended' });
    expect(await count()).toBe('4');
    await store.blocks.block(viewer.id, friends[1]!.id, Date.now());
    expect(await count()).toBe('3');
    await store.blocks.block(friends[2]!.id, viewer.id, Date.now());
    expect(await count()).toBe('2');
    // The owner sees the blocked ones still (the blocks are the viewer's), not the suspended one.
    await owner.h.get(`/members/${owner.id}`);
    expect(owner.h.last.text).toContain('マイミク(4人)');
    // The count is kept by the database's triggers (migration 0034): a new friendship, an ended
    // one and a friend taken back from suspension each show on the next view.
    const late = await member('遅れて');
    await store.friendships.befriend(owner.id, late.id, Date.now());
    expect(await count()).toBe('3');
    await store.friendships.unfriend(owner.id, friends[3]!.id);
    expect(await count()).toBe('2');
    await store.members.update(friends[0]!.id, { status: 'active' });
    expect(await count()).toBe('3');
    await owner.h.get(`/members/${owner.id}`);
    expect(owner.h.last.text).toContain('マイミク(5人)');
    // A withdrawal marks the member and removes its friendships, in either order: counted off once.
    const [gone1, gone2] = [await member('去る一'), await member('去る二')];
    for (const g of [gone1, gone2]) await store.friendships.befriend(owner.id, g.id, Date.now());
    expect(await count()).toBe('5');
    await store.members.update(gone1.id, { status: 'withdrawn' });
    await store.friendships.unfriend(owner.id, gone1.id);
    await store.friendships.unfriend(owner.id, gone2.id);
    await store.members.update(gone2.id, { status: 'withdrawn' });
    expect(await count()).toBe('3');
    // Every member's kept count is what counting their active friends gives.
    const db = gw.booted.conn.db;
    const counted = await db
      .selectFrom('friendships as f')
      .innerJoin('members as m', 'm.id', 'f.friend_id')
      .where('m.status', '=', 'active')
      .select((eb) => ['f.member_id', eb.fn.countAll().as('n')])
      .groupBy('f.member_id')
      .execute();
    const byMember = new Map(counted.map((r) => [Number(r.member_id), Number(r.n)]));
    const kept = await db.selectFrom('member_versions').select(['member_id', 'active_friends']).execute();
    expect(kept.length).toBeGreaterThan(10);
    for (const r of kept) expect([Number(r.member_id), Number(r.active_friends)]).toEqual([Number(r.member_id), byMember.get(Number(r.member_id)) ?? 0]);
  });

  it('finds members by nickname, area and age, never those who opted out or are blocked', async () => {
    const tag = `検索${dialect}${seq}`;
    const young = await member(`${tag}若`, '2004-06-01');
    const old = await member(`${tag}年`, '1970-06-01');
    const hidden = await member(`${tag}隠`, '1990-06-01');
    const blocker = await member(`${tag}拒`, '1990-06-01');
    const searcher = await member('さがす');
    for (const m of [young, old]) {
      await m.h.get('/settings/profile');
      await m.h.submit(m.h.form('intro'), { area: '大阪府', showAge: '1' });
    }
    await hidden.h.get('/settings/profile');
    await hidden.h.submit(hidden.h.form('intro'), { searchOptOut: '1' });
    await gw.booted.services.friends.block(blocker.id, searcher.id);
    await searcher.h.get(`/search?nickname=${encodeURIComponent(tag)}`);
    const found = (text: string) => [young, old, hidden, blocker].filter((m) => text.includes(`/members/${m.id}"`)).map((m) => m.id);
    expect(found(searcher.h.last.text)).toEqual([young.id, old.id]);
    await searcher.h.get(`/search?nickname=${encodeURIComponent(tag)}&area=${encodeURIComponent('大阪府')}&ageFrom=18&ageTo=30`);
    expect(found(searcher.h.last.text)).toEqual([young.id]);
    await searcher.h.get(`/search?nickname=${encodeURIComponent(tag)}&ageFrom=50`);
    expect(found(searcher.h.last.text)).toEqual([old.id]);
  });

  it('searches diaries only among what the searcher may read', async () => {
    const author = await member('かく');
    const friend = await member('とも');
    const other = await member('よそ');
    await gw.booted.services.store.friendships.befriend(author.id, friend.id, Date.now());
    const word = `合言葉${dialect}${seq}`;
    const forFriends = await gw.booted.services.diary.write(author.id, { title: `友だち限定 ${word}`, body: 'x', visibility: 'friends' });
    const forAll = await gw.booted.services.diary.write(author.id, { title: '全体', body: `本文に${word}`, visibility: 'public' });
    const secret = await gw.booted.services.diary.write(author.id, { title: `秘密 ${word}`, body: 'x', visibility: 'self' });
    const ids = (text: string) => [forFriends, forAll, secret].filter((id) => text.includes(`/diary/${id}"`));
    await friend.h.get(`/search?q=${encodeURIComponent(word)}`);
    expect(ids(friend.h.last.text)).toEqual([forFriends, forAll]);
    await other.h.get(`/search?q=${encodeURIComponent(word)}`);
    expect(ids(other.h.last.text)).toEqual([forAll]);
    await author.h.get(`/search?q=${encodeURIComponent(word)}`);
    expect(ids(author.h.last.text)).toEqual([forFriends, forAll, secret]);
    // A friend of a friend finds friends-of-friends entries, and only those beyond public ones.
    const fof = await member('ともとも');
    await gw.booted.services.store.friendships.befriend(friend.id, fof.id, Date.now());
    const forFof = await gw.booted.services.diary.write(author.id, { title: `友だちの友だちまで ${word}`, body: 'x', visibility: 'friends-of-friends' });
    await fof.h.get(`/search?q=${encodeURIComponent(word)}`);
    expect([forFriends, forAll, secret, forFof].filter((id) => fof.h.last.text.includes(`/diary/${id}"`))).toEqual([forAll, forFof]);
    await other.h.get(`/search?q=${encodeURIComponent('%')}`);
    expect(other.h.last.status).toBe(200);
  });

  it('bookmarks a member, and only friends write endorsements the endorsed member can remove', async () => {
    const a = await member('あゆみ');
    const b = await member('べに', '1990-01-01', 'au');
    const c = await member('ちか');
    await gw.booted.services.store.friendships.befriend(a.id, b.id, Date.now());
    await a.h.get(`/members/${b.id}`);
    await a.h.submit(a.h.formTo(/bookmark/), {});
    await a.h.get('/bookmarks');
    expect(a.h.last.text).toContain('べに');
    await a.h.get(`/members/${b.id}/endorse`);
    await a.h.submit(a.h.form('body'), { body: '頼れる友だちです' });
    await c.h.get(`/members/${b.id}`);
    expect(c.h.last.text).toContain('頼れる友だちです');
    await c.h.get(`/members/${b.id}/endorse`);
    expect(c.h.last.status).toBe(403);
    // The endorsed member removes it (from an au handset).
    await b.h.get(`/members/${b.id}`);
    await b.h.submit(b.h.formTo(/endorsements\/\d+\/delete/), {});
    expect(b.h.last.text).not.toContain('頼れる友だちです');
  });

  it('edits own diary entries only, and lists entries by month', async () => {
    const a = await member('へんしゅう');
    const b = await member('ほか');
    const id = await gw.booted.services.diary.write(a.id, { title: '最初', body: '本文', visibility: 'public' });
    await a.h.get(`/diary/${id}/edit`);
    await a.h.submit(a.h.form('body'), { title: '直した' });
    expect(a.h.last.text).toContain('直した');
    await b.h.get(`/diary/${id}/edit`);
    expect(b.h.last.status).toBe(404);
    const month = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 7);
    await b.h.get(`/members/${a.id}/diary?month=${month}`);
    expect(b.h.last.text).toContain('直した');
    await b.h.get(`/members/${a.id}/diary?month=1999-01`);
    expect(b.h.last.text).not.toContain('直した');
    await b.h.get(`/members/${a.id}/diary?month=nonsense`);
    expect(b.h.last.status).toBe(404);
  });

  it('takes reports to the moderators, at most 10 a day', async () => {
    const a = await member('ほうこく');
    const target = await member('たいしょう');
    for (let i = 0; i < 11; i++) {
      await a.h.get(`/report?kind=member&id=${target.id}`);
      await a.h.submit(a.h.form('reason'), { reason: `迷惑です ${i}` });
      expect([i, a.h.last.status]).toEqual([i, i < 10 ? 200 : 429]);
    }
    await a.h.get('/report?kind=nonsense&id=1');
    expect(a.h.last.status).toBe(404);
  });
});
