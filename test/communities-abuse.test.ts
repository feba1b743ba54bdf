import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite, type TestGateway } from './support/gateway.js';
import { signedInMember } from './support/members.js';
import { createCommunity, join, postTopic } from './support/communities.js';

type M = Awaited<ReturnType<typeof signedInMember>>;

/** The session's csrf token (from the community form), for posting by hand. */
async function csrfOf(m: M) {
  await m.go('/communities/new');
  return m.h.form('name').fields.csrf!;
}
/** POSTs a form by hand, as a handset replaying it would (no once-token, no redirect followed). */
async function rawPost(m: M, path: string, csrf: string, fields: Record<string, string> = {}) {
  const body = new URLSearchParams({ csrf, ...fields }).toString();
  return m.h.open('POST', path, body, 'application/x-www-form-urlencoded', false);
}
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
