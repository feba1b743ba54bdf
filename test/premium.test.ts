import { describe, expect, it } from 'vitest';
import { Jimp } from 'jimp';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { signedInMember, postDiary } from './support/members.js';
import { PHOTO_QUOTA } from '../core/photos/service.js';
import { courseRoundTrip } from './support/billing.js';

/** A clock the test moves: months are Japanese calendar months. */
const clock = { t: Date.parse('2026-11-15T03:00:00Z'), now() { return this.t; } };
const jpeg = async () => Buffer.from(await new Jimp({ width: 64, height: 48, color: 0x22aa66ff }).getBuffer('image/jpeg'));

type M = Awaited<ReturnType<typeof signedInMember>>;

/** Sends a photo through a page's upload form as a browser builds multipart (hidden fields kept). */
async function upload(m: M, page: string, field: string, extra: Record<string, string> = {}) {
  await m.go(page);
  const f = m.h.form(field);
  const fd = new FormData();
  for (const [k, v] of Object.entries({ ...f.fields, ...extra })) fd.append(k, v);
  fd.append('photo', new Blob([(await jpeg()) as Uint8Array<ArrayBuffer>]), 'photo.jpg');
  const req = new Request('http://x/', { method: 'POST', body: fd });
  return m.h.open('POST', f.action, new Uint8Array(await req.arrayBuffer()), req.headers.get('content-type')!);
}

