import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { CARRIER_IP, DEMO_SUBSCRIBER, Handset, UA } from './support/handset.js';
import { emojiTables } from '../emoji/tables.js';
import { VISIBILITIES, type Visibility } from '../core/diary/ports.js';
import { hashPassword } from '../core/crypto.js';

const t = emojiTables();
const sjisBytes = (code: number) => Uint8Array.of(code >> 8, code & 0xff);
const concat = (...parts: (Uint8Array | string)[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe.each(dialects())('diary (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect);

  const handsets = () => ({
    docomo: new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo, subscriber: [...DEMO_SUBSCRIBER.docomo] }),
    au: new Handset(gw, UA.au, { ip: CARRIER_IP.au, subscriber: [...DEMO_SUBSCRIBER.au], keepsCookies: true }),
    softbank: new Handset(gw, UA.softbank, { ip: CARRIER_IP.softbank, subscriber: [...DEMO_SUBSCRIBER.softbank], keepsCookies: true }),
    pc: new Handset(gw, UA.pc, { keepsCookies: true }),
  });
  const signInAll = async () => {
    const h = handsets();
    await h.docomo.easyLogin();
    await h.au.easyLogin();
    await h.softbank.easyLogin();
    await h.pc.passwordLogin('demo', 'ashiato-demo');
    for (const x of Object.values(h)) expect(x.signedIn()).toBe(true);
    return h;
  };
  const post = async (h: Handset, title: string | Uint8Array, body: string | Uint8Array, visibility: Visibility = 'members') => {
    await h.follow(/\/diary\/new/);
    await h.submit(h.form('body'), { title, body, visibility });
    expect(h.last.status, h.last.text.slice(0, 500)).toBe(200);
    const m = /\/diary\/(\d+)/.exec(h.last.url);
    expect(m).not.toBeNull();
    return Number(m![1]);
  };
  const view = async (h: Handset, id: number) => {
    const sid = new URL(h.last.url, gw.origin).searchParams.get('sid');
    await h.get(`/diary/${id}${sid ? `?sid=${sid}` : ''}`);
    expect(h.last.status).toBe(200);
    return h.last;
  };

  it("shows each carrier's sun in every receiver's own form", async () => {
    const h = await signInAll();
    const sun = { docomo: t.pictograms.docomo.get(0xe63e)!, au: t.pictograms.au.get(0xe488)!, softbank: t.pictograms.softbank.get(0xe04a)! };
    // What each handset's keypad sends: docomo/au Shift_JIS pictogram bytes, SoftBank UTF-8 private use, PC Unicode.
    const ids = {
      docomo: await post(h.docomo, 'sun', concat('x', sjisBytes(sun.docomo.sjis!), 'y')),
      au: await post(h.au, 'sun', concat('x', sjisBytes(sun.au.sjis!), 'y')),
      softbank: await post(h.softbank, 'sun', `x${String.fromCharCode(0xe04a)}y`),
      pc: await post(h.pc, 'sun', 'x☀️y'),
    };
    for (const id of Object.values(ids)) {
      expect(Buffer.from((await view(h.docomo, id)).bytes).includes(concat('x', sjisBytes(sun.docomo.sjis!), 'y'))).toBe(true);
      expect(Buffer.from((await view(h.au, id)).bytes).includes(concat('x', sjisBytes(sun.au.sjis!), 'y'))).toBe(true);
      expect((await view(h.softbank, id)).text).toContain(`x${String.fromCharCode(0xe04a)}y`);
      expect((await view(h.pc, id)).text).toContain('x☀️y');
    }
  });

  it('shows a pictogram only one carrier has as its nearest pictogram or name elsewhere', async () => {
    const h = await signInAll();
    const only = [...t.pictograms.docomo.values()].find((p) => p.internal.codePointAt(0)! >= 0xf0000)!;
    const id = await post(h.docomo, 'only', concat('[', sjisBytes(only.sjis!), ']'));
    expect((await view(h.pc, id)).text).toContain(`[[${only.name}]]`);
    const au = await view(h.au, id);
    expect(au.text).not.toMatch(/\[\?\]|\[〓\]/);
    const back = await view(h.docomo, id);
    expect(Buffer.from(back.bytes).includes(concat('[', sjisBytes(only.sjis!), ']'))).toBe(true);
  });

  it('checks lengths in characters, a pictogram counting as one', async () => {
    const h = await signInAll();
    const fifty = `${'あ'.repeat(49)}`;
    await h.pc.follow(/\/diary\/new/);
    await h.pc.submit(h.pc.form('body'), { title: `${fifty}☀️`, body: 'ok', visibility: 'self' });
    expect(h.pc.last.status).toBe(200);
    await h.pc.follow(/\/$|\/\?/).catch(() => h.pc.get('/'));
    await h.pc.get('/diary/new');
    await h.pc.submit(h.pc.form('body'), { title: `${fifty}☀️☀️`, body: 'too long title', visibility: 'self' });
    expect(h.pc.last.status).toBe(400);
    expect(h.pc.last.text).toContain('タイトルは1〜50文字です');
    expect(h.pc.last.text).toContain('too long title');
    await h.pc.get('/diary/new');
    await h.pc.submit(h.pc.form('body'), { title: 'x', body: 'y', visibility: 'everyone' });
    expect(h.pc.last.status).toBe(400);
  });

  it('splits a long entry across pages on a 5 KB handset', async () => {
    const h = await signInAll();
    const body = Array.from({ length: 300 }, (_, i) => `${i}行目の日記です。表示ソフト能力`).join('\n');
    const id = await post(h.pc, '長い日記', body, 'public');
    const small = new Handset(gw, UA.docomo501, { ip: CARRIER_IP.docomo });
    let text = '';
    for (let n = 1; n < 50; n++) {
      await small.get(`/diary/${id}?pg=${n}`);
      expect(small.last.status).toBe(200);
      expect(small.last.bytes.length).toBeLessThanOrEqual(5120);
      text += small.last.text;
      if (!small.last.text.includes(`pg=${n + 1}`)) break;
    }
    for (const i of [0, 150, 299]) expect(text).toContain(`${i}行目の日記です。`);
  });

  it('applies each visibility level to self, friend, friend of friend, member, guest and a blocked member', async () => {
    const store = gw.booted.services.store;
    const now = Date.now();
    const pw = await hashPassword('matrix-pass');
    const mk = async (login: string) =>
      store.members.insert({ login: `${login}_${dialect}`, nickname: login, passwordHash: pw, birthDate: '1990-01-01', mail: null, mailVerifiedAt: now, status: 'active', invitedBy: null, createdAt: now });
    const owner = await mk('owner');
    const friend = await mk('friend');
    const fof = await mk('fof');
    const stranger = await mk('stranger');
    const blocked = await mk('blocked');
    await store.friendships.befriend(owner, friend, now);
    await store.friendships.befriend(friend, fof, now);
    // Even a friend sees nothing once either side blocks.
    await store.friendships.befriend(owner, blocked, now);
    await store.blocks.block(blocked, owner, now);
    const entries = Object.fromEntries(await Promise.all(VISIBILITIES.map(async (v) => [v, await store.diary.insert({ memberId: owner, title: `v-${v}`, body: 'b', visibility: v, createdAt: now, updatedAt: now })]))) as Record<Visibility, number>;
    const viewers: [string, string | null][] = [['self', 'owner'], ['friend', 'friend'], ['friend-of-friend', 'fof'], ['member', 'stranger'], ['guest', null], ['blocked', 'blocked']];
    const expected: Record<string, Visibility[]> = {
      self: ['self', 'friends', 'friends-of-friends', 'members', 'public'],
      friend: ['friends', 'friends-of-friends', 'members', 'public'],
      'friend-of-friend': ['friends-of-friends', 'members', 'public'],
      member: ['members', 'public'],
      guest: ['public'],
      blocked: [],
    };
    void stranger;
    for (const [who, login] of viewers) {
      const h = new Handset(gw, UA.pc, { keepsCookies: true });
      if (login) {
        await h.passwordLogin(`${login}_${dialect}`, 'matrix-pass');
        expect(h.signedIn()).toBe(true);
      }
      for (const v of VISIBILITIES) {
        await h.get(`/diary/${entries[v]}`);
        const visible = expected[who]!.includes(v);
        expect([who, v, h.last.status]).toEqual([who, v, visible ? 200 : 404]);
        if (!visible) expect(h.last.text).not.toContain(`v-${v}`);
      }
      // The owner's list: members only (a guest is asked to sign in; public entries stay readable
      // by their own links, above), and missing for a member a block stands between.
      await h.get(`/members/${owner}/diary`);
      const listed = VISIBILITIES.filter((v) => h.last.text.includes(`>v-${v}<`));
      expect([who, listed]).toEqual([who, who === 'guest' ? [] : expected[who]]);
      expect([who, h.last.status, h.last.url.split('?')[0]]).toEqual([who, who === 'blocked' ? 404 : 200, who === 'guest' ? '/login' : `/members/${owner}/diary`]);
    }
    // Missing and refused look the same.
    const guest = new Handset(gw, UA.pc);
    const missing = await guest.get('/diary/99999999');
    const refused = await guest.get(`/diary/${entries.self}`);
    expect([missing.status, refused.status]).toEqual([404, 404]);
    expect(missing.text.replace(/\(お問い合わせ番号: \w+\)/, '')).toBe(refused.text.replace(/\(お問い合わせ番号: \w+\)/, ''));
  });
});
