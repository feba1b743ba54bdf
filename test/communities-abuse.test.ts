import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite, type TestGateway } from './support/gateway.js';
import { signedInMember } from './support/members.js';
import { createCommunity, csrfOf, join, postTopic, rawPost } from './support/communities.js';

type M = Awaited<ReturnType<typeof signedInMember>>;

async function post(m: M, path: string, fields: Record<string, string> = {}) {
  return rawPost(m, path, await csrfOf(m), fields);
}

describe.each(dialects())('communities abuse (%s)', (dialect) => {
  const gw: TestGateway = gatewayForSuite(dialect);
  const store = () => gw.booted.services.store;

  it('a join/withdraw loop on an approval community sends the managers one notice, then is throttled', async () => {
    const admin = await signedInMember(gw, 'pc');
    const sub = await signedInMember(gw, 'pc');
    const spammer = await signedInMember(gw, 'pc', { nickname: `申請魔${dialect}` });
    const cid = await createCommunity(admin, { name: `承認制${dialect}`, joinPolicy: 'approval' });
    await join(sub, cid);
    await post(admin, `/communities/${cid}/members/${sub.id}/approve`);
    await post(admin, `/communities/${cid}/members/${sub.id}/sub`);
    const csrf = await csrfOf(spammer);
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      statuses.push((await rawPost(spammer, `/communities/${cid}/join`, csrf)).status);
      await rawPost(spammer, `/communities/${cid}/leave`, csrf);
    }
    expect(statuses.slice(0, 3)).toEqual([302, 302, 302]);
    expect(statuses).toContain(429);
    const fromSpammer = async (id: number) => (await store().messages.box(id, 'inbox', 1000, [])).filter((m) => m.fromId === spammer.id).length;
    expect([await fromSpammer(admin.id), await fromSpammer(sub.id)]).toEqual([1, 1]);
    await admin.go('/messages');
    expect(admin.h.last.text).toContain('コミュニティ参加申請');
    const r = await spammer.go(`/communities/${cid}`);
    expect(r.status).toBe(200);
    await spammer.h.submit(spammer.h.formTo(/\/join(\?|$)/), {});
    expect(spammer.h.last.status).toBe(429);
    expect(spammer.h.last.text).toContain('しばらくお待ちください');
  });
});

