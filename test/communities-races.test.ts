import { Jimp } from 'jimp';
import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite, type TestGateway } from './support/gateway.js';
import { signedInMember } from './support/members.js';
import { createCommunity, csrfOf, join, postTopic, rawPost } from './support/communities.js';

const EVENT = { body: 'x', date: '2030-02-01', time: '10:00', place: '新宿' };

// Races cannot be interleaved deterministically through the gateway: each is run a bounded number of times.
describe.each(dialects())('community events, comments and photos under races (%s)', (dialect) => {
  const gw: TestGateway = gatewayForSuite(dialect);
  const store = () => gw.booted.services.store;

  it('everyone joining an event without capacity at once gets a place; two seats among many go to exactly two', async () => {
    const host = await signedInMember(gw, 'pc');
    const cid = await createCommunity(host, { name: `競争${dialect}` });
    const ms = await Promise.all(Array.from({ length: 16 }, () => signedInMember(gw, 'pc')));
    for (const m of ms) await join(m, cid);
    const cs = await Promise.all(ms.map((m) => csrfOf(m)));
    const free = await postTopic(host, cid, { title: '無制限', ...EVENT, capacity: '' }, 'event');
    const all = await Promise.all(ms.map((m, i) => rawPost(m, `/communities/${cid}/topics/${free}/join`, cs[i]!)));
    expect(all.map((r) => r.status)).toEqual(ms.map(() => 302));
    const page = await host.go(`/communities/${cid}/topics/${free}`);
    expect(page.text).toContain(`参加者: ${ms.length}人`);
    const two = await postTopic(host, cid, { title: '二席', ...EVENT, capacity: '2' }, 'event');
    const rs = await Promise.all(ms.map((m, i) => rawPost(m, `/communities/${cid}/topics/${two}/join`, cs[i]!)));
    expect(rs.filter((r) => r.status === 302).length).toBe(2);
    expect(rs.every((r) => r.status === 302 || r.status === 400)).toBe(true);
    expect((await host.go(`/communities/${cid}/topics/${two}`)).text).toContain('参加者: 2人 / 定員2人');
  });

  it('a capacity lowered below the participants lets nobody new in when a place frees', async () => {
    const host = await signedInMember(gw, 'pc');
    const ms = await Promise.all([1, 2, 3, 4, 5].map(() => signedInMember(gw, 'pc')));
    const cid = await createCommunity(host, { name: `定員${dialect}` });
    for (const m of ms) await join(m, cid);
    const eid = await postTopic(host, cid, { title: '四席', ...EVENT, capacity: '4' }, 'event');
    for (const m of ms.slice(0, 4)) expect((await rawPost(m, `/communities/${cid}/topics/${eid}/join`, await csrfOf(m))).status).toBe(302);
    await host.go(`/communities/${cid}/topics/${eid}/edit`);
    await host.h.submit(host.h.form('title'), { capacity: '2' });
    await rawPost(ms[0]!, `/communities/${cid}/topics/${eid}/cancel`, await csrfOf(ms[0]!));
    const late = ms[4]!;
    const page = await late.go(`/communities/${cid}/topics/${eid}`);
    expect(page.text).toContain('参加者: 3人 / 定員2人');
    expect(page.text).not.toContain('参加する');
    const r = await rawPost(late, `/communities/${cid}/topics/${eid}/join`, await csrfOf(late));
    expect(r.status).toBe(400);
    expect(r.text).toContain('定員に達しているため参加できません');
    expect((await host.go(`/communities/${cid}/topics/${eid}`)).text).toContain('参加者: 3人 / 定員2人');
  });

  it('a comment arriving while its topic is deleted gets a page, never a 5xx', async () => {
    const m = await signedInMember(gw, 'pc');
    const cid = await createCommunity(m, { name: `削除競争${dialect}` });
    const csrf = await csrfOf(m);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const tid = await postTopic(m, cid, { title: `t${i}`, body: 'b' });
      const rs = await Promise.all([rawPost(m, `/communities/${cid}/topics/${tid}/delete`, csrf), rawPost(m, `/communities/${cid}/topics/${tid}/comments`, csrf, { body: 'hello' })]);
      statuses.push(...rs.map((r) => r.status));
      expect(await store().communityTopics.find(tid)).toBeNull();
      expect(await store().communityComments.range(tid, 1, 10)).toEqual([]);
    }
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  });

  it('six photos sent at once to one topic: three kept, the rest refused', async () => {
    const author = await signedInMember(gw, 'pc');
    const cid = await createCommunity(author, { name: `写真競争${dialect}`, readers: 'community' });
    const tid = await postTopic(author, cid, { title: '写真つき', body: '見てください' });
    const csrf = await csrfOf(author);
    const png = await new Jimp({ width: 300, height: 200, color: 0x3366ffff }).getBuffer('image/png');
    const one = async () => {
      const fd = new FormData();
      fd.append('csrf', csrf);
      fd.append('photo', new Blob([png as Uint8Array<ArrayBuffer>]), 'photo.png');
      const req = new Request('http://x/', { method: 'POST', body: fd });
      return author.h.open('POST', `/communities/${cid}/topics/${tid}/photos`, new Uint8Array(await req.arrayBuffer()), req.headers.get('content-type')!, false);
    };
    const rs = await Promise.all([one(), one(), one(), one(), one(), one()]);
    expect(rs.filter((r) => r.status === 302).length).toBe(3);
    expect(rs.every((r) => r.status < 500)).toBe(true);
    const page = await author.go(`/communities/${cid}/topics/${tid}/photos`);
    expect(page.text).toContain('写真 3/3枚');
  });
});
