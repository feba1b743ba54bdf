import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { CARRIER_IP, DEMO_SUBSCRIBER, Handset, UA } from './support/handset.js';

describe.each(dialects())('joining, signing in and binding handsets (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect);

  const verifyLink = (to: string) => {
    const mail = [...gw.mails].reverse().find((m) => m.to === to);
    const url = /https?:\/\/\S+\/register\/verify\?token=\S+/.exec(mail?.text ?? '')?.[0];
    if (!url) throw new Error(`no verification mail to ${to}`);
    return url;
  };

  it('seeds the demo data set once', async () => {
    expect(await gw.booted.services.store.members.count()).toBe(4);
    const { seedDemo } = await import('../core/demo.js');
    expect(await seedDemo(gw.booted.services.store, { now: () => Date.now() }, Buffer.alloc(32))).toBe(false);
  });

  it('joins by invitation from a docomo handset, verifies the mail, binds the handset, then signs in by easy login', async () => {
    const guid = 'NEWGUID';
    const h = new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo, subscriber: ['X-DCMGUID', guid] });
    await h.get('/register?code=DEMO-INVITE');
    // The birth date field is numeric (istyle="4"): the keypad gives digits only, no hyphen.
    expect(h.last.text).toMatch(/<input[^>]*name="birthDate"[^>]*istyle="4"/);
    const sent = await h.submit(h.form('nickname'), { nickname: 'はなこ☆', birthDate: '19900401', login: `hanako_${dialect}`, password: 'keitai-pass', mail: 'hanako..x.@docomo.ne.jp' });
    expect(sent.status).toBe(200);
    expect((await gw.booted.services.store.members.findByLogin(`hanako_${dialect}`))?.birthDate).toBe('1990-04-01');
    expect(sent.text).toContain('確認メールを送りました');
    expect(sent.text).toContain('迷惑メール対策');
    // Not usable before the mail is verified.
    const early = new Handset(gw, UA.pc, { keepsCookies: true });
    await early.passwordLogin(`hanako_${dialect}`, 'keitai-pass');
    expect(early.last.status).toBe(403);
    // The link opens a confirmation; its button signs the member in, once.
    const link = verifyLink('hanako..x.@docomo.ne.jp');
    await h.get(link);
    expect(h.signedIn()).toBe(false);
    expect(h.last.text).toContain('はなこ☆さん');
    await h.submit(h.form('token'), {});
    expect(h.signedIn()).toBe(true);
    expect(h.last.text).toContain('はなこ☆さん');
    const sid = new URL(h.last.url, gw.origin).searchParams.get('sid')!;
    const reuse = new Handset(gw, UA.pc, { keepsCookies: true });
    await reuse.get(link);
    expect(reuse.last.status).toBe(400);
    // Easy login is not yet bound.
    const before = new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo, subscriber: ['X-DCMGUID', guid] });
    await before.easyLogin();
    expect(before.last.status).toBe(401);
    // Bind from settings: the form posts to a guid=ON action and asks for the password.
    await h.get(`/settings?sid=${sid}&guid=ON`);
    const bind = h.form('password');
    expect(bind.action).toContain('guid=ON');
    const wrong = await h.submit(bind, { password: 'not-my-password' });
    expect(wrong.status).toBe(401);
    await h.get(`/settings?sid=${sid}&guid=ON`);
    const bound = await h.submit(h.form('password'), { password: 'keitai-pass' });
    expect(bound.status).toBe(200);
    expect(bound.text).toContain('登録しました');
    const after = new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo, subscriber: ['X-DCMGUID', guid] });
    await after.easyLogin();
    expect(after.signedIn()).toBe(true);
    expect(after.last.text).toContain('はなこ☆さん');
    // The ID is stored as a keyed hash only.
    const raw = await gw.booted.conn.db.selectFrom('subscriber_bindings').select('id_hash').execute();
    expect(raw.map((r) => r.id_hash).join()).not.toContain(guid);
    expect(raw.every((r) => /^[0-9a-f]{64}$/.test(r.id_hash))).toBe(true);
    // Unbind (password again): easy login stops working.
    await h.get(`/settings?sid=${sid}`);
    const un = await h.submit(h.form('password'), { password: 'keitai-pass' });
    expect(un.text).toContain('解除しました');
    const gone = new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo, subscriber: ['X-DCMGUID', guid] });
    await gone.easyLogin();
    expect(gone.signedIn()).toBe(false);
  });

  it('refuses binding a handset that another member already bound', async () => {
    const h = new Handset(gw, UA.au, { ip: CARRIER_IP.au, subscriber: [...DEMO_SUBSCRIBER.au], keepsCookies: true });
    await h.passwordLogin('demo', 'ashiato-demo');
    expect(h.signedIn()).toBe(true);
    await h.get('/settings');
    const res = await h.submit(h.form('password'), { password: 'ashiato-demo' });
    expect(res.status).toBe(409);
  });

  it('explains each registration problem next to its field and keeps what was typed', async () => {
    const h = new Handset(gw, UA.au, { ip: CARRIER_IP.au, keepsCookies: true });
    await h.get('/register?code=NOPE');
    let r = await h.submit(h.form('nickname'), { nickname: '太郎', birthDate: '1990-01-01', login: `taro_${dialect}`, password: 'longenough', mail: 'taro@ezweb.ne.jp' });
    expect(r.status).toBe(400);
    expect(r.text).toContain('招待コードが無効');
    expect(r.text).toContain('value="太郎"');
    await h.get('/register?code=DEMO-INVITE');
    const young = new Date();
    young.setUTCFullYear(young.getUTCFullYear() - 14);
    r = await h.submit(h.form('nickname'), { nickname: '太郎', birthDate: young.toISOString().slice(0, 10), login: `taro_${dialect}`, password: 'longenough', mail: 'taro@ezweb.ne.jp' });
    expect(r.status).toBe(403);
    expect(r.text).toContain('15歳未満');
    await h.get('/register?code=DEMO-INVITE');
    r = await h.submit(h.form('nickname'), { nickname: '太郎', birthDate: '1990-01-01', login: 'demo', password: 'longenough', mail: 'taro@ezweb.ne.jp' });
    expect(r.status).toBe(409);
    expect(r.text).toContain('このログインIDは使われています');
    await h.get('/register?code=DEMO-INVITE');
    r = await h.submit(h.form('nickname'), { nickname: '', birthDate: '1990-02-31', login: 'x', password: '1', mail: 'no-at-sign' });
    expect(r.status).toBe(400);
    for (const msg of ['ニックネーム', 'ログインID', 'パスワード', 'メールアドレス']) expect(r.text).toContain(msg);
  });

  it('uses a member invitation exactly once, even when two joins race', async () => {
    const inviter = new Handset(gw, UA.pc, { keepsCookies: true });
    await inviter.passwordLogin('demo', 'ashiato-demo');
    await inviter.get('/invite');
    await inviter.submit(inviter.form('csrf'), {});
    const code = /招待コード: ([A-Z0-9]{12})/.exec(inviter.last.text)![1]!;
    const join = async (n: number) => {
      const h = new Handset(gw, UA.pc, { keepsCookies: true });
      await h.get(`/register?code=${code}`);
      return h.submit(h.form('nickname'), { nickname: `友${n}`, birthDate: '1991-05-05', login: `race${n}_${dialect}`, password: 'longenough', mail: `race${n}@example.jp` });
    };
    const results = await Promise.all([join(1), join(2), join(3)]);
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 400)).toHaveLength(2);
  });

  it('signs out, and the session is gone', async () => {
    const h = new Handset(gw, UA.willcom, { ip: CARRIER_IP.willcom, keepsCookies: true });
    await h.passwordLogin('demo', 'ashiato-demo');
    expect(h.signedIn()).toBe(true);
    await h.get('/logout');
    await h.submit(h.form('csrf'), {});
    await h.get('/');
    expect(h.signedIn()).toBe(false);
    await h.get('/settings', false);
    expect(h.last.status).toBe(302);
  });
});

describe('birth dates as handsets type them', () => {
  it.each([
    ['19900401', '1990-04-01'],
    ['1990-04-01', '1990-04-01'],
    ['1990/04/01', '1990-04-01'],
    ['１９９０年', '1990年'],
    ['１９９００４０１', '1990-04-01'],
    [' 1990.04.01 ', '1990-04-01'],
  ])('%s → %s', async (typed, stored) => {
    const { normalizeDate } = await import('../core/members/service.js');
    expect(normalizeDate(typed)).toBe(stored);
  });
});