describe.each(dialects())('mixi Premium (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect, {}, clock);
  const s = () => gw.booted.services;
  const member = (kind: 'docomo' | 'au' | 'softbank' | 'pc', nickname?: string) => signedInMember(gw, kind, { createdAt: clock.now(), ...(nickname ? { nickname } : {}) });

  /** Joins or cancels Premium through /premium, the carrier's confirmation page and back (each carrier's own way). */
  async function viaCarrier(m: M, op: 'join' | 'cancel') {
    const r = await courseRoundTrip(gw, m, '/premium', op);
    expect(r.location).toMatch(/\/sandbox\/billing\/\w+\/confirm\?.*product=premium/);
    expect(r.confirmation.text).toContain('プレミアム 月額315円');
    expect(r.done.text).toContain(`プレミアムの${op === 'join' ? '登録' : '解約'}が完了しました`);
    return r.atCarrier;
  }

  /** Fills a member's photo store up to `n` photos (rows as any feature stores them). */
  async function fill(memberId: number, n: number) {
    const data = await jpeg();
    for (let i = 0; i < n; i++) await s().store.photos.insert({ memberId, width: 64, height: 48, data, createdAt: clock.now() });
  }

  it('is a second course at the carrier: joined, billed monthly and settled apart from the point course, granting no points', async () => {
    const m = await member('au');
    await m.go('/premium');
    expect(m.h.last.text).toContain('未登録');
    expect((await viaCarrier(m, 'join')).text).toContain('お申し込みを受け付けました');
    expect(m.h.last.text).toContain('プレミアムの登録が完了しました');
    await m.go('/premium');
    expect(m.h.last.text).toContain('登録中');
    expect(await s().premium.isActive(m.id)).toBe(true);
    // Premium is not the point course: no points, and the point course is still open to join.
    expect(await s().course.isActive(m.id)).toBe(false);
    expect(await s().points.balance(m.id)).toBe(0);
    expect(await s().store.points.ledgerSum(m.id)).toBe(0);

    // December: the carrier renews the line as Premium; its settlement is Premium's, and the point
    // course's settlement does not see the line.
    clock.t = Date.parse('2026-12-01T00:10:00Z');
    const run = await s().sandbox!.runMonthlyBilling('2026-12');
    const contract = (await s().premium.heldContracts()).find((h) => h.sub.memberId === m.id)!.sub.contractRef;
    const line = s().sandbox!.lines.get(contract)!;
    expect(line.product).toBe('premium');
    expect(run.find((r) => r.contract === line.contract)?.delivered).toBe(200);
    expect((await s().premium.status(m.id)).paidThrough).toBe('2026-12');
    const premiumSettle = JSON.parse((await s().sandbox!.settle('au', '2026-12', 'premium')).text);
    expect(premiumSettle.result).toBe('reconciled');
    expect(premiumSettle.report.problems).toEqual([]);
    const pointSettle = JSON.parse((await s().sandbox!.settle('au', '2026-12')).text);
    expect(JSON.stringify(pointSettle.report.problems)).not.toContain(line.contract);

    // Cancelling: benefits last through the month paid for.
    const h2 = await m.fresh(); // the clock moved past the session's life
    expect((await viaCarrier({ ...m, h: h2, go: (p: string) => h2.get(p) }, 'cancel')).text).toContain('解約を受け付けました');
    expect((await s().premium.status(m.id)).state).toBe('cancelled');
    expect(await s().premium.isActive(m.id)).toBe(true);
    clock.t = Date.parse('2026-11-15T03:00:00Z');
  });

  it('lets only Premium members search their messages, never across a block', async () => {
    const a = await member('docomo', 'さがす人');
    const b = await member('pc', 'おくる人');
    const blocked = await member('pc', 'ブロック相手');
    await s().messages.send(b.id, a.id, 'お花見の件', '土曜日に集合しましょう');
    await s().messages.send(a.id, b.id, '別件', 'お弁当はどうする?');
    await s().messages.send(blocked.id, a.id, 'お花見', 'ひみつ');
    await s().store.blocks.block(a.id, blocked.id, clock.now());

    await a.go('/messages/search?q=%82%A8%89%D4%8C%A9'); // お花見 in Shift_JIS
    expect(a.h.last.status).toBe(403);
    expect(a.h.last.text).toContain('メッセージ検索はプレミアム会員(月額315円)の機能です');
    expect(a.h.last.text).not.toContain('お花見の件');

    expect((await viaCarrier(a, 'join')).status).toBe(200);
    await a.go('/messages/search?q=%82%A8%89%D4%8C%A9');
    expect(a.h.last.status).toBe(200);
    expect(a.h.last.text).toContain('お花見の件');
    expect(a.h.last.text).toContain('おくる人');
    expect(a.h.last.text).not.toContain('ブロック相手');
    await a.go('/messages/search?q=%82%A8%95%D9%93%96'); // お弁当: a sent message is found too
    expect(a.h.last.text).toContain('別件');
    // Someone else's messages are never found.
    const other = await member('pc');
    await s().messages.send(b.id, other.id, 'お花見の件(別)', 'x');
    await a.go('/messages/search?q=%82%A8%89%D4%8C%A9');
    expect(a.h.last.text).not.toContain('(別)');
  });

  it('finds no message staff hid or an NG word held (the held one by its author only), and a held decorated message sends no deco-mail', async () => {
    const a = await signedInMember(gw, 'docomo', { createdAt: clock.now(), nickname: 'けんさく', mail: `kensaku${Date.now() % 100000}@docomo.ne.jp` });
    const b = await member('docomo', 'あいて');
    const c = await member('pc', 'だれか');
    await s().store.ngWords.put('あやしい', 'hold', clock.now());
    try {
      const before = gw.mails.length;
      await s().messages.send(b.id, a.id, '花火の件', 'ふつうの花火');
      // A message that is not held is announced to the recipient's mail.
      expect(gw.mails.length).toBe(before + 1);
      const held = await s().messages.send(b.id, a.id, '花火セール', 'あやしい花火');
      const hidden = await s().messages.send(c.id, a.id, '花火大会', 'いく?');
      await s().store.hiddenContent.hide({ kind: 'message', targetId: hidden, reason: 'staff', word: '', createdAt: clock.now() });
      const mails = gw.mails.length;
      const decoHeld = await s().messages.send(c.id, a.id, '花火デコ', '', { bg: '#ffffff', runs: [{ t: 'text', text: 'あやしい花火デコ' }] });
      expect(gw.mails.length).toBe(mails);
      expect(await s().store.messageDecorations.find(decoHeld)).not.toBeNull();
      await viaCarrier(a, 'join');
      await a.go('/messages/search?q=%89%D4%89%CE'); // 花火 in Shift_JIS
      expect(a.h.last.status).toBe(200);
      expect(a.h.last.text).toContain('花火の件');
      for (const gone of ['花火セール', '花火大会', '花火デコ']) expect(a.h.last.text).not.toContain(gone);
      expect((await a.go(`/messages/${held}`)).status).toBe(404);
      // The author of the held message still finds it (as the gate shows them their own held post).
      await viaCarrier(b, 'join');
      await b.go('/messages/search?q=%89%D4%89%CE');
      expect(b.h.last.text).toContain('花火セール');
    } finally {
      await s().store.ngWords.remove('あやしい');
    }
  });

  it('refuses a photo over the quota with a clear page wherever photos are stored, and Premium keeps more', async () => {
    const m = await member('softbank');
    await fill(m.id, PHOTO_QUOTA.member);
    const entry = await postDiary(m, { title: '写真日記', body: 'ほんぶん', visibility: 'friends' });
    await m.go('/albums/new');
    await m.h.submit(m.h.form('title'), { title: 'アルバム', description: 'x', visibility: 'friends' });
    const album = /\/albums\/(\d+)/.exec(m.h.last.url)![1]!;
    for (const [page, field, extra] of [
      ['/settings/photo', 'photo', {}],
      [`/diary/${entry}/photos`, 'photo', {}],
      [`/albums/${album}/photos/new`, 'caption', { caption: 'c' }],
    ] as const) {
      const r = await upload(m, page, field, extra);
      expect(r.status, page).toBe(400);
      expect(r.text, page).toContain(`保存できる写真は${PHOTO_QUOTA.member}枚までです(いま${PHOTO_QUOTA.member}枚)`);
      expect(r.text).toContain('プレミアム(月額315円)なら2,000枚まで');
    }
    expect(await s().store.photos.countByMember(m.id)).toBe(PHOTO_QUOTA.member);

    expect((await viaCarrier(m, 'join')).status).toBe(200);
    const ok = await upload(m, `/albums/${album}/photos/new`, 'caption', { caption: 'ok' });
    expect(ok.status, ok.text.slice(0, 300)).toBe(200);
    expect(await s().store.photos.countByMember(m.id)).toBe(PHOTO_QUOTA.member + 1);
    await m.go('/premium');
    expect(m.h.last.text).toContain(`保存している写真: ${PHOTO_QUOTA.member + 1}枚 / 2,000枚`);

    // Premium's quota is enforced too.
    await fill(m.id, PHOTO_QUOTA.premium - PHOTO_QUOTA.member - 1);
    const over = await upload(m, '/settings/photo', 'photo');
    expect(over.status).toBe(400);
    expect(over.text).toContain('保存できる写真は2,000枚までです(いま2,000枚)');
  });
});
