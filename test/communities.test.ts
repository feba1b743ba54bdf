import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite, type TestGateway } from './support/gateway.js';
import { signedInMember } from './support/members.js';
import { Handset, UA } from './support/handset.js';
import { comment, createCommunity, join, postTopic } from './support/communities.js';
import { Jimp } from 'jimp';
import { emojiTables } from '../emoji/tables.js';

const t = emojiTables();
const sjis = (code: number) => Uint8Array.of(code >> 8, code & 0xff);
const concat = (...parts: (Uint8Array | string)[]) => new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p)))));

describe.each(dialects())('communities (%s)', (dialect) => {
  const gw: TestGateway = gatewayForSuite(dialect);

  it('creates a community that approves members: the request and the approval arrive as messages; a banned member sees nothing of it', async () => {
    const admin = await signedInMember(gw, 'pc', { nickname: '管理する人' });
    const asker = await signedInMember(gw, 'au', { nickname: '申請する人' });
    const cid = await createCommunity(admin, { name: '承認制の会', joinPolicy: 'approval', readers: 'community' });
    expect(admin.h.last.text).toContain('承認制の会');
    expect(admin.h.last.text).toContain('管理する人');
    await join(asker, cid);
    expect(asker.h.last.text).toContain('参加申請中です');
    expect(asker.h.last.text).toContain('トピックはコミュニティに参加すると読めます');
    await admin.go('/messages');
    expect(admin.h.last.text).toContain('コミュニティ参加申請');
    await admin.go(`/communities/${cid}/members`);
    expect(admin.h.last.text).toContain('申請する人');
    await admin.h.submit(admin.h.formTo(new RegExp(`/members/${asker.id}/approve$`)), {});
    expect(admin.h.last.text).toContain('申請する人');
    await asker.go('/messages');
    expect(asker.h.last.text).toContain('コミュニティ参加承認');
    const tid = await postTopic(asker, cid, { title: 'はじめまして', body: 'よろしく' });
    await asker.go(`/communities/${cid}`);
    expect(asker.h.last.text).toContain('メンバー2人');
    // Banned: the community, its topics and its place in searches are gone for them.
    await admin.go(`/communities/${cid}/members`);
    await admin.h.submit(admin.h.formTo(new RegExp(`/members/${asker.id}/ban$`)), {});
    for (const path of [`/communities/${cid}`, `/communities/${cid}/topics/${tid}`, `/communities/${cid}/topics`]) {
      expect([path, (await asker.go(path)).status]).toEqual([path, 404]);
      expect(asker.h.last.text).not.toContain('承認制の会');
    }
    await asker.go(`/communities?q=${encodeURIComponent('承認制の会')}`);
    expect(asker.h.last.text).not.toContain('承認制の会');
    // Joining again is refused (the ban stays).
    const again = await asker.h.open('POST', `/communities/${cid}/join`, '', 'application/x-www-form-urlencoded', false);
    expect(again.status).toBeGreaterThanOrEqual(400);
    await admin.go(`/communities/${cid}`);
    expect(admin.h.last.text).toContain('メンバー1人');
  });

  it('hands administration over, and an admin who leaves leaves it to the longest-standing sub-admin', async () => {
    const a = await signedInMember(gw, 'pc', { nickname: '初代管理人' });
    const b = await signedInMember(gw, 'pc', { nickname: '二代目' });
    const c = await signedInMember(gw, 'pc', { nickname: '三代目' });
    const cid = await createCommunity(a, { name: '引き継ぎの会' });
    await join(b, cid);
    await join(c, cid);
    await a.go(`/communities/${cid}/members`);
    await a.h.submit(a.h.formTo(new RegExp(`/members/${c.id}/sub$`)), {});
    expect(a.h.last.text).toMatch(/三代目<\/a>\(副管理人\)/);
    await a.h.submit(a.h.formTo(new RegExp(`/members/${b.id}/handover$`)), {});
    expect(a.h.last.text).toMatch(/二代目<\/a>\(管理人\)/);
    expect(a.h.last.text).toMatch(/初代管理人<\/a>\(副管理人\)/);
    // The new admin leaves: the longest-standing sub-admin (the first admin) takes over.
    await b.go(`/communities/${cid}`);
    await b.h.submit(b.h.formTo(/\/leave$/), {});
    await c.go(`/communities/${cid}`);
    expect(c.h.last.text).toContain('管理人: ');
    expect(c.h.last.text).toContain('初代管理人');
    expect(c.h.last.text).toContain('メンバー2人');
  });

  it('numbers comments, links >>N, and shows pictograms sent from each carrier in every receiver\'s form', async () => {
    const owner = await signedInMember(gw, 'pc');
    const cid = await createCommunity(owner, { name: '絵文字の会' });
    const docomo = await signedInMember(gw, 'docomo');
    const au = await signedInMember(gw, 'au');
    const softbank = await signedInMember(gw, 'softbank');
    for (const m of [docomo, au, softbank]) await join(m, cid);
    const sun = { docomo: t.pictograms.docomo.get(0xe63e)!, au: t.pictograms.au.get(0xe488)! };
    const tid = await postTopic(docomo, cid, { title: concat('sun', sjis(sun.docomo.sjis!)), body: concat('x', sjis(sun.docomo.sjis!), 'y') });
    await comment(au, cid, tid, concat('a', sjis(sun.au.sjis!), 'b'));
    await comment(softbank, cid, tid, `>>1 s${String.fromCharCode(0xe04a)}t`);
    await owner.go(`/communities/${cid}/topics/${tid}`);
    expect(owner.h.last.text).toContain('x☀️y');
    expect(owner.h.last.text).toContain('a☀️b');
    expect(owner.h.last.text).toContain('s☀️t');
    expect(owner.h.last.text).toContain('[1]');
    expect(owner.h.last.text).toContain('[2]');
    expect(owner.h.links()).toContain(`/communities/${cid}/topics/${tid}?page=1`);
    const page = await docomo.go(`/communities/${cid}/topics/${tid}`);
    expect(Buffer.from(page.bytes).includes(Buffer.from(concat('a', sjis(sun.docomo.sjis!), 'b')))).toBe(true);
    // The author edits; another member cannot; an admin deletes a comment (its number stays).
    await docomo.go(`/communities/${cid}/topics/${tid}/edit`);
    await docomo.h.submit(docomo.h.form('title'), { title: '晴れの話', body: '書き直しました' });
    expect(docomo.h.last.text).toContain('書き直しました');
    expect((await au.go(`/communities/${cid}/topics/${tid}/edit`)).status).toBe(404);
    await owner.go(`/communities/${cid}/topics/${tid}`);
    await owner.h.submit(owner.h.formTo(/\/comments\/\d+\/delete$/), {});
    expect(owner.h.last.text).toContain('このコメントは削除されました');
    expect(owner.h.last.text).toContain('[2]');
  });

  it('seeds two demo communities: the open one is read by guests, the approving one only by its members', async () => {
    const guest = new Handset(gw, UA.pc);
    await guest.get('/communities');
    expect(guest.last.text).toContain('ケータイ好き集まれ');
    expect(guest.last.text).not.toContain('カレー部');
    await guest.follow(/\/communities\/\d+$/);
    expect(guest.last.text).toContain('機種変しました報告スレ');
    await guest.follow(/\/topics\/\d+$/);
    expect(guest.last.status).toBe(200);
    const demo = new Handset(gw, UA.pc, { ip: '127.0.0.7', keepsCookies: true });
    await demo.passwordLogin('demo', 'ashiato-demo');
    expect(demo.last.text).toContain('コミュニティの新着');
    await demo.follow(/\/members\/\d+\/communities$/);
    expect(demo.last.text).toContain('ケータイ好き集まれ');
    expect(demo.last.text).toContain('カレー部');
    await demo.get(`/communities?order=activity&q=${encodeURIComponent('ケータイ好き')}`);
    await demo.follow(/\/communities\/\d+$/);
    await demo.follow(/\/topics\?kind=event$/);
    await demo.follow(/\/topics\/\d+$/);
    expect(demo.last.text).toContain('渋谷ハチ公前');
    expect(demo.last.text).toContain('参加者: 2人 / 定員10人');
  });

  it('limits how many communities a member creates a day and how fast they comment', async () => {
    const m = await signedInMember(gw, 'pc');
    let cid = 0;
    for (let i = 0; i < 3; i++) cid = await createCommunity(m, { name: `作りすぎ${i}` });
    await m.go('/communities/new');
    await m.h.submit(m.h.form('name'), { name: '4つ目', category: 'hobby', description: 'x', joinPolicy: 'open', readers: 'members' });
    expect(m.h.last.status).toBe(429);
    const tid = await postTopic(m, cid, { title: '連投', body: 'x' });
    for (let i = 0; i < 30; i++) expect((await comment(m, cid, tid, `コメント${i}`)).status).toBe(200);
    expect((await comment(m, cid, tid, 'もう一つ')).status).toBe(429);
  });

  it('shows new posts in my communities on the top page, a section the member can switch off', async () => {
    const m = await signedInMember(gw, 'pc');
    const cid = await createCommunity(m, { name: `新着の会${dialect}` });
    await postTopic(m, cid, { title: `新着トピック${dialect}`, body: 'x' });
    expect((await m.go('/')).text).toContain(`新着トピック${dialect}`);
    await m.go('/settings/profile');
    const f = m.h.form('intro');
    const body = new URLSearchParams({ ...f.fields });
    for (const k of ['friend-diaries', 'footprints', 'comments']) body.append('topSections', k);
    await m.h.open('POST', f.action, body.toString(), 'application/x-www-form-urlencoded');
    const top = await m.go('/');
    expect(top.text).not.toContain('コミュニティの新着');
    expect(top.text).not.toContain(`新着トピック${dialect}`);
  });

  it('reports a community and a topic to the moderators, and a closed community is gone for everyone', async () => {
    const admin = await signedInMember(gw, 'pc');
    const other = await signedInMember(gw, 'pc');
    const cid = await createCommunity(admin, { name: `閉じる会${dialect}`, readers: 'members' });
    const tid = await postTopic(admin, cid, { title: '問題の話題', body: 'x' });
    for (const [kind, id] of [['community', cid], ['topic', tid]] as const) {
      await other.go(`/report?kind=${kind}&id=${id}`);
      await other.h.submit(other.h.form('reason'), { reason: 'スパムです' });
      expect([kind, other.h.last.text.includes('報告を受け付けました')]).toEqual([kind, true]);
    }
    await admin.go(`/communities/${cid}/edit`);
    await admin.h.submit(admin.h.formTo(/\/close(\?|$)/), {});
    for (const m of [admin, other]) {
      expect((await m.go(`/communities/${cid}`)).status).toBe(404);
      expect((await m.go(`/communities/${cid}/topics/${tid}`)).status).toBe(404);
      await m.go(`/communities?q=${encodeURIComponent(`閉じる会${dialect}`)}`);
      expect(m.h.links().filter((l) => l.startsWith(`/communities/${cid}`))).toEqual([]);
      expect(m.h.last.text).toContain('見つかりませんでした');
    }
  });

  it('shows a poll\'s results to everyone after its deadline, and refuses votes then', async () => {
    const m = await signedInMember(gw, 'pc');
    const cid = await createCommunity(m, { name: `締切の会${dialect}` });
    const s = gw.booted.services.store;
    const now = Date.now();
    const pid = await s.communityTopics.insert({ communityId: cid, authorId: m.id, kind: 'poll', title: '終わった投票', body: 'x', commentCount: 0, lastCommentAt: now, eventAt: null, place: null, deadline: now - 1000, capacity: null, createdAt: now - 5000, updatedAt: now });
    await s.communityPolls.addChoices(pid, ['甲', '乙']);
    const page = await m.go(`/communities/${cid}/topics/${pid}`);
    expect(page.text).toContain('(終了)');
    expect(page.text).toContain('合計0票');
    expect(page.text).not.toContain('/vote');
  });

  it('takes up to three photos on a topic from its author, shown as visibly as the topic', async () => {
    const author = await signedInMember(gw, 'pc');
    const outsider = await signedInMember(gw, 'pc');
    const cid = await createCommunity(author, { name: `写真の会${dialect}`, readers: 'community' });
    const tid = await postTopic(author, cid, { title: '写真つき', body: '見てください' });
    const upload = async (bytes: Uint8Array) => {
      // The token from the topic's comment form (the photo page has no form once three are there).
      await author.go(`/communities/${cid}/topics/${tid}`);
      const csrf = author.h.form('body').fields.csrf!;
      const fd = new FormData();
      fd.append('csrf', csrf);
      fd.append('photo', new Blob([bytes as Uint8Array<ArrayBuffer>]), 'photo.png');
      const req = new Request('http://x/', { method: 'POST', body: fd });
      return author.h.open('POST', `/communities/${cid}/topics/${tid}/photos`, new Uint8Array(await req.arrayBuffer()), req.headers.get('content-type')!);
    };
    const png = await new Jimp({ width: 300, height: 200, color: 0x3366ffff }).getBuffer('image/png');
    for (let i = 0; i < 3; i++) expect((await upload(png)).status).toBe(200);
    const src = /<img src="(\/photos\/\d+\/\d+)"/.exec(author.h.last.text)?.[1];
    expect(src).toBeDefined();
    expect(author.h.last.text).not.toContain('写真を追加');
    const fourth = await upload(png);
    expect(fourth.status).toBe(400);
    expect(fourth.text).toContain('写真は3枚までです');
    const mine = await author.h.get(src!);
    expect([mine.status, mine.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    // Not a member of a members-only community: the photo is as missing as the topic.
    expect((await outsider.h.get(src!)).status).toBe(404);
    expect((await outsider.go(`/communities/${cid}/topics/${tid}/photos`)).status).toBe(404);
    const broken = await (async () => {
      await author.go(`/communities/${cid}`);
      const other = await postTopic(author, cid, { title: '壊れた写真', body: 'x' });
      await author.go(`/communities/${cid}/topics/${other}/photos`);
      const fd = new FormData();
      fd.append('csrf', author.h.form('csrf').fields.csrf!);
      fd.append('photo', new Blob([Buffer.from('not an image')]), 'x.png');
      const req = new Request('http://x/', { method: 'POST', body: fd });
      return author.h.open('POST', `/communities/${cid}/topics/${other}/photos`, new Uint8Array(await req.arrayBuffer()), req.headers.get('content-type')!);
    })();
    expect(broken.status).toBe(400);
  });

  it('lets the admin set the community image, seen wherever the front page is', async () => {
    const admin = await signedInMember(gw, 'pc');
    const member = await signedInMember(gw, 'pc');
    const cid = await createCommunity(admin, { name: `画像の会${dialect}`, readers: 'members' });
    await join(member, cid);
    expect((await member.go(`/communities/${cid}/image`)).status).toBe(404);
    await admin.go(`/communities/${cid}`);
    const fd = new FormData();
    fd.append('csrf', admin.h.formTo(/\/leave(\?|$)/).fields.csrf!);
    fd.append('photo', new Blob([(await new Jimp({ width: 200, height: 200, color: 0x00aa66ff }).getBuffer('image/png')) as Uint8Array<ArrayBuffer>]), 'c.png');
    const req = new Request('http://x/', { method: 'POST', body: fd });
    await admin.h.open('POST', `/communities/${cid}/image`, new Uint8Array(await req.arrayBuffer()), req.headers.get('content-type')!);
    expect(admin.h.last.url).toBe(`/communities/${cid}`);
    const src = /<img src="(\/photos\/\d+\/\d+)"/.exec((await member.go(`/communities/${cid}`)).text)?.[1];
    expect(src).toBeDefined();
    expect((await member.h.get(src!)).status).toBe(200);
    // Guests do not see a members-only community's front page, nor its image.
    expect((await new Handset(gw, UA.pc).get(src!)).status).toBe(404);
  });
});
