import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { CARRIER_IP, DEMO_SUBSCRIBER, expectPasswordThrottled, Handset, NOT_CARRIER_IP, UA, type ParsedForm } from './support/handset.js';
import { digest, hashPassword } from '../core/crypto.js';

/** Password guessing, login CSRF and session replay, tried as an attacker would, through the gateway. */
describe.each(dialects())('password throttling, login CSRF and session network (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect);

  let seq = 0;
  /** A fresh active member with a known password. */
  async function member(password = 'right-password') {
    const login = `aa${++seq}_${randomBytes(3).toString('hex')}`;
    const id = await gw.booted.services.store.members.insert({
      login,
      nickname: `被害者${seq}`,
      passwordHash: await hashPassword(password),
      birthDate: '1990-01-01',
      mail: null,
      mailVerifiedAt: Date.now(),
      status: 'active',
      invitedBy: null,
      createdAt: Date.now(),
    });
    return { id, login, password };
  }

  /** The same form sent again as a new submission (a fresh one-time token, as a reloaded page has). */
  const again = (f: ParsedForm): ParsedForm => ({ ...f, fields: { ...f.fields, once: randomBytes(12).toString('base64url') } });

  const pc = (ip = NOT_CARRIER_IP) => new Handset(gw, UA.pc, { ip, keepsCookies: true });

  // All 40 are wrong: with the right one inside the batch, a loaded machine may evaluate it among
  // the first ten (then it rightly signs in and gives its use back), so it is tried after the batch.
  it('evaluates at most 10 of 40 parallel guesses: the right password after them is refused without a hash', async () => {
    const victim = await member();
    const attacker = pc('203.0.113.40');
    await attacker.get('/login');
    const form = attacker.form('password');
    const guesses = Array.from({ length: 40 }, (_, i) => `guess-${i}`);
    const pages = await Promise.all(guesses.map((password) => attacker.submit(again(form), { login: victim.login, password }, false)));
    const evaluated = pages.filter((p) => p.status === 401 || p.status === 302);
    expect(evaluated.length).toBeLessThanOrEqual(10);
    expect(pages.filter((p) => p.status === 429).length).toBeGreaterThanOrEqual(30);
    expect(pages.find((p) => p.status === 429)!.text).toContain('しばらくログインできません');
    // The account's budget (shared by every process through the database) holds exactly ten.
    expect(await gw.booted.services.store.attempts.used(digest(`pw:login:${victim.login}`), Date.now())).toBe(10);
    // Not signed in by the correct guess, and the budget holds afterwards too.
    await attacker.get('/');
    expect(attacker.signedIn()).toBe(false);
    await attacker.passwordLogin(victim.login, victim.password);
    expect(attacker.last.status).toBe(429);
    expect(attacker.signedIn()).toBe(false);
  });

  it('throttles the password asked again in settings (a stolen session is no oracle), in parallel too', async () => {
    const m = await member();
    const thief = pc('203.0.113.41');
    await thief.passwordLogin(m.login, m.password);
    expect(thief.signedIn()).toBe(true);
    await thief.get('/settings');
    const form: ParsedForm = { ...thief.form('csrf'), action: '/settings/easy-login' };
    const pages = await Promise.all(Array.from({ length: 20 }, (_, i) => thief.submit(again(form), { op: 'unbind', password: `guess-${i}` }, false)));
    expect(pages.filter((p) => p.status === 401).length).toBeLessThanOrEqual(10);
    expect(pages.filter((p) => p.status === 429).length).toBeGreaterThanOrEqual(10);
    // The right password is now refused too: no answer tells the thief whether a guess was right.
    const right = await thief.submit(again(form), { op: 'unbind', password: m.password }, false);
    expect(right.status).toBe(429);
    expect(right.text).toContain('しばらくお待ちください');
  });

  it("keeps the owner's bound handset, session and own browser usable after a stranger's failures", async () => {
    // The owner signed in before: a session on the docomo handset, a browser that remembers the device.
    const phone = new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo, subscriber: [...DEMO_SUBSCRIBER.docomo] });
    await phone.easyLogin();
    expect(phone.signedIn()).toBe(true);
    const home = phone.last.url;
    // (On this machine: demo members sign in by password only locally; see test/qa-tools.test.ts.)
    const browser = pc('127.0.0.20');
    await browser.passwordLogin('demo_docomo', 'ashiato-demo');
    expect(browser.signedIn()).toBe(true);
    await browser.get('/logout');
    await browser.submit(browser.form('csrf'), {});
    // A stranger fails ten times; then even the right password is refused.
    await expectPasswordThrottled(pc('203.0.113.42'), 'demo_docomo', 'ashiato-demo');
    // The owner: the session still works, easy login works, the known browser signs in by password,
    // and so does the bound handset by password.
    await phone.get(home);
    expect(phone.signedIn()).toBe(true);
    const phone2 = new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo, subscriber: [...DEMO_SUBSCRIBER.docomo] });
    await phone2.easyLogin();
    expect(phone2.signedIn()).toBe(true);
    await browser.passwordLogin('demo_docomo', 'ashiato-demo');
    expect(browser.signedIn()).toBe(true);
    const boundByPassword = new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo, subscriber: [...DEMO_SUBSCRIBER.docomo] });
    await boundByPassword.get('/login?guid=ON');
    await boundByPassword.submit(boundByPassword.form('password'), { login: 'demo_docomo', password: 'ashiato-demo' });
    expect(boundByPassword.signedIn()).toBe(true);
  });

  it('stops one address guessing across many accounts', async () => {
    const m = await member();
    const spray = pc('203.0.113.43');
    for (let i = 0; i < 30; i++) {
      await spray.passwordLogin(`nobody_${i}_${dialect}`, 'password123');
      expect(spray.last.status).toBe(401);
    }
    await spray.passwordLogin(m.login, m.password);
    expect(spray.last.status).toBe(429);
    const elsewhere = pc('198.51.100.21');
    await elsewhere.passwordLogin(m.login, m.password);
    expect(elsewhere.signedIn()).toBe(true);
  });

  it("refuses a login form posted with a token someone else fetched (login CSRF)", async () => {
    const m = await member();
    const attacker = pc('203.0.113.44');
    await attacker.get('/login');
    const stolen = attacker.form('password');
    // The victim's browser has its own pre-session, or none at all.
    for (const visited of [true, false]) {
      const victim = pc('198.51.100.22');
      await victim.get(visited ? '/login' : '/healthz');
      const res = await victim.submit(stolen, { login: m.login, password: m.password });
      expect(res.status).toBe(403);
      await victim.get('/');
      expect(victim.signedIn()).toBe(false);
    }
    // A cookie-less handset: the pre-session travels in the form, bound to the handset.
    const atk = new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo });
    await atk.get('/login');
    const keitaiForm = atk.form('password');
    expect(keitaiForm.fields.pre).toBeTruthy();
    const victimPhone = new Handset(gw, UA.docomoMova, { ip: CARRIER_IP.docomo });
    await victimPhone.get('/healthz');
    const res = await victimPhone.submit(keitaiForm, { login: m.login, password: m.password });
    expect(res.status).toBe(403);
    expect(victimPhone.signedIn()).toBe(false);
    // A link cannot plant the attacker's pre-session in a victim's page (same model or not).
    const sameModel = new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo });
    await sameModel.get(`/login?pre=${encodeURIComponent(keitaiForm.fields.pre!)}`);
    expect(sameModel.form('password').fields.pre).not.toBe(keitaiForm.fields.pre);
    // The handset's own form still works.
    await victimPhone.get('/login');
    await victimPhone.submit(victimPhone.form('password'), { login: m.login, password: m.password });
    expect(victimPhone.signedIn()).toBe(true);
  });

  it('does not sign a victim in by a verification link someone else sent', async () => {
    const attacker = pc('203.0.113.45');
    await attacker.get('/register?code=DEMO-INVITE');
    await attacker.submit(attacker.form('nickname'), { nickname: '攻撃者', birthDate: '19900101', login: `atk_${dialect}`, password: 'attacker-pass', mail: `atk_${dialect}@example.jp` });
    const mail = gw.mails.find((m) => m.to === `atk_${dialect}@example.jp`)!;
    const link = /https?:\/\/\S+\/register\/verify\?token=\S+/.exec(mail.text)![0];
    // The victim's browser fetches the link (an image on another site, a link in a message).
    const victim = pc('198.51.100.24');
    await victim.get(link);
    expect(victim.signedIn()).toBe(false);
    await victim.get('/');
    expect(victim.signedIn()).toBe(false);
    // Nor can the attacker post the confirmation for the victim with its own form.
    await attacker.get(link);
    const confirm = attacker.form('token');
    await victim.get('/login');
    expect((await victim.submit(confirm, {})).status).toBe(403);
    await victim.get('/');
    expect(victim.signedIn()).toBe(false);
    // The member's own button completes the join.
    await attacker.submit(confirm, {});
    expect(attacker.signedIn()).toBe(true);
  });

  it('refuses cross-site posts by Origin or Sec-Fetch-Site, and accepts same-origin and keitai posts', async () => {
    const m = await member();
    const cross: Record<string, string>[] = [{ Origin: 'https://evil.example' }, { Origin: 'null' }, { 'Sec-Fetch-Site': 'cross-site' }, { 'Sec-Fetch-Site': 'same-site' }];
    for (const headers of cross) {
      const victim = new Handset(gw, UA.pc, { ip: '198.51.100.23', keepsCookies: true, headers });
      await victim.get('/login');
      const res = await victim.submit(victim.form('password'), { login: m.login, password: m.password });
      expect(res.status).toBe(403);
      expect(res.text).toContain('別のサイトから送られた');
      await victim.get('/');
      expect(victim.signedIn()).toBe(false);
    }
    const same = new Handset(gw, UA.pc, { ip: '198.51.100.23', keepsCookies: true, headers: { Origin: gw.origin, 'Sec-Fetch-Site': 'same-origin' } });
    await same.passwordLogin(m.login, m.password);
    expect(same.signedIn()).toBe(true);
    const keitai = new Handset(gw, UA.au, { ip: CARRIER_IP.au, keepsCookies: true });
    await keitai.passwordLogin(m.login, m.password);
    expect(keitai.signedIn()).toBe(true);
  });

  it('honours a URL session begun on the carrier network only from that network, and keeps it for its owner', async () => {
    const phone = new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo, subscriber: [...DEMO_SUBSCRIBER.docomo] });
    await phone.easyLogin();
    expect(phone.signedIn()).toBe(true);
    const sid = new URL(phone.last.url, gw.origin).searchParams.get('sid')!;
    // The copied URL with a docomo UA from an ordinary address: signed out.
    const copier = new Handset(gw, UA.docomo, { ip: NOT_CARRIER_IP });
    await copier.get(`/?sid=${sid}`);
    expect(copier.signedIn()).toBe(false);
    await copier.get(`/settings?sid=${sid}`, false);
    expect(copier.last.status).toBe(302);
    // Signing in to another account with the copied sid does not end the owner's session.
    const m = await member();
    await copier.get(`/login?sid=${sid}`);
    await copier.submit(copier.form('password'), { login: m.login, password: m.password });
    expect(copier.signedIn()).toBe(true);
    await phone.get(`/?sid=${sid}`);
    expect(phone.signedIn()).toBe(true);
  });
});

