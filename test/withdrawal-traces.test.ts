import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { signedInMember } from './support/members.js';
import { createCommunity, join, postTopic } from './support/communities.js';

/** Words a member leaves in other people's communities: none readable once they have left. */
describe.each(dialects())('withdrawal leaves no words in communities (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect, { SEED_DEMO: '0' });

  it("erases the place of the member's events and the choices of their polls", async () => {
    const owner = await signedInMember(gw, 'pc');
    const leaver = await signedInMember(gw, 'docomo');
    const reader = await signedInMember(gw, 'au');
    const cid = await createCommunity(owner, { name: `退会の跡${dialect}` });
    await join(leaver, cid);
    await join(reader, cid);
    const event = await postTopic(leaver, cid, { title: 'オフ会', body: '集合', date: '2030-01-10', time: '19:00', place: '自宅一丁目ハイツ', capacity: '' }, 'event');
    const poll = await postTopic(leaver, cid, { title: '質問', body: 'どれ?', choices: '秘密の選択肢甲\n秘密の選択肢乙', deadline: '' }, 'poll');
    await reader.go(`/communities/${cid}/topics/${event}`);
    expect(reader.h.last.text).toContain('自宅一丁目ハイツ');

    await leaver.go('/settings/withdraw');
    await leaver.h.submit(leaver.h.form('current'), { confirm: '1', current: 'member-pass' });
    expect(await gw.booted.services.members.byId(leaver.id)).toMatchObject({ status: 'withdrawn' });

    for (const [tid, words] of [[event, ['自宅一丁目ハイツ', 'オフ会']], [poll, ['秘密の選択肢甲', '秘密の選択肢乙', '質問']]] as const) {
      const page = await reader.go(`/communities/${cid}/topics/${tid}`);
      expect(page.status).toBeLessThan(500);
      for (const w of words) expect(page.text, w).not.toContain(w);
    }
  });
});
