import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { signedInMember } from './support/members.js';
import { press, staffSession } from './support/staff.js';

/** Content held by an NG word or hidden by staff leaves no trace for others: not even a count. */
describe.each(dialects())('hidden content leaves no trace (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect, { SEED_DEMO: '0' });
  const s = () => gw.booted.services;

  it('does not announce a held or hidden message on the receiver\'s top page', async () => {
    const admin = await staffSession(gw, 'admin');
    await admin.h.get('/staff/ng-words');
    await admin.h.submit(admin.h.formTo(/\/staff\/ng-words$/), { word: 'もうかる話', action: 'hold' });
    const a = await signedInMember(gw, 'docomo');
    const b = await signedInMember(gw, 'au');
    await s().store.friendships.befriend(a.id, b.id, Date.now());

    await a.go(`/messages/new?to=${b.id}`);
    await a.h.submit(a.h.form('body'), { subject: 'やあ', body: 'モウカル話があるよ' });
    expect(a.h.last.status).toBe(200);
    await b.go('/');
    expect(b.h.last.text).not.toContain('新着メッセージ');
    await b.go('/messages');
    expect(b.h.last.text).not.toContain('やあ');

    // Released by staff, it arrives; a message hidden by staff disappears from the count again.
    await admin.h.get('/staff/hidden?reason=held');
    const held = /\/staff\/content\/message\/(\d+)\/restore/.exec(admin.h.last.text)![1]!;
    await press(admin.h, new RegExp(`/staff/content/message/${held}/restore$`));
    await b.go('/');
    expect(b.h.last.text).toContain('新着メッセージが1件あります');
    await s().moderation.hide({ id: admin.id, login: admin.login, name: 'admin', role: 'admin' }, 'message', Number(held), null);
    await b.go('/');
    expect(b.h.last.text).not.toContain('新着メッセージ');
  });
});
