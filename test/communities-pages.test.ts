import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite, type TestGateway } from './support/gateway.js';
import { signedInMember } from './support/members.js';
import { Handset, UA } from './support/handset.js';
import { createCommunity, join, postTopic } from './support/communities.js';

const LIMIT_501 = 5120;

/** Every split page of one address on a 5 KB handset: each within the limit; their text together. */
async function allSplits(get: (path: string) => Promise<{ status: number; bytes: Uint8Array; text: string }>, path: string): Promise<string> {
  let text = '';
  for (let n = 1; n < 100; n++) {
    const r = await get(`${path}${path.includes('?') ? '&' : '?'}pg=${n}`);
    expect([path, n, r.status]).toEqual([path, n, 200]);
    expect(r.bytes.length).toBeLessThanOrEqual(LIMIT_501);
    text += r.text;
    if (!r.text.includes(`pg=${n + 1}`)) return text;
  }
  throw new Error(`${path}: too many split pages`);
}

describe.each(dialects())('community pages on a 5 KB handset (%s)', (dialect) => {
  const gw: TestGateway = gatewayForSuite(dialect);
  const store = () => gw.booted.services.store;
  const bulkMember = async (tag: string, i: number) => {
    const now = Date.now();
    return store().members.insert({ login: `${tag}${dialect}${i}_${now}`, nickname: `とても長いニックネームの人${i}`, passwordHash: 'x', birthDate: '1990-01-01', mail: null, mailVerifiedAt: now, status: 'active', invitedBy: null, createdAt: now });
  };

  it('a poll with ten 30-character choices keeps every vote button on a docomo 501', async () => {
    const admin = await signedInMember(gw, 'pc');
    const voter = await signedInMember(gw, 'docomo', { ua: UA.docomo501 });
    const cid = await createCommunity(admin, { name: 'と'.repeat(50), readers: 'everyone' });
    await join(voter, cid);
    const choices = Array.from({ length: 10 }, (_, i) => `${i}${'選'.repeat(29)}`).join('\n');
    const pid = await postTopic(admin, cid, { title: 'た'.repeat(50), body: 'b', choices, deadline: '2030-01-01' }, 'poll');
    const text = await allSplits((p) => voter.go(p), `/communities/${cid}/topics/${pid}`);
    expect(text).not.toContain('大きすぎる');
    expect((text.match(/\/vote/g) ?? []).length).toBe(10);
    expect(text).toContain(`9${'選'.repeat(29)}`);
  });

  it('an event with 120 participants keeps its join button and paged participant names', async () => {
    const host = await signedInMember(gw, 'pc');
    const cid = await createCommunity(host, { name: `大イベント${dialect}`, readers: 'everyone' });
    const m = await signedInMember(gw, 'docomo', { ua: UA.docomo501 });
    await join(m, cid);
    const eid = await postTopic(host, cid, { title: '大集会', body: 'x', date: '2030-02-01', time: '10:00', place: '新宿', capacity: '' }, 'event');
    for (let i = 0; i < 120; i++) await store().communityEvents.take(eid, await bulkMember('ev', i), i + 1, Date.now() + i);
    const text = await allSplits((p) => m.go(p), `/communities/${cid}/topics/${eid}`);
    expect(text).not.toContain('大きすぎる');
    expect(text).toContain('参加者: 120人');
    expect(text).toContain(`/topics/${eid}/join`);
    // The event page names the first 20; the list pages through all of them (guests too, in an open community).
    expect(text).toContain('ニックネームの人19<');
    expect(text).not.toContain('ニックネームの人20<');
    expect(text).toContain(`/topics/${eid}/participants`);
    let names = '';
    for (let page = 1; page < 20; page++) {
      const t = await allSplits((p) => m.go(p), `/communities/${cid}/topics/${eid}/participants?page=${page}`);
      names += t;
      if (!t.includes(`page=${page + 1}`)) break;
    }
    for (let i = 0; i < 120; i++) expect(names).toContain(`ニックネームの人${i}<`);
    const guest = new Handset(gw, UA.docomo501, { ip: '210.153.84.1' });
    const pc = await new Handset(gw, UA.pc).get(`/communities/${cid}/topics/${eid}/participants?page=6`);
    expect(pc.text).toContain('ニックネームの人119<');
    const g = await allSplits((p) => guest.get(p), `/communities/${cid}/topics/${eid}`);
    expect(g).not.toContain('大きすぎる');
  });

  it('fifty requests and fifty bans: the administrator can act on each of them, page by page', async () => {
    const admin = await signedInMember(gw, 'docomo', { ua: UA.docomo501 });
    const cid = await createCommunity(admin, { name: `大所帯${dialect}`.repeat(3), joinPolicy: 'approval' });
    const ids: number[] = [];
    for (let i = 0; i < 130; i++) {
      const id = await bulkMember('bulk', i);
      ids.push(id);
      await store().communityMembers.add({ communityId: cid, memberId: id, role: i < 30 ? 'member' : i < 80 ? 'pending' : 'banned', joinedAt: Date.now() + i });
    }
    let text = '';
    for (let page = 1; page < 20; page++) {
      const t = await allSplits((p) => admin.go(p), `/communities/${cid}/members?page=${page}`);
      text += t;
      if (!t.includes(`page=${page + 1}`)) break;
    }
    expect(text).not.toContain('大きすぎる');
    for (const id of ids.slice(30, 80)) expect(text).toContain(`/members/${id}/approve`);
    for (const id of ids.slice(80)) expect(text).toContain(`/members/${id}/unban`);
  });
});
