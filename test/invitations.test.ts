import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { CARRIER_IP, Handset, UA } from './support/handset.js';
import { signedInMember, type HandsetKind } from './support/members.js';
import { createMailer } from '../mail/mailer.js';

const clock = { t: Date.parse('2026-11-18T03:00:00Z'), now() { return this.t; } };
let seq = 0;

describe.each(dialects())('invitations by mail (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect, { SEED_DEMO: '0' }, clock);
  const s = () => gw.booted.services;
  const mailTo = (to: string) => [...gw.mails].reverse().find((m) => m.to === to);

  async function invite(m: Awaited<ReturnType<typeof signedInMember>>, to: string) {
    await m.go('/invite');
    await m.h.submit(m.h.form('mail'), { mail: to });
    return m.h.last;
  }

  /** Joins from the invitation mail's link, verifies the address, and returns the new member's id. */
  async function joinFrom(to: string, h = new Handset(gw, UA.pc, { keepsCookies: true })) {
    const link = /https?:\/\/\S+\/register\?code=[\w-]+/.exec(mailTo(to)!.text)![0];
    await h.get(new URL(link).pathname + new URL(link).search);
    const login = `invited_${++seq}_${dialect}`;
    await h.submit(h.form('nickname'), { nickname: `招かれ${seq}`, birthDate: '19900401', login, password: 'invited-pass', mail: to });
    if (h.last.status !== 200) return { status: h.last.status, text: h.last.text, id: null };
    const verify = /https?:\/\/\S+\/register\/verify\?token=[\w-]+/.exec(mailTo(to)!.text)![0];
    await h.get(new URL(verify).pathname + new URL(verify).search);
    await h.submit(h.formTo(/\/register\/verify/), {});
    return { status: h.last.status, text: h.last.text, id: (await s().store.members.findByLogin(login))!.id, h };
  }

  it.each<[HandsetKind, string, RegExp]>([
    ['docomo', 'tomo.au@ezweb.ne.jp', /charset="?ISO-2022-JP/i],
    ['au', 'tomo..docomo.@docomo.ne.jp', /charset="?Shift_JIS/i],
    ['pc', 'tomo.softbank@softbank.ne.jp', /charset="?UTF-8/i],
    ['softbank', 'tomo@example.com', /charset="?UTF-8/i],
  ])('sends an invitation from %s to %s in that phone’s charset; on joining the two are マイミク', async (kind, rawTo, charset) => {
    const to = rawTo.replace('tomo', `tomo${++seq}`);
    const inviter = await signedInMember(gw, kind, { nickname: `招く人${kind}`, createdAt: clock.now() });
    const sent = await invite(inviter, to);
    expect(sent.status).toBe(200);
    expect(sent.text).toContain(`${to} に招待メールを送りました`);
    const mail = mailTo(to)!;
    expect(mail.subject).toContain(`招く人${kind}さんから招待が届きました`);
    expect(mail.text).toContain(`招く人${kind}さんとマイミクになります`);
    // Written by the real mailer in the receiving phone's charset (carrier mail facts).
    const dir = mkdtempSync(join(tmpdir(), 'invite-mail-'));
    await createMailer({ smtpUrl: null, outbox: dir, from: 'noreply@ashiato.test' }).send(mail);
    expect(readFileSync(join(dir, readdirSync(dir)[0]!), 'latin1')).toMatch(charset);
    rmSync(dir, { recursive: true, force: true });

    const joined = await joinFrom(to);
    expect(joined.status).toBe(200);
    expect(await s().store.friendships.areFriends(inviter.id, joined.id!)).toBe(true);
    await inviter.go(`/members/${inviter.id}/friends`);
    expect(inviter.h.last.text).toContain(`招かれ${seq}`);
  });

  it('lets a mailed code be used once and only for 30 days', async () => {
    const inviter = await signedInMember(gw, 'pc', { createdAt: clock.now() });
    const to = `once${++seq}@example.com`;
    await invite(inviter, to);
    const link = /https?:\/\/\S+\/register\?code=[\w-]+/.exec(mailTo(to)!.text)![0];
    expect((await joinFrom(to)).status).toBe(200);
    const h = new Handset(gw, UA.pc, { keepsCookies: true });
    const second = await h.get(new URL(link).pathname + new URL(link).search);
    expect(second.status).toBe(410);
    expect(second.text).toContain('使える回数に達しました');

    const later = `later${++seq}@example.com`;
    await invite(inviter, later);
    clock.t += 31 * 86_400_000;
    const stale = /https?:\/\/\S+\/register\?code=[\w-]+/.exec(mailTo(later)!.text)![0];
    const expired = await h.get(new URL(stale).pathname + new URL(stale).search);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('有効期限が切れています');
  });

  it('refuses a bad address and more than ten invitations a day', async () => {
    const inviter = await signedInMember(gw, 'au', { createdAt: clock.now() });
    expect((await invite(inviter, 'not an address')).status).toBe(400);
    for (let i = 0; i < 10; i++) expect((await invite(inviter, `many${i}-${seq}@example.com`)).status).toBe(200);
    const over = await invite(inviter, `eleventh-${seq}@example.com`);
    expect(over.status).toBe(429);
    expect(over.text).toContain('今日はこれ以上招待できません');
  });

  it('never lets a password-reset link complete a join or sign anyone in', async () => {
    const m = await signedInMember(gw, 'pc', { mail: `reset-join${++seq}@example.com`, createdAt: clock.now() });
    const h = new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo });
    await h.get('/password/reset');
    await h.submit(h.form('who'), { who: m.login });
    const token = /token=([\w-]+)/.exec(mailTo(`reset-join${seq}@example.com`)!.text)![1]!;
    expect((await h.get(`/register/verify?token=${token}`)).status).toBe(400);
    const pc = new Handset(gw, UA.pc, { keepsCookies: true });
    await pc.get('/register?code=x');
    const csrf = pc.form('nickname').fields.csrf!;
    const posted = await pc.open('POST', '/register/verify', new URLSearchParams({ csrf, token }).toString(), 'application/x-www-form-urlencoded');
    expect(posted.status).toBe(400);
    await pc.get('/');
    expect(pc.signedIn()).toBe(false);
  });
});
