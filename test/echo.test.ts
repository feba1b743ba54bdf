import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { signedInMember, type HandsetKind } from './support/members.js';
import { encodeShiftJis } from '../emoji/sjis.js';
import { emojiTables } from '../emoji/tables.js';

const t = emojiTables();
const sun = t.pictograms.docomo.get(0xe63e)!;
const sjis = (s: string, pictogram?: number) => Buffer.concat([encodeShiftJis(s), pictogram ? Buffer.from([pictogram >> 8, pictogram & 0xff]) : Buffer.alloc(0)]);

describe.each(dialects())('Echo (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect);
  const store = () => gw.booted.services.store;

  const echo = async (m: Awaited<ReturnType<typeof signedInMember>>, body: string | Uint8Array) => {
    await m.go('/echo');
    await m.h.submit(m.h.form('body'), { body });
    return m.h.last;
  };

  it.each<HandsetKind>(['docomo', 'au', 'softbank'])('posts, replies, lists and deletes from %s', async (kind) => {
    const a = await signedInMember(gw, kind);
    const friend = await signedInMember(gw, 'pc', { nickname: `友${kind}` });
    await store().friendships.befriend(a.id, friend.id, Date.now());
    // 150 characters with a pictogram counting as one: accepted; 151 refused with a page saying so.
    const ok = kind === 'softbank' ? `${'あ'.repeat(149)}${String.fromCharCode(0xe04a)}` : sjis('あ'.repeat(149), kind === 'docomo' ? sun.sjis! : t.pictograms.au.get(0xe488)!.sjis!);
    expect((await echo(a, ok)).status).toBe(200);
    const long = await echo(a, kind === 'softbank' ? 'い'.repeat(151) : sjis('い'.repeat(151)));
    expect(long.status).toBe(400);
    expect(long.text).toMatch(/エコーは1.150文字です/);

    expect((await echo(friend, `${kind}の友だちです☀️`)).status).toBe(200);
    await a.go('/echo');
    expect(a.h.last.text).toContain(`${kind}の友だちです`);
    expect(a.h.last.text).toContain(`友${kind}`);
    const friendEcho = (await store().echoes.byMembers([friend.id], 1, 0))[0]!;
    const mine = (await store().echoes.byMembers([a.id], 1, 0))[0]!;
    expect(mine.body).toBe(`${'あ'.repeat(149)}${kind === 'softbank' ? t.pictograms.softbank.get(0xe04a)!.internal : kind === 'docomo' ? sun.internal : t.pictograms.au.get(0xe488)!.internal}`);

    // Reply to the friend's echo: shown under it, and it names what it answers.
    await a.go(`/echo/${friendEcho.id}`);
    await a.h.submit(a.h.form('body'), { body: kind === 'softbank' ? 'へんじ' : sjis('へんじ') });
    expect(a.h.last.status).toBe(200);
    expect(a.h.last.text).toContain('返信先');
    await friend.go(`/echo/${friendEcho.id}`);
    expect(friend.h.last.text).toContain('へんじ');

    // The top page shows friends' echoes; own list; only the author deletes.
    await friend.go('/');
    expect(friend.h.last.text).toContain('マイミクのエコー');
    expect(friend.h.last.text).toContain('へんじ');
    await friend.go(`/members/${a.id}/echo`);
    expect(friend.h.last.text).toContain('へんじ');
    const del = await friend.h.open('POST', `/echo/${mine.id}/delete`, '', 'application/x-www-form-urlencoded');
    expect([403, 404]).toContain(del.status);
    await a.go(`/echo/${mine.id}`);
    await a.h.submit(a.h.formTo(/\/delete/), {});
    expect(a.h.last.status).toBe(200);
    expect(await store().echoes.find(mine.id)).toBeNull();
  });

  it('never shows echoes across a block, and treats them as missing', async () => {
    const a = await signedInMember(gw, 'au');
    const b = await signedInMember(gw, 'pc', { nickname: 'ブロックされた人' });
    await store().friendships.befriend(a.id, b.id, Date.now());
    await echo(b, '見えないはず');
    const id = (await store().echoes.byMembers([b.id], 1, 0))[0]!.id;
    await store().blocks.block(a.id, b.id, Date.now());
    await a.go('/echo');
    expect(a.h.last.text).not.toContain('見えないはず');
    await a.go(`/echo/${id}`);
    expect(a.h.last.status).toBe(404);
    await a.go(`/members/${b.id}/echo`);
    expect(a.h.last.status).toBe(404);
    await a.go('/');
    expect(a.h.last.text).not.toContain('見えないはず');
  });

  it('asks guests to sign in and limits how fast a member echoes', async () => {
    const guest = await gw.request('GET', '/echo', { headers: { 'User-Agent': 'Mozilla/5.0 (Windows NT 10.0)' } });
    expect(guest.status).not.toBe(200);
    const a = await signedInMember(gw, 'pc');
    for (let i = 0; i < 30; i++) expect((await echo(a, `つぶやき${i}`)).status).toBe(200);
    const over = await echo(a, 'もう一つ');
    expect(over.status).toBe(429);
  });
});
