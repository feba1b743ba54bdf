import { describe, expect, it } from 'vitest';
import { Jimp } from 'jimp';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { Handset, UA } from './support/handset.js';
import { signedInMember, type HandsetKind } from './support/members.js';
import { bombs } from './support/images.js';

async function png(w: number, h: number): Promise<Buffer> {
  const img = new Jimp({ width: w, height: h, color: 0xff8800ff });
  return img.getBuffer('image/png');
}

/** A multipart body as a browser builds it. */
async function multipart(fields: Record<string, string>, file?: { name: string; bytes: Uint8Array }) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (file) fd.append(file.name, new Blob([file.bytes as Uint8Array<ArrayBuffer>]), 'photo.png');
  const req = new Request('http://x/', { method: 'POST', body: fd });
  return { body: new Uint8Array(await req.arrayBuffer()), type: req.headers.get('content-type')! };
}

describe.each(dialects())('profile photos (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect);

  const member = (nickname: string, kind: HandsetKind = 'pc', ua?: string) => signedInMember(gw, kind, { nickname, ...(ua ? { ua } : {}) });
  const upload = async (h: Handset, bytes: Uint8Array | null, cut = 0) => {
    await h.get('/settings/photo');
    const csrf = h.form('csrf').fields.csrf!;
    const m = await multipart({ csrf }, bytes ? { name: 'photo', bytes } : undefined);
    return h.open('POST', '/settings/photo', m.body.subarray(0, m.body.length - cut), m.type);
  };

  it('uploads a photo, shows it on the profile, and serves per-width JPEG variants', async () => {
    const a = await member('しゃしん');
    const res = await upload(a.h, await png(800, 600));
    expect(res.status).toBe(200);
    expect(res.text).toContain('写真を登録しました');
    const { h: viewer } = await member('みるひと', 'au');
    await viewer.get(`/members/${a.id}`);
    const src = /<img src="(\/photos\/\d+\/(\d+))" width="(\d+)" height="(\d+)"/.exec(viewer.last.text);
    expect(src).not.toBeNull();
    expect(Number(src![2])).toBe(120);
    const img = await viewer.get(src![1]!);
    expect(img.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(img.bytes);
    expect(bytes.subarray(0, 2).toString('hex')).toBe('ffd8');
    const decoded = await Jimp.read(bytes);
    expect([decoded.bitmap.width, decoded.bitmap.height]).toEqual([120, 90]);
    // Served again from the variant cache, the same bytes.
    expect(Buffer.from((await viewer.get(src![1]!)).bytes).equals(bytes)).toBe(true);
    expect((await viewer.get(src![1]!.replace(/\/120$/, '/121'))).status).toBe(404);
    // A profile photo is as visible as the profile: members only, so a guest gets nothing.
    expect((await gw.request('GET', src![1]!)).status).toBe(404);
    // A 5 KB handset gets a link, not an inline image that would blow its page budget.
    const { h: tiny } = await member('ちいさい', 'docomo', UA.docomo501);
    const sid = new URL(tiny.last.url, gw.origin).searchParams.get('sid'); // i-mode without cookies: the session rides in the URL
    await tiny.get(`/members/${a.id}${sid ? `?sid=${sid}` : ''}`);
    expect(tiny.last.status).toBe(200);
    expect(tiny.last.text).not.toContain('<img');
    expect(tiny.last.text).toContain('写真を見る');
  });

  it('refuses broken, truncated, empty and oversized uploads with clear pages, keeping the old photo', async () => {
    const a = await member('こわれ');
    expect((await upload(a.h, await png(100, 100))).status).toBe(200);
    const before = (await gw.booted.services.profiles.get(a.id)).photoId;
    const broken = await upload(a.h, Buffer.from('this is not an image at all'));
    expect([broken.status, broken.text.includes('画像を読み取れませんでした')]).toEqual([400, true]);
    const truncated = await upload(a.h, await png(100, 100), 40);
    expect(truncated.status).toBe(400);
    expect(truncated.text).toMatch(/読み取れませんでした/);
    const empty = await upload(a.h, null);
    expect([empty.status, empty.text.includes('写真を選んでください')]).toEqual([400, true]);
    const huge = await upload(a.h, Buffer.alloc(2 * 1024 * 1024 + 100 * 1024, 7));
    expect(huge.status).toBe(413);
    expect((await gw.booted.services.profiles.get(a.id)).photoId).toBe(before);
    // A valid photo among thousands of parts (each one work for the parser, before any session
    // or CSRF check): refused as unreadable, nothing stored; a stranger gets the same page.
    await a.h.get('/settings/photo');
    const fd = new FormData();
    fd.append('csrf', a.h.form('csrf').fields.csrf!);
    fd.append('photo', new Blob([(await png(100, 100)) as Uint8Array<ArrayBuffer>]), 'photo.png');
    for (let i = 0; i < 3000; i++) fd.append(`f${i}`, new Blob(['x']), 'x');
    const many = new Request('http://x/', { method: 'POST', body: fd });
    const manyBody = new Uint8Array(await many.arrayBuffer());
    const parts = await a.h.open('POST', '/settings/photo', manyBody, many.headers.get('content-type')!);
    expect([parts.status, parts.text.includes('送信内容を読み取れませんでした')]).toEqual([400, true]);
    expect((await gw.booted.services.profiles.get(a.id)).photoId).toBe(before);
    const stranger = new Handset(gw, UA.pc, { keepsCookies: true });
    const far = await stranger.open('POST', '/settings/photo', manyBody, many.headers.get('content-type')!);
    expect([far.status, far.text.includes('送信内容を読み取れませんでした')]).toEqual([400, true]);
    // Multipart where no upload is taken.
    const m = await multipart({ login: 'x' });
    expect((await a.h.open('POST', '/login', m.body, m.type)).status).toBe(415);
  });

  it('refuses images over the pixel budget or with broken headers before decoding them, storing nothing', async () => {
    const a = await member('ばくだん');
    expect((await upload(a.h, await png(100, 100))).status).toBe(200);
    const before = (await gw.booted.services.profiles.get(a.id)).photoId;
    const b = await bombs();
    const cases: [string, Uint8Array, RegExp][] = [
      ['PNG claiming 8000×8000 (a 64 MB bitmap deflated to a few KB)', b.pngBomb, /画像が大きすぎます。1300万画素まで/],
      ['JPEG claiming 60000×60000', b.jpegHuge, /画像が大きすぎます/],
      ['JPEG claiming 5000×5000', b.jpegLarge, /画像が大きすぎます/],
      ['GIF with a 1×1 screen and a 6000×6000 frame', b.gifBigFrame, /画像が大きすぎます/],
      ['GIF with 150 frames', b.gifManyFrames, /コマ数が多すぎます\(100コマまで\)/],
      ['BMP claiming 10000×10000', b.bmpHuge, /画像が大きすぎます/],
      ['PNG cut short in its chunks', b.pngTruncated, /壊れているか、途中で切れています/],
      ['JPEG cut short in its scan', b.jpegTruncated, /壊れているか、途中で切れています/],
      ['PNG header only', b.pngHeaderOnly, /壊れているか、途中で切れています/],
      ['PNG with a second IHDR (the decoder would take its size, not the one checked)', b.pngTwoHeaders, /壊れているか、途中で切れています/],
      ['GIF hiding a frame inside an application block the decoder skips by a fixed length', b.gifHiddenFrame, /壊れているか、途中で切れています/],
      ['JPEG hiding 50 scans where a table segment overruns its length', b.jpegHiddenScans, /JPEG・GIF・PNGの写真を選んでください/],
      ['GIF cut in its frame', b.gifTruncated, /壊れているか、途中で切れています/],
      ['JPEG with 200 components', b.jpegPlanes, /壊れているか、途中で切れています/],
      ['TIFF', b.tiff, /JPEG・GIF・PNGの写真を選んでください/],
    ];
    for (const [what, bytes, message] of cases) {
      const res = await upload(a.h, bytes);
      expect([what, res.status]).toEqual([what, 400]);
      expect(res.text, what).toMatch(message);
      expect(res.text, what).toContain('<form');
    }
    expect((await gw.booted.services.profiles.get(a.id)).photoId).toBe(before);
    // Diary photos go through the same codec.
    const entry = await gw.booted.services.diary.write(a.id, { title: '爆弾', body: 'x', visibility: 'friends' });
    await a.h.get('/settings/photo');
    const csrf = a.h.form('csrf').fields.csrf!;
    const m = await multipart({ csrf }, { name: 'photo', bytes: b.pngBomb });
    const res = await a.h.open('POST', `/diary/${entry}/photos`, m.body, m.type);
    expect(res.status).toBe(400);
    expect(res.text).toContain('画像が大きすぎます');
    expect(await gw.booted.services.store.photos.forEntry(entry)).toEqual([]);
    // Ordinary GIF, BMP and JPEG files still go through. Nothing refused above was stored: no
    // photo lies between the one before and the first stored after (ids grow, though not by one
    // on a Galera cluster, whose nodes each take every third).
    const after: number[] = [];
    for (const mime of ['image/gif', 'image/bmp', 'image/jpeg'] as const) {
      const bytes = await new Jimp({ width: 50, height: 40, color: 0x3366ccff }).getBuffer(mime);
      const ok = await upload(a.h, bytes);
      expect([mime, ok.status]).toEqual([mime, 200]);
      after.push((await gw.booted.services.profiles.get(a.id)).photoId!);
    }
    expect([...after].sort((x, y) => x - y)).toEqual(after);
    expect(new Set([before, ...after]).size).toBe(4);
    for (let id = before! + 1; id < after[0]!; id++) expect(await gw.booted.services.store.photos.find(id)).toBeNull();
  });

  it('decodes at most 20 photos a member sends in an hour, then says to wait', async () => {
    const a = await member('たくさん');
    const small = await png(40, 30);
    for (let i = 0; i < 20; i++) expect((await upload(a.h, small)).status).toBe(200);
    const refused = await upload(a.h, small);
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('しばらくお待ちください');
    // Another member is not held up by it.
    const b = await member('ほかのひと');
    expect((await upload(b.h, small)).status).toBe(200);
  });

  it('adds up to three photos to a diary entry, each exactly as visible as the entry', async () => {
    const a = await member('にっき');
    const friend = await member('ゆうじん');
    const stranger = await member('たにん');
    await gw.booted.services.store.friendships.befriend(a.id, friend.id, Date.now());
    const entry = await gw.booted.services.diary.write(a.id, { title: '写真つき', body: '見て', visibility: 'friends' });
    const add = async (bytes: Uint8Array) => {
      // The token from any of the member's forms (the photo page drops its form at three).
      await a.h.get('/settings/photo');
      const csrf = a.h.form('csrf').fields.csrf!;
      const m = await multipart({ csrf }, { name: 'photo', bytes });
      return a.h.open('POST', `/diary/${entry}/photos`, m.body, m.type);
    };
    for (let i = 0; i < 3; i++) expect((await add(await png(300, 200))).status).toBe(200);
    const fourth = await add(await png(300, 200));
    expect([fourth.status, fourth.text.includes('3枚まで')]).toEqual([400, true]);
    await friend.h.get(`/diary/${entry}`);
    const srcs = [...friend.h.last.text.matchAll(/<img src="(\/photos\/\d+\/\d+)"/g)].map((m) => m[1]!);
    expect(srcs).toHaveLength(3);
    expect((await friend.h.get(srcs[0]!)).status).toBe(200);
    // Photo ids are sequential: guessing one must not reveal a friends-only photo.
    expect((await stranger.h.get(srcs[0]!)).status).toBe(404);
    expect((await new Handset(gw, UA.pc).get(srcs[1]!)).status).toBe(404);
    // Someone else cannot add photos to the entry.
    await friend.h.get(`/diary/${entry}/photos`);
    expect(friend.h.last.status).toBe(404);
    // Deleting the entry deletes its photos.
    await gw.booted.services.diary.delete(a.id, entry);
    expect(await gw.booted.services.store.photos.forEntry(entry)).toEqual([]);
  });

  it('hides the photo from a blocked member', async () => {
    const a = await member('ぶろっく');
    const b = await member('みえない');
    await upload(a.h, await png(64, 64));
    const id = (await gw.booted.services.profiles.get(a.id)).photoId!;
    await gw.booted.services.friends.block(a.id, b.id);
    await b.h.get(`/photos/${id}/64`);
    expect(b.h.last.status).toBe(404);
  });
});

