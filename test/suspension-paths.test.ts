import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { CARRIER_IP, Handset } from './support/handset.js';
import { signedInMember } from './support/members.js';
import { press, staffSession } from './support/staff.js';

const clock = { t: Date.parse('2026-11-18T03:00:00Z'), now() { return this.t; } };

/**
 * Paths that carry no session (a game movie sends its score with its play token only): a member
 * suspended or gone since the play began records nothing there either.
 */
describe.each(dialects())('sessionless paths after suspension or withdrawal (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect, { SEED_DEMO: '0' }, clock);

  async function startPlay(m: Awaited<ReturnType<typeof signedInMember>>) {
    await m.go('/games/mash');
    await m.h.follow(/\/games\/mash\/play/);
    const swfUrl = /<object[^>]*data="([^"]+)"/.exec(m.h.last.text)![1]!.replace(/&amp;/g, '&');
    const swf = await m.h.get(swfUrl);
    return /\/games\/mash\/score\?t=[A-Za-z0-9_-]+&s=/.exec(Buffer.from(swf.bytes).toString('latin1'))![0];
  }
  const sendScore = async (url: string) => {
    const page = await new Handset(gw, 'DoCoMo/2.0 P903i(c100;TB;W24H12)', { ip: CARRIER_IP.docomo }).get(url, false);
    return { status: page.status, vars: Object.fromEntries(new URLSearchParams(page.text)) };
  };
  async function rankingSeenBy(score: number) {
    const other = await signedInMember(gw, 'docomo', { createdAt: clock.now() });
    await other.go('/games/mash/ranking');
    expect(other.h.last.status).toBe(200);
    return other.h.last.text.includes(`${score}`);
  }

  it('refuses the score of a play whose member was suspended meanwhile', async () => {
    const m = await signedInMember(gw, 'docomo', { nickname: '停止連打', createdAt: clock.now() });
    const submit = await startPlay(m);
    const admin = await staffSession(gw, 'admin');
    await admin.h.get(`/staff/members/${m.id}`);
    await press(admin.h, /\/suspend$/, { reason: '迷惑行為' });
    clock.t += 11_000;
    const sent = await sendScore(`${submit}147`);
    expect(sent.status).toBe(400);
    expect(sent.vars.state).toBe('4');
    expect(await rankingSeenBy(147)).toBe(false);
  });

  it('refuses the score of a play whose member has left meanwhile', async () => {
    const m = await signedInMember(gw, 'docomo', { nickname: '退会連打', createdAt: clock.now() });
    const submit = await startPlay(m);
    await m.go('/settings/withdraw');
    await m.h.submit(m.h.form('current'), { confirm: '1', current: 'member-pass' });
    expect(m.h.last.text).toContain('退会');
    expect(await gw.booted.services.members.byId(m.id)).toMatchObject({ status: 'withdrawn' });
    clock.t += 11_000;
    const sent = await sendScore(`${submit}149`);
    expect(sent.status).toBe(400);
    expect(await rankingSeenBy(149)).toBe(false);
  });
});
