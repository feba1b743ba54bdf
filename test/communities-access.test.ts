import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { Handset, UA, parseForms } from './support/handset.js';
import { signedInMember } from './support/members.js';
import { comment, createCommunity, join, postTopic } from './support/communities.js';

describe.each(dialects())('community visibility, events and polls (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect);
  let seq = 0;

  it('applies readers, bans and blocks to the list, topics, events, polls, search and the top page', async () => {
    const tag = `可視${dialect}${++seq}`;
    const author = await signedInMember(gw, 'pc', { nickname: `書いた人${tag}` });
    const levels = ['everyone', 'members', 'community'] as const;
    const made: Record<string, { cid: number; topic: number; event: number; poll: number }> = {};
    for (const readers of levels) {
      const cid = await createCommunity(author, { name: `${tag}${readers}会`, readers });
      const topic = await postTopic(author, cid, { title: `${readers}の話題`, body: `${readers}本文` });
      const event = await postTopic(author, cid, { title: `${readers}の集まり`, body: '集合', date: '2030-01-10', time: '19:00', place: '渋谷', capacity: '' }, 'event');
      const poll = await postTopic(author, cid, { title: `${readers}の質問`, body: 'どれ?', choices: 'はい\nいいえ', deadline: '' }, 'poll');
      made[readers] = { cid, topic, event, poll };
    }
    const stranger = await signedInMember(gw, 'pc');
    const insider = await signedInMember(gw, 'pc');
    const banned = await signedInMember(gw, 'pc');
    const blocked = await signedInMember(gw, 'pc');
    for (const m of [insider, banned, blocked]) for (const r of levels) await join(m, made[r]!.cid);
    for (const r of levels) {
      await author.go(`/communities/${made[r]!.cid}/members`);
      await author.h.submit(author.h.formTo(new RegExp(`/members/${banned.id}/ban$`)), {});
    }
    // The block: the community member blocks the author from the author's profile.
    await blocked.go(`/members/${author.id}`);
    await blocked.h.submit(blocked.h.formTo(/\/block$/), {});
    const guest = new Handset(gw, UA.pc);
    const viewers = { guest: { get: (p: string) => guest.get(p) }, stranger: { get: stranger.go }, insider: { get: insider.go }, banned: { get: banned.go }, blocked: { get: blocked.go } };
    const readable: Record<keyof typeof viewers, readonly string[]> = {
      guest: ['everyone'],
      stranger: ['everyone', 'members'],
      insider: ['everyone', 'members', 'community'],
      banned: [],
      blocked: [],
    };
    const listed: Record<keyof typeof viewers, readonly string[]> = { guest: ['everyone'], stranger: levels, insider: levels, banned: [], blocked: levels };
    for (const [name, v] of Object.entries(viewers) as [keyof typeof viewers, (typeof viewers)['guest']][]) {
      for (const r of levels) {
        const x = made[r]!;
        for (const [part, id] of [['topic', x.topic], ['event', x.event], ['poll', x.poll]] as const) {
          const page = await v.get(`/communities/${x.cid}/topics/${id}`);
          const ok = readable[name].includes(r);
          expect([name, r, part, page.status]).toEqual([name, r, part, ok ? 200 : 404]);
          if (!ok) expect(page.text).not.toContain(`${r}の`);
        }
        const list = await v.get(`/communities/${x.cid}/topics`);
        expect([name, r, 'list', list.text.includes(`${r}の話題`)]).toEqual([name, r, 'list', readable[name].includes(r)]);
      }
      const found = await v.get(`/communities?q=${encodeURIComponent(tag)}`);
      expect([name, levels.filter((r) => found.text.includes(`${tag}${r}会`))]).toEqual([name, listed[name]]);
      if (name === 'blocked' || name === 'banned') expect(found.text).not.toContain(author.nickname);
      const top = await v.get('/');
      expect([name, 'top', levels.filter((r) => top.text.includes(`${r}の質問`))]).toEqual([name, 'top', name === 'insider' ? levels : []]);
    }
    // The blocked member sees the communities but never the author's name, and the author never sees theirs.
    for (const r of levels) {
      const front = await blocked.go(`/communities/${made[r]!.cid}`);
      expect(front.status).toBe(200);
      expect(front.text).not.toContain(author.nickname);
      const members = await author.go(`/communities/${made[r]!.cid}/members`);
      expect(members.text).not.toContain(blocked.nickname);
      expect(members.text).toContain(insider.nickname);
    }
    // A comment by the blocked member is absent for the author (and the insider sees it).
    const cid = made.everyone!.cid;
    const shared = await postTopic(insider, cid, { title: `みんなの話題${tag}`, body: 'どうぞ' });
    await comment(blocked, cid, shared, `ブロックした人の声${tag}`);
    await comment(author, cid, shared, `書いた人の声${tag}`);
    expect((await insider.go(`/communities/${cid}/topics/${shared}`)).text).toContain(`ブロックした人の声${tag}`);
    const seenByAuthor = await author.go(`/communities/${cid}/topics/${shared}`);
    expect(seenByAuthor.text).not.toContain(`ブロックした人の声${tag}`);
    expect(seenByAuthor.text).not.toContain(blocked.nickname);
    const seenByBlocked = await blocked.go(`/communities/${cid}/topics/${shared}`);
    expect(seenByBlocked.text).not.toContain(`書いた人の声${tag}`);
    expect(seenByBlocked.text).toContain(`ブロックした人の声${tag}`);
  });

  it('gives the last place of an event to exactly one of two members taking it at once', async () => {
    const host = await signedInMember(gw, 'pc');
    const cid = await createCommunity(host, { name: `競争${dialect}` });
    for (let round = 0; round < 3; round++) {
      const a = await signedInMember(gw, 'pc', { nickname: `走る人A${round}` });
      const b = await signedInMember(gw, 'au', { nickname: `走る人B${round}` });
      await join(a, cid);
      await join(b, cid);
      const eid = await postTopic(host, cid, { title: `残り1席${round}`, body: '先着', date: '2030-02-01', time: '10:00', place: '新宿', capacity: '2' }, 'event');
      await host.go(`/communities/${cid}/topics/${eid}`);
      await host.h.submit(host.h.formTo(/\/join(\?|$)/), {});
      await a.go(`/communities/${cid}/topics/${eid}`);
      await b.go(`/communities/${cid}/topics/${eid}`);
      const [fa, fb] = [a.h.formTo(/\/join(\?|$)/), b.h.formTo(/\/join(\?|$)/)];
      const [ra, rb] = await Promise.all([a.h.submit(fa, {}), b.h.submit(fb, {})]);
      const outcomes = [ra.status, rb.status].sort();
      expect(outcomes).toEqual([200, 400]);
      const loser = ra.status === 400 ? ra : rb;
      expect(loser.text).toContain('定員に達しているため参加できません');
      const page = await host.go(`/communities/${cid}/topics/${eid}`);
      expect(page.text).toContain('参加者: 2人 / 定員2人');
      expect([page.text.includes(`走る人A${round}`), page.text.includes(`走る人B${round}`)].filter(Boolean)).toHaveLength(1);
    }
  });

  it('refuses a second seat at the same place in the database itself', async () => {
    const s = gw.booted.services.store;
    const now = Date.now();
    expect(await s.communityEvents.take(999_001, 1, 1, now)).toBe(true);
    expect(await s.communityEvents.take(999_001, 2, 1, now)).toBe(false);
    expect(await s.communityPolls.vote(999_001, 1, 1, now)).toBe(true);
    expect(await s.communityPolls.vote(999_001, 1, 2, now)).toBe(false);
  });

  it('takes one vote per member and shows results only after voting', async () => {
    const host = await signedInMember(gw, 'pc');
    const voter = await signedInMember(gw, 'softbank');
    const cid = await createCommunity(host, { name: `投票${dialect}` });
    await join(voter, cid);
    const pid = await postTopic(host, cid, { title: '好きな色', body: '選んでください', choices: '赤\n青\n緑', deadline: '2030-12-31' }, 'poll');
    const before = await voter.go(`/communities/${cid}/topics/${pid}`);
    expect(before.text).toContain('結果は投票後');
    expect(before.text).not.toContain('合計');
    const votes = parseForms(before.text).filter((f) => f.action.includes('/vote'));
    expect(votes).toHaveLength(3);
    await voter.h.submit(votes[1]!, {});
    expect(voter.h.last.status).toBe(200);
    expect(voter.h.last.text).toContain('青(投票済)');
    expect(voter.h.last.text).toContain('合計1票');
    // A second vote, sent by hand with a fresh form's tokens, is refused.
    await voter.go(`/communities/${cid}/topics/${pid}`);
    const again = await voter.h.submit({ ...voter.h.form('body'), action: votes[0]!.action }, { choice: '1' });
    expect(again.status).toBe(400);
    expect(again.text).toContain('投票は1人1回までです');
    expect(again.text).toContain('合計1票');
  });

  it('frees a place when a participant cancels, and takes no one after the deadline', async () => {
    const host = await signedInMember(gw, 'pc');
    const a = await signedInMember(gw, 'docomo', { nickname: '取り消す人' });
    const b = await signedInMember(gw, 'pc', { nickname: '次の人' });
    const cid = await createCommunity(host, { name: `取消${dialect}` });
    for (const m of [a, b]) await join(m, cid);
    const eid = await postTopic(host, cid, { title: '1席だけ', body: 'x', date: '2030-03-01', time: '18:00', place: '池袋', capacity: '1' }, 'event');
    await a.go(`/communities/${cid}/topics/${eid}`);
    await a.h.submit(a.h.formTo(/\/join(\?|$)/), {});
    expect(a.h.last.text).toContain('参加者: 1人 / 定員1人');
    await b.go(`/communities/${cid}/topics/${eid}`);
    expect(b.h.last.text).not.toContain('value="参加する"');
    await a.go(`/communities/${cid}/topics/${eid}`);
    await a.h.submit(a.h.formTo(/\/cancel(\?|$)/), {});
    await b.go(`/communities/${cid}/topics/${eid}`);
    await b.h.submit(b.h.formTo(/\/join(\?|$)/), {});
    expect(b.h.last.text).toContain('次の人');
    expect(b.h.last.text).not.toContain('取り消す人');
    const s = gw.booted.services.store;
    const now = Date.now();
    const late = await s.communityTopics.insert({ communityId: cid, authorId: host.id, kind: 'event', title: '締切済み', body: 'x', commentCount: 0, lastCommentAt: now, eventAt: now + 86_400_000, place: '上野', deadline: now - 1000, capacity: null, createdAt: now, updatedAt: now });
    await b.go(`/communities/${cid}/topics/${late}`);
    expect(b.h.last.text).not.toContain('value="参加する"');
    const sent = await b.h.submit({ ...b.h.form('body'), action: `/communities/${cid}/topics/${late}/join` }, {});
    expect(sent.status).toBe(400);
    expect(sent.text).toContain('締め切りを過ぎています');
  });

  it('keeps a long topic and its long comments within each small handset\'s page limit', async () => {
    const author = await signedInMember(gw, 'pc');
    const cid = await createCommunity(author, { name: `長文${dialect}`, readers: 'everyone' });
    const tid = await postTopic(author, cid, { title: '長い話🍙'.repeat(8), body: Array.from({ length: 400 }, (_, i) => `${i}行目の本文です☀️`).join('\n') });
    for (let i = 0; i < 22; i++) await comment(author, cid, tid, `>>${i} ${'長いコメント🍛'.repeat(140)}`);
    for (const [ua, limit] of [[UA.docomo501, 5120], [UA.jphone, 6144]] as const) {
      const h = new Handset(gw, ua, { ip: ua === UA.jphone ? '123.108.237.1' : '210.153.84.1' });
      for (const page of [1, 2]) {
        let n = 1;
        let text = '';
        for (; n < 80; n++) {
          await h.get(`/communities/${cid}/topics/${tid}?page=${page}&pg=${n}`);
          expect([ua, page, n, h.last.status]).toEqual([ua, page, n, 200]);
          expect(h.last.bytes.length).toBeLessThanOrEqual(limit);
          text += h.last.text;
          if (!h.last.text.includes(`pg=${n + 1}`)) break;
        }
        expect(n).toBeGreaterThan(2);
        // Every comment of the page arrives whole across the split pages (none replaced by a notice).
        for (const k of page === 1 ? [1, 10, 20] : [21, 22]) expect([ua, k, text.includes(`[${k}]`)]).toEqual([ua, k, true]);
        expect(text.split('長いコメント').length - 1).toBe((page === 1 ? 20 : 2) * 140);
      }
    }
  });
});
