import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { CARRIER_IP, Handset, UA } from './support/handset.js';
import { handsetOf, signedInMember } from './support/members.js';
import { staffSession } from './support/staff.js';

const clock = { t: Date.parse('2026-11-18T03:00:00Z'), now() { return this.t; } };

/**
 * Links by mail outliving the credential they were asked under: a thief who knew the password
 * must not keep a way back in once the owner resets it, changes it or moves the mail address.
 */
describe.each(dialects())('account links superseded (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect, { SEED_DEMO: '0' }, clock);
  const s = () => gw.booted.services;
  const lastMailTo = (to: string) => [...gw.mails].reverse().find((m) => m.to === to);
  const linkIn = (to: string, path: string) => {
    const url = new RegExp(`https?://\\S+${path.replace('/', '\\/')}\\?token=[\\w-]+`).exec(lastMailTo(to)?.text ?? '')?.[0];
    if (!url) throw new Error(`no ${path} mail to ${to}`);
    return new URL(url).pathname + new URL(url).search;
  };
  let seq = 0;
  const addr = (name: string, domain = 'docomo.ne.jp') => `${name}${++seq}.${dialect}@${domain}`;

  async function askReset(who: string) {
    const phone = new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo });
    await phone.get('/password/reset');
    await phone.submit(phone.form('who'), { who });
    expect(phone.last.text).toContain('再設定用のURLを送りました');
  }

  it("kills a thief's pending mail change when the owner resets the password", async () => {
    const mail = addr('owner');
    const thiefMail = addr('thief', 'example.com');
    const m = await signedInMember(gw, 'pc', { mail, createdAt: clock.now() });
    // The thief, signed in with the stolen password, asks to move the address to their own.
    const thief = handsetOf(gw, 'pc');
    await thief.passwordLogin(m.login, 'member-pass');
    await thief.get('/settings/mail');
    await thief.submit(thief.form('mail'), { mail: thiefMail, current: 'member-pass' });
    expect(thief.last.text).toContain('確認のメールを送りました');
    const stolen = linkIn(thiefMail, '/mail/verify');

    // The owner resets the password by the link to the real address.
    await askReset(mail);
    const phone = new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo });
    await phone.get(linkIn(mail, '/password/reset'));
    await phone.submit(phone.form('password'), { password: 'owner-new-1', password2: 'owner-new-1' });
    expect(phone.last.text).toContain('パスワードを再設定しました');

    // The thief's link is dead, and the address stays the owner's.
    const h = new Handset(gw, UA.pc, { keepsCookies: true });
    const page = await h.get(stolen);
    expect(page.status).toBe(400);
    expect(page.text).toContain('URLが無効です');
    expect((await s().members.byId(m.id))!.mail).toBe(mail);
  });

  it('lets only the newest of several reset links work once one is used, and none after a password change', async () => {
    const mail = addr('many');
    const m = await signedInMember(gw, 'docomo', { mail, createdAt: clock.now() });
    await askReset(mail);
    const first = linkIn(mail, '/password/reset');
    await askReset(m.login);
    const second = linkIn(mail, '/password/reset');
    expect(second).not.toBe(first);

    const phone = new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo });
    await phone.get(second);
    await phone.submit(phone.form('password'), { password: 'second-pass-1', password2: 'second-pass-1' });
    expect(phone.last.text).toContain('パスワードを再設定しました');
    const old = await phone.get(first);
    expect(old.status).toBe(400);
    expect(old.text).toContain('URLが無効です');

    // A link asked before the member changed the password in settings is dead too.
    await askReset(mail);
    const before = linkIn(mail, '/password/reset');
    const h = handsetOf(gw, 'pc');
    await h.passwordLogin(m.login, 'second-pass-1');
    await h.get('/settings/password');
    await h.submit(h.form('password'), { current: 'second-pass-1', password: 'third-pass-12', password2: 'third-pass-12' });
    expect(h.last.status).toBe(200);
    expect((await phone.get(before)).status).toBe(400);
  });

  it('kills reset links sent to the old address once the mail address is changed', async () => {
    const oldMail = addr('moving');
    const newMail = addr('moved', 'ezweb.ne.jp');
    const m = await signedInMember(gw, 'au', { mail: oldMail, createdAt: clock.now() });
    await askReset(oldMail);
    const toOld = linkIn(oldMail, '/password/reset');
    await m.go('/settings/mail');
    await m.h.submit(m.h.form('mail'), { mail: newMail, current: 'member-pass' });
    const phone = new Handset(gw, UA.au, { ip: CARRIER_IP.au, keepsCookies: true });
    await phone.get(linkIn(newMail, '/mail/verify'));
    await phone.submit(phone.formTo(/\/mail\/verify/), {});
    expect(phone.last.text).toContain('メールアドレスを変更しました');

    const page = await phone.get(toOld);
    expect(page.status).toBe(400);
    expect(page.text).toContain('URLが無効です');
  });

  it('finds a member by a mail address typed in another case (reset and staff lookup), as the address was kept as typed', async () => {
    const m = await signedInMember(gw, 'pc', { mail: addr('lower', 'example.com'), createdAt: clock.now() });
    const typed = `Taro.Case${seq}@Example.COM`;
    await m.go('/settings/mail');
    await m.h.submit(m.h.form('mail'), { mail: typed, current: 'member-pass' });
    const phone = new Handset(gw, UA.pc, { keepsCookies: true });
    await phone.get(linkIn(typed, '/mail/verify'));
    await phone.submit(phone.formTo(/\/mail\/verify/), {});
    expect(phone.last.text).toContain('メールアドレスを変更しました');

    for (const who of [typed.toLowerCase(), typed.toUpperCase()]) {
      const before = gw.mails.length;
      await askReset(who);
      expect(gw.mails.length, who).toBe(before + 1);
      expect(linkIn(typed, '/password/reset')).toMatch(/token=/);
    }
    const sup = await staffSession(gw, 'support');
    await sup.h.get(`/staff/members?q=${encodeURIComponent(typed.toLowerCase())}`);
    expect(sup.h.last.text).toContain(`(ID ${m.id},`);
  });
});
