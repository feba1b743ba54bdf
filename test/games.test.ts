import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { CARRIER_IP, Handset, UA } from './support/handset.js';
import { signedInMember } from './support/members.js';
import { weekOf } from '../core/games/service.js';

const clock = { t: Date.parse('2026-11-18T03:00:00Z'), now() { return this.t; } };

describe('week of a ranking', () => {
  it('runs Monday to Sunday in Japan', () => {
    expect(weekOf(Date.parse('2026-11-23T00:00:00+09:00'))).toBe('w2026-11-23'); // Monday 00:00 JST
    expect(weekOf(Date.parse('2026-11-22T23:59:59+09:00'))).toBe('w2026-11-16'); // Sunday night
    expect(weekOf(Date.parse('2026-11-29T23:59:00+09:00'))).toBe('w2026-11-23');
  });
});

describe.each(dialects())('Flash Lite games and rankings (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect, {}, clock);
  const s = () => gw.booted.services;

  const member = (kind: 'docomo' | 'au' | 'softbank' | 'pc', nickname?: string) => signedInMember(gw, kind, { ...(nickname ? { nickname } : {}), createdAt: clock.now() });

  /** Opens the game from the top page and returns the movie's URL and score address. */
  async function startPlay(m: Awaited<ReturnType<typeof member>>) {
    await m.h.get(m.home);
    await m.h.follow(/\/games$|\/games\?/);
    await m.h.follow(/\/games\/mash(\?|$)/);
    await m.h.follow(/\/games\/mash\/play/);
    const swfUrl = /<object[^>]*data="([^"]+)"/.exec(m.h.last.text)?.[1]?.replace(/&amp;/g, '&');
    expect(swfUrl).toBeDefined();
    const swf = await m.h.get(swfUrl!);
    expect(swf.status).toBe(200);
    expect(swf.headers.get('content-type')).toBe('application/x-shockwave-flash');
    expect(Buffer.from(swf.bytes.subarray(0, 3)).toString('latin1')).toBe('FWS');
    expect(swf.bytes[3]).toBe(4); // SWF 4: Flash Lite 1.1
    expect(new DataView(swf.bytes.buffer, swf.bytes.byteOffset).getUint32(4, true)).toBe(swf.bytes.length);
    const text = Buffer.from(swf.bytes).toString('latin1');
    const submit = /\/games\/mash\/score\?t=[A-Za-z0-9_-]+&s=/.exec(text)?.[0];
    expect(submit).toBeDefined();
    expect(text).toContain(submit!.replace('/score?', '/result?').replace('&s=', ''));
    return submit!;
  }

  /** The movie's loadVariables call: the answer is name=value pairs. */
  async function send(h: Handset, url: string) {
    const page = await h.get(url, false);
    return { status: page.status, vars: Object.fromEntries(new URLSearchParams(page.text)) };
  }

  it('plays on docomo, au and SoftBank: the movie sends its score once, and the rankings show it', async () => {
    const players = [await member('docomo', 'ドコモ連打'), await member('au', 'au連打'), await member('softbank', 'SB連打')];
    const scores = [111, 133, 122];
    for (const [i, p] of players.entries()) {
      const submit = await startPlay(p);
      clock.t += 11_000;
      // The movie opens its score address (Flash sends no session with it).
      const bare = new Handset(gw, p.h.ua, { ip: CARRIER_IP[(['docomo', 'au', 'softbank'] as const)[i]!] });
      const sent = await send(bare, `${submit}${scores[i]}`);
      expect(sent.status).toBe(200);
      expect(sent.vars).toMatchObject({ state: '3', best: String(scores[i]) });
      expect(bare.last.headers.get('content-type')).toMatch(/^text\/plain/);
      // The movie's next key press opens the result page.
      await bare.get(submit.replace('/score?', '/result?').replace('&s=', ''));
      expect(bare.last.text).toContain(`${scores[i]}回!`);
      // Sent again (a retry): refused, nothing recorded twice.
      expect(await send(bare, `${submit}${scores[i]! + 50}`)).toMatchObject({ status: 400, vars: { state: '4' } });
    }
    const top = players[1]!;
    await top.h.get('/games/mash/ranking?p=week');
    const page = top.h.last.text;
    expect(page.indexOf('au連打')).toBeLessThan(page.indexOf('SB連打'));
    expect(page.indexOf('SB連打')).toBeLessThan(page.indexOf('ドコモ連打'));
    expect(page).toContain('133回 ←あなた');
    expect(await s().games.myBest('mash', top.id)).toEqual({ week: 133, all: 133 });
  });

  it('refuses scores sent too soon, too high, for another game, long after, or not numbers', async () => {
    const p = await member('au');
    let submit = await startPlay(p);
    clock.t += 3_000;
    expect((await send(p.h, `${submit}50`)).status).toBe(400); // a 10-second game cannot end after 3 seconds
    clock.t += 8_000;
    expect((await send(p.h, `${submit}201`)).status).toBe(400); // above 20 presses a second
    expect((await send(p.h, `${submit}12abc`)).status).toBe(400);
    expect((await send(p.h, `${submit.replace('/games/mash/', '/games/other/')}50`)).status).toBe(404);
    expect(await send(p.h, `${submit}60`)).toMatchObject({ status: 200, vars: { state: '3' } });
    submit = await startPlay(p);
    clock.t += 31 * 60_000;
    expect((await send(p.h, `${submit}70`)).status).toBe(400);
    expect((await send(p.h, '/games/mash/score?t=nosuchtoken-nosuchtoken&s=5')).status).toBe(400);
    expect(await s().games.myBest('mash', p.id)).toMatchObject({ all: 60 });
  });

  it('ranks friends, keeps a week apart from all time, and hides blocked members', async () => {
    const a = await member('softbank', '友A');
    const b = await member('au', '友B');
    const stranger = await member('au', '他人C');
    const blocked = await member('au', 'ブロックD');
    await s().store.friendships.befriend(a.id, b.id, clock.now());
    await s().store.blocks.block(a.id, blocked.id, clock.now());
    for (const [p, score] of [[a, 40], [b, 45], [stranger, 150], [blocked, 160]] as const) {
      const submit = await startPlay(p);
      clock.t += 10_500;
      expect((await send(p.h, `${submit}${score}`)).status).toBe(200);
    }
    await a.h.get('/games/mash/ranking?p=week&f=1');
    expect(a.h.last.text).toContain('1位 友B 45回');
    expect(a.h.last.text).toContain('2位 友A 40回 ←あなた');
    expect(a.h.last.text).not.toContain('他人C');
    await a.h.get('/games/mash/ranking?p=week');
    expect(a.h.last.text).toContain('他人C');
    expect(a.h.last.text).not.toContain('ブロックD');
    // Next week: this week's ranking starts empty for them; all time keeps the best.
    clock.t += 7 * 86_400_000;
    const again = await member('softbank');
    await again.h.get('/games/mash/ranking?p=week');
    expect(again.h.last.text).not.toContain('他人C');
    await again.h.get('/games/mash/ranking?p=all');
    expect(again.h.last.text).toContain('他人C');
  });

  it('tells handsets without Flash Lite they cannot play, and serves no movie without a live token', async () => {
    const pc = await member('pc');
    await pc.h.get('/games');
    expect(pc.h.last.text).toContain('この機種では遊べません');
    await pc.h.get('/games/mash/play', false);
    expect(pc.h.last.status).toBe(302);
    expect((await pc.h.get('/games/mash/play.swf?t=forged-forged-forged', false)).status).toBe(400);
    const guest = new Handset(gw, UA.au, { ip: CARRIER_IP.au });
    await guest.get('/games', false);
    expect(guest.last.status).toBe(302);
  });

  it('charges a paid game its points once per play, through the ledger, and never below zero', async () => {
    const p = await member('softbank');
    await p.h.get('/games/number');
    expect(p.h.last.text).toContain('30ptであそぶ');
    await p.h.submit(p.h.formTo(/\/games\/number\/play/), {});
    expect(p.h.last.status).toBe(409);
    expect(p.h.last.text).toContain('ポイントが足りません');
    expect(await s().store.points.history(p.id, 10, 0)).toEqual([]);
    // A link cannot spend points: only the form does.
    await p.h.get('/games/number/play');
    expect(p.h.last.url).toMatch(/^\/games\/number(\?|$)/);
    await s().store.transaction((tx) => tx.points.append({ memberId: p.id, delta: 100, kind: 'course_grant', ref: `test-grant-${p.id}`, note: 'テスト', createdAt: clock.now() }));
    await p.h.get('/games/number');
    const form = p.h.formTo(/\/games\/number\/play/);
    await p.h.submit(form, {});
    expect(p.h.last.status).toBe(200);
    const swfUrl = /<object[^>]*data="([^"]+)"/.exec(p.h.last.text)?.[1]?.replace(/&amp;/g, '&');
    expect(await s().points.balance(p.id)).toBe(70);
    // The same form sent again (a handset retry) is acted on once.
    await p.h.submit(form, {});
    expect(p.h.last.status).toBe(409);
    expect(await s().points.balance(p.id)).toBe(70);
    const swf = Buffer.from((await p.h.get(swfUrl!)).bytes).toString('latin1');
    const submit = /\/games\/number\/score\?t=[A-Za-z0-9_-]+&s=/.exec(swf)![0];
    clock.t += 16_000;
    expect((await send(p.h, `${submit}91`)).status).toBe(400); // above 6 a second
    expect(await send(p.h, `${submit}42`)).toMatchObject({ status: 200, vars: { state: '3', best: '42' } });
    const history = await s().store.points.history(p.id, 10, 0);
    expect(history.map((e) => [e.delta, e.note])).toEqual([[-30, 'ゲーム 数字タッチ'], [100, 'テスト']]);
    expect(await s().store.points.ledgerSum(p.id)).toBe(70);
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      await p.h.get('/games/number');
      await p.h.submit(p.h.formTo(/\/games\/number\/play/), {});
      statuses.push(p.h.last.status);
    }
    expect(statuses).toEqual([200, 200, 409]); // 70 → 40 → 10, and 10 cannot pay for a third
    expect(await s().points.balance(p.id)).toBe(10);
  });

  it('shows the demo members in the ranking', async () => {
    const p = await member('au');
    await p.h.get('/games/mash/ranking?p=all');
    expect(p.h.last.text).toMatch(/位 auの花子 102回/);
  });
});