describe('image header probe', () => {
  it('answers every cut or mutated file with a refusal reason, never another error', async () => {
    const fc = await import('fast-check');
    const { probeImage, ProbeError } = await import('../media/image-probe.js');
    const seeds = await Promise.all((['image/png', 'image/jpeg', 'image/gif', 'image/bmp'] as const).map(async (m) => Buffer.from(await new Jimp({ width: 30, height: 20, color: 0x123456ff }).getBuffer(m))));
    for (const s of seeds) expect(probeImage(s)).toMatchObject({ width: 30, height: 20, frames: 1 });
    // 1×1 checked, then a 20000×20000 IHDR that pngjs would decode (4.8 GB, 13 s): refused.
    const { twoHeaderPng } = await import('./support/images.js');
    expect(() => probeImage(twoHeaderPng(1, 1, 20000, 20000))).toThrow(ProbeError);
    // 82 bytes read as 1×1 by a header reader, decoded by omggif as 40000×40000 (13 s): refused.
    const { gifHiddenFrame } = await import('./support/images.js');
    expect(() => probeImage(gifHiddenFrame(40000, 40000))).toThrow(ProbeError);
    // 2,000 scans of a 13 MP frame hidden in a comment (about 2 s of decoding): all counted.
    const { hiddenScansJpeg } = await import('./support/images.js');
    expect(probeImage(hiddenScansJpeg(3600, 2000)).scans).toBeGreaterThan(2000);
    fc.assert(
      fc.property(fc.nat({ max: 3 }), fc.nat(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), (which, cut, flips) => {
        const b = Buffer.from(seeds[which]!);
        for (const [at, v] of flips) b[at % b.length] = v;
        const bytes = b.subarray(0, b.length - (cut % b.length));
        try {
          const info = probeImage(bytes);
          expect(info.width * info.height).toBeGreaterThan(0);
        } catch (e) {
          expect(e).toBeInstanceOf(ProbeError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('image codec queue', () => {
  it('decodes one image at a time and turns away what cannot wait', async () => {
    const { createJimpCodec } = await import('../media/jimp-codec.js');
    const { ImageRefused } = await import('../core/photos/service.js');
    const codec = createJimpCodec({ maxPixels: 1_000_000, maxFrames: 10, maxScans: 10, maxWaiting: 1 });
    const bytes = await png(200, 100);
    const results = await Promise.allSettled([1, 2, 3].map(() => codec.normalize(bytes, 640)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(ImageRefused);
    expect(((results[2] as PromiseRejectedResult).reason as InstanceType<typeof ImageRefused>).reason).toBe('busy');
    // The queue is free again afterwards.
    await expect(codec.normalize(bytes, 640)).resolves.toMatchObject({ width: 200, height: 100 });
  });
});