describe.each(dialects())('joins, verification mails and invitation limits (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect);

  let seq = 0;
  /** Fills in and sends the join form from a browser at `ip`. */
  async function join(ip: string, code: string, mail: string) {
    const h = new Handset(gw, UA.pc, { ip, keepsCookies: true });
    await h.get(`/register?code=${code}`);
    const n = ++seq;
    return h.submit(h.form('nickname'), { nickname: `参加${n}`, birthDate: '19900101', login: `j${n}_${dialect}`, password: 'join-password', mail });
  }
  const sentTo = (mail: string) => gw.mails.filter((m) => m.to === mail).length;
  const invitation = (code: string, o: { maxUses?: number; usedCount?: number; expiresAt?: number | null } = {}) =>
    gw.booted.services.store.invitations.insert({ code, inviterId: null, maxUses: o.maxUses ?? 100, usedCount: o.usedCount ?? 0, expiresAt: o.expiresAt === undefined ? Date.now() + 86_400_000 : o.expiresAt, createdAt: Date.now() });

  it('does not send a dozen verification mails to one address in a second', async () => {
    const pages = await Promise.all(Array.from({ length: 12 }, (_, i) => join(`203.0.113.${100 + i}`, 'DEMO-INVITE', 'target@example.jp')));
    expect(sentTo('target@example.jp')).toBeLessThanOrEqual(3);
    expect(pages.filter((p) => p.status === 200).length).toBe(sentTo('target@example.jp'));
    const refused = pages.filter((p) => p.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(9);
    expect(refused[0]!.text).toContain('しばらくしてからもう一度お試しください');
    expect(refused[0]!.text).toMatch(/value="参加\d+"/);
  });

  it('limits joins from one address and with one code', async () => {
    const fromOne = [];
    for (let i = 0; i < 6; i++) fromOne.push((await join('203.0.113.60', 'DEMO-INVITE', `one${i}@example.jp`)).status);
    expect(fromOne.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(fromOne[5]).toBe(429);
    await invitation(`CODE-${dialect}`);
    const withCode = [];
    for (let i = 0; i < 11; i++) withCode.push((await join(`198.51.100.${60 + i}`, `CODE-${dialect}`, `code${i}@example.jp`)).status);
    expect(withCode.filter((s) => s === 200)).toHaveLength(10);
    expect(withCode[10]).toBe(429);
  });

  it('refuses expired and used-up codes with a page that says which', async () => {
    await invitation(`OLD-${dialect}`, { expiresAt: Date.now() - 1000 });
    await invitation(`FULL-${dialect}`, { maxUses: 2, usedCount: 2 });
    for (const [code, words] of [[`OLD-${dialect}`, '有効期限が切れています'], [`FULL-${dialect}`, '使える回数に達しました']] as const) {
      const h = new Handset(gw, UA.au, { ip: CARRIER_IP.au, keepsCookies: true });
      await h.get(`/register?code=${code}`);
      expect(h.last.status).toBe(410);
      expect(h.last.text).toContain(words);
      const r = await h.submit(h.form('nickname'), { nickname: '太郎', birthDate: '19900101', login: `late_${code.toLowerCase().replace(/-/g, '_')}`, password: 'join-password', mail: `${code}@example.jp` });
      expect(r.status).toBe(400);
      expect(r.text).toContain(words);
      expect(await gw.booted.services.store.members.findByLogin(`late_${code.toLowerCase().replace(/-/g, '_')}`)).toBeNull();
    }
  });

  it('gives the demo code and member invitations a finite life and use count', async () => {
    const demo = (await gw.booted.services.store.invitations.find('DEMO-INVITE'))!;
    expect(demo.expiresAt).not.toBeNull();
    expect(demo.expiresAt! - Date.now()).toBeLessThanOrEqual(31 * 86_400_000);
    expect(demo.maxUses).toBeLessThanOrEqual(1000);
    const inviter = new Handset(gw, UA.pc, { ip: '127.0.0.90', keepsCookies: true }); // demo: local only
    await inviter.passwordLogin('demo', 'ashiato-demo');
    const codes: string[] = [];
    for (let i = 0; i < 11; i++) {
      await inviter.get('/invite');
      await inviter.submit(inviter.form('csrf'), {});
      const code = /招待コード: ([A-Z0-9]{12})/.exec(inviter.last.text)?.[1];
      if (code) codes.push(code);
    }
    expect(codes).toHaveLength(10);
    expect(inviter.last.status).toBe(429);
    const inv = (await gw.booted.services.store.invitations.find(codes[0]!))!;
    expect([inv.maxUses, inv.expiresAt! > Date.now(), inv.expiresAt! <= Date.now() + 30 * 86_400_000]).toEqual([1, true, true]);
  });
});