describe.each(dialects())('communities moderation across blocks (%s)', (dialect) => {
  const gw: TestGateway = gatewayForSuite(dialect);
  const store = () => gw.booted.services.store;
  const block = async (m: M, target: number) => {
    await m.go(`/members/${target}`);
    await m.h.submit(m.h.formTo(/\/block$/), {});
  };

  it('a member who blocks the administrator stays within moderation: topic and comment deleted, listed unnamed, banned', async () => {
    const admin = await signedInMember(gw, 'pc');
    const troll = await signedInMember(gw, 'pc', { nickname: `荒らし${dialect}` });
    const reader = await signedInMember(gw, 'pc');
    const cid = await createCommunity(admin, { name: `荒らし対策${dialect}`, readers: 'everyone' });
    await join(troll, cid);
    await join(reader, cid);
    await block(troll, admin.id);
    const ttid = await postTopic(troll, cid, { title: '荒らしのトピック', body: 'spam' });
    const rtid = await postTopic(reader, cid, { title: '読者のトピック', body: 'b' });
    await troll.go(`/communities/${cid}/topics/${rtid}`);
    await troll.h.submit(troll.h.form('body'), { body: '荒らしのコメント' });
    const members = await admin.go(`/communities/${cid}/members`);
    expect(members.text).toContain('(表示できないメンバー)');
    expect(members.text).not.toContain(troll.nickname);
    expect(members.text).toContain(`/members/${troll.id}/ban`);
    expect(members.text).not.toContain(`/members/${troll.id}/handover`);
    expect((await post(admin, `/communities/${cid}/topics/${ttid}/delete`)).status).toBe(302);
    expect((await reader.go(`/communities/${cid}/topics`)).text).not.toContain('荒らしのトピック');
    const cmt = (await store().communityComments.range(rtid, 1, 1))[0]!;
    expect((await post(admin, `/communities/${cid}/topics/${rtid}/comments/${cmt.id}/delete`)).status).toBe(302);
    const page = await reader.go(`/communities/${cid}/topics/${rtid}`);
    expect(page.text).not.toContain('荒らしのコメント');
    expect(page.text).toContain('このコメントは削除されました');
    expect((await post(admin, `/communities/${cid}/members/${troll.id}/ban`)).status).toBe(302);
    expect((await troll.go(`/communities/${cid}/topics`)).status).toBe(404);
  });

  it('no sub-admin appointment nor hand-over across a block; a sub-admin neither lifts bans nor deletes the admin’s topics', async () => {
    const admin = await signedInMember(gw, 'pc');
    const sub = await signedInMember(gw, 'pc');
    const x = await signedInMember(gw, 'pc');
    const cid = await createCommunity(admin, { name: `権限${dialect}`, readers: 'community' });
    await join(sub, cid);
    await join(x, cid);
    expect((await post(admin, `/communities/${cid}/members/${sub.id}/sub`)).status).toBe(302);
    await block(admin, x.id);
    expect((await post(admin, `/communities/${cid}/members/${x.id}/sub`)).status).toBe(404);
    expect((await post(admin, `/communities/${cid}/members/${x.id}/handover`)).status).toBe(404);
    const front = await admin.go(`/communities/${cid}`);
    expect(front.status).toBe(200);
    expect((await admin.go(`/communities/${cid}/members`)).text).toContain('(管理人)');
    expect(await store().communityMembers.role(cid, x.id)).toBe('member');
    const atid = await postTopic(admin, cid, { title: '管理人の話', body: 'b' });
    expect((await post(sub, `/communities/${cid}/topics/${atid}/delete`)).status).toBe(404);
    expect((await sub.go(`/communities/${cid}/topics/${atid}`)).text).toContain('管理人の話');
    expect((await post(admin, `/communities/${cid}/members/${x.id}/ban`)).status).toBe(302);
    const subView = await sub.go(`/communities/${cid}/members`);
    expect(subView.text).not.toContain(`/members/${x.id}/unban`);
    expect((await post(sub, `/communities/${cid}/members/${x.id}/unban`)).status).toBe(404);
    expect((await x.go(`/communities/${cid}`)).status).toBe(404);
  });

  it('a hidden member or topic on a page does not take the next-page link away', async () => {
    const admin = await signedInMember(gw, 'pc');
    const viewer = await signedInMember(gw, 'pc');
    const other = await signedInMember(gw, 'pc');
    const hiddenOne = await signedInMember(gw, 'pc');
    const cid = await createCommunity(admin, { name: `次へ${dialect}`, readers: 'everyone' });
    for (const m of [viewer, other, hiddenOne]) await join(m, cid);
    await block(viewer, hiddenOne.id);
    // 21 topics, the blocked member's among the newest 20 (topic budgets are per member: three authors).
    for (let i = 0; i < 9; i++) await postTopic(admin, cid, { title: `古い話${i}`, body: 'b' });
    for (let i = 0; i < 2; i++) await postTopic(viewer, cid, { title: `古い話b${i}`, body: 'b' });
    await postTopic(hiddenOne, cid, { title: '見えない話', body: 'b' });
    for (let i = 0; i < 9; i++) await postTopic(other, cid, { title: `新しい話${i}`, body: 'b' });
    const list = await viewer.go(`/communities/${cid}/topics`);
    expect(list.text).not.toContain('見えない話');
    expect(list.text).toContain(`/communities/${cid}/topics?page=2`);
    expect((await viewer.go(`/communities/${cid}/topics?page=2`)).text).toContain('古い話0');
    // 21 members (admin, three joined, 17 more), the blocked one among the first 20.
    const now = Date.now();
    for (let i = 0; i < 17; i++) {
      const id = await store().members.insert({ login: `next${dialect}${i}_${now}`, nickname: `後の人${i}`, passwordHash: 'x', birthDate: '1990-01-01', mail: null, mailVerifiedAt: now, status: 'active', invitedBy: null, createdAt: now });
      await store().communityMembers.add({ communityId: cid, memberId: id, role: 'member', joinedAt: now + 60_000 + i });
    }
    const members = await viewer.go(`/communities/${cid}/members`);
    expect(members.text).not.toContain(hiddenOne.nickname);
    expect(members.text).toContain(`/communities/${cid}/members?page=2`);
    expect((await viewer.go(`/communities/${cid}/members?page=2`)).text).toContain('後の人16');
  });

  it('a former member can no longer edit their topic nor add photos to it', async () => {
    const admin = await signedInMember(gw, 'pc');
    const q = await signedInMember(gw, 'pc');
    const cid = await createCommunity(admin, { name: `元メンバー${dialect}`, readers: 'everyone' });
    await join(q, cid);
    const qt = await postTopic(q, cid, { title: '在籍中の題', body: 'b' });
    await post(q, `/communities/${cid}/leave`);
    const e = await post(q, `/communities/${cid}/topics/${qt}/edit`, { title: '退会後に編集', body: 'b' });
    expect(e.status).toBeGreaterThanOrEqual(400);
    expect(e.status).toBeLessThan(500);
    const p = await post(q, `/communities/${cid}/topics/${qt}/photos`);
    expect(p.status).toBeGreaterThanOrEqual(400);
    expect(p.status).toBeLessThan(500);
    const page = await admin.go(`/communities/${cid}/topics/${qt}`);
    expect(page.text).toContain('在籍中の題');
    expect(page.text).not.toContain('退会後に編集');
  });
});

