import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { signedInMember, type HandsetKind } from './support/members.js';
import { ALL_COMPANY } from './support/billing.js';

const clock = { t: Date.parse('2026-11-18T03:00:00Z'), now() { return this.t; } };

describe.each(dialects())('issue 14 small fixes (%s)', (dialect) => {
  // The sandbox's page wording is the same under every protocol; the payment company's needs no subscriber ID.
  const gw = gatewayForSuite(dialect, { ...ALL_COMPANY }, clock);
  const s = () => gw.booted.services;

  it.each<HandsetKind>(['docomo', 'au', 'softbank', 'pc'])('shows 申請中 after a マイミク request (%s): no second button, and a stale form ends on the profile, not a 409', async (kind) => {
    const a = await signedInMember(gw, kind, { createdAt: clock.now() });
    const b = await signedInMember(gw, 'pc', { nickname: `相手${kind}`, createdAt: clock.now() });
    await a.go(`/members/${b.id}`);
    expect(a.h.last.text).toContain('マイミクに追加');
    await a.h.follow(/\/friend-request/);
    const stale = a.h.form('message');
    await a.h.submit(stale, { message: 'よろしく' });
    expect(a.h.last.status).toBe(200);
    expect(a.h.last.url).toMatch(new RegExp(`/members/${b.id}`));
    expect(a.h.last.text).toContain('マイミク申請中');
    expect(a.h.last.text).not.toContain('マイミクに追加');
    // The request page again (a bookmark, back button) and a second form: the profile, never 409.
    await a.go(`/members/${b.id}/friend-request`);
    expect(a.h.last.status).toBe(200);
    expect(a.h.last.text).toContain('マイミク申請中');
    await a.go(`/members/${b.id}`);
    const csrf = /name="csrf" value="([^"]+)"/.exec(a.h.last.text)![1]!;
    const sid = new URL(a.home, gw.origin).searchParams.get('sid');
    const again = await a.h.open('POST', `/members/${b.id}/friend-request${sid ? `?sid=${sid}` : ''}`, new URLSearchParams({ csrf, message: 'again', ...(sid ? { sid } : {}) }).toString(), 'application/x-www-form-urlencoded');
    expect(again.status).toBe(200);
    expect(again.text).toContain('マイミク申請中');
    expect((await s().friends.pending(b.id)).length).toBe(1);
  });

  it('says 解約せずに on the sandbox carrier’s cancellation page (購入せずに only when buying)', async () => {
    const m = await signedInMember(gw, 'docomo', { createdAt: clock.now() });
    // docomo's billing page knows the subscriber only by the ID its gateway sends (guid=ON).
    m.h.o.subscriber = ['X-DCMGUID', 'SMFIX01'];
    const confirm = async (op: 'join' | 'cancel') => {
      await m.go('/course');
      const redirect = await m.h.submit(m.h.formTo(new RegExp(`/course/${op}`)), {}, false);
      return m.h.get(redirect.headers.get('location')!);
    };
    const join = await confirm('join');
    expect(join.text).toContain('購入せずにサイトへ戻る');
    await m.h.submit(m.h.form('password'), { password: '1234' });
    const cancel = await confirm('cancel');
    expect(cancel.text).toContain('解約の確認');
    expect(cancel.text).toContain('解約せずにサイトへ戻る');
    expect(cancel.text).not.toContain('購入');
  });

  it('seeds different demo scores in the two games (each within what its rules allow)', async () => {
    const m = await signedInMember(gw, 'au', { createdAt: clock.now() });
    const rankings: string[] = [];
    for (const game of ['mash', 'number']) {
      await m.go(`/games/${game}/ranking?p=all`);
      rankings.push([...m.h.last.text.matchAll(/位 ([^<]+?) (\d+)回/g)].map((x) => `${x[1]}:${x[2]}`).join(','));
    }
    expect(rankings[0]).toContain('auの花子:102');
    expect(rankings[1]).toContain('ソフトバンク次郎:52');
    expect(rankings[0]).not.toBe(rankings[1]);
    for (const score of rankings[1]!.split(',').map((x) => Number(x.split(':')[1]))) expect(score).toBeLessThanOrEqual(6 * 15);
  });
});