describe.each(dialects())('communities membership races (%s)', (dialect) => {
  const gw: TestGateway = gatewayForSuite(dialect);
  const store = () => gw.booted.services.store;

  // Races: no deterministic interleaving through the gateway, so each runs a bounded number of times.
  it('leaving while being banned never clears the ban; hand-over racing the heir leaving always leaves one admin', async () => {
    const admin = await signedInMember(gw, 'pc');
    const cid = await createCommunity(admin, { name: `退会競争${dialect}` });
    const ca = await csrfOf(admin);
    for (let i = 0; i < 6; i++) {
      const x = await signedInMember(gw, 'pc');
      await join(x, cid);
      const cx = await csrfOf(x);
      const [b, l] = await Promise.all([rawPost(admin, `/communities/${cid}/members/${x.id}/ban`, ca), rawPost(x, `/communities/${cid}/leave`, cx)]);
      const role = await store().communityMembers.role(cid, x.id);
      // Whoever won, the loser was told so: a ban answered 302 stands.
      expect([b.status, l.status, role]).toEqual(b.status === 302 ? [302, 404, 'banned'] : [404, 302, null]);
    }
    for (let i = 0; i < 6; i++) {
      const owner = await signedInMember(gw, 'pc');
      const cid2 = await createCommunity(owner, { name: `継承${dialect}${i}` });
      const heir = await signedInMember(gw, 'pc');
      await join(heir, cid2);
      const [co, ch] = [await csrfOf(owner), await csrfOf(heir)];
      await Promise.all([rawPost(owner, `/communities/${cid2}/members/${heir.id}/handover`, co), rawPost(heir, `/communities/${cid2}/leave`, ch)]);
      const admins = await store().communityMembers.list(cid2, ['admin'], 10, 0);
      const c = await store().communities.find(cid2);
      expect(admins.length).toBe(1);
      expect(c?.adminId).toBe(admins[0]!.memberId);
      expect(c?.status).toBe('open');
    }
  });

  it('approval racing a ban, and hand-over racing a sub-admin’s ban, end consistent', async () => {
    const admin = await signedInMember(gw, 'pc');
    const sub = await signedInMember(gw, 'pc');
    const cid = await createCommunity(admin, { name: `禁止${dialect}`, joinPolicy: 'approval' });
    await join(sub, cid);
    await post(admin, `/communities/${cid}/members/${sub.id}/approve`);
    await post(admin, `/communities/${cid}/members/${sub.id}/sub`);
    const [ca, cs] = [await csrfOf(admin), await csrfOf(sub)];
    for (let i = 0; i < 4; i++) {
      const x = await signedInMember(gw, 'pc');
      await join(x, cid);
      const [b] = await Promise.all([rawPost(admin, `/communities/${cid}/members/${x.id}/ban`, ca), rawPost(sub, `/communities/${cid}/members/${x.id}/approve`, cs)]);
      expect(b.status).toBe(302);
      expect(await store().communityMembers.role(cid, x.id)).toBe('banned');
    }
    const y = await signedInMember(gw, 'pc');
    await join(y, cid);
    await post(admin, `/communities/${cid}/members/${y.id}/approve`);
    await Promise.all([rawPost(admin, `/communities/${cid}/members/${y.id}/handover`, ca), rawPost(sub, `/communities/${cid}/members/${y.id}/ban`, cs)]);
    const c = await store().communities.find(cid);
    const yRole = await store().communityMembers.role(cid, y.id);
    const admins = await store().communityMembers.list(cid, ['admin'], 10, 0);
    expect(admins.map((a) => a.memberId)).toEqual([c!.adminId]);
    expect(yRole === 'admin' ? c!.adminId === y.id : yRole === 'banned' && c!.adminId === admin.id).toBe(true);
  });
});
