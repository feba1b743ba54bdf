import { describe, expect, it } from 'vitest';
import { Jimp } from 'jimp';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { CARRIER_IP, DEMO_SUBSCRIBER, Handset, UA } from './support/handset.js';
import { signedInMember, type HandsetKind } from './support/members.js';
import { VISIBILITIES, type Visibility } from '../core/diary/ports.js';

type M = Awaited<ReturnType<typeof signedInMember>>;
const jpeg = async (w = 480, h = 360) => Buffer.from(await new Jimp({ width: w, height: h, color: 0x22aa66ff }).getBuffer('image/jpeg'));

/** Uploads through the album's upload form as a browser builds multipart (hidden fields kept). */
async function upload(m: M, albumId: number, bytes: Uint8Array, caption: string) {
  await m.go(`/albums/${albumId}/photos/new`);
  const f = m.h.form('caption');
  const fd = new FormData();
  for (const [k, v] of Object.entries({ ...f.fields, caption })) fd.append(k, v);
  fd.append('photo', new Blob([bytes as Uint8Array<ArrayBuffer>]), 'photo.jpg');
  const req = new Request('http://x/', { method: 'POST', body: fd });
  return m.h.open('POST', f.action, new Uint8Array(await req.arrayBuffer()), req.headers.get('content-type')!);
}

async function createAlbum(m: M, title: string, visibility: Visibility = 'friends') {
  await m.go('/albums/new');
  await m.h.submit(m.h.form('title'), { title, description: 'せつめい', visibility });
  const id = /\/albums\/(\d+)/.exec(m.h.last.url)?.[1];
  expect(id, m.h.last.text.slice(0, 400)).toBeDefined();
  return Number(id);
}

describe.each(dialects())('photo albums (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect);
  const store = () => gw.booted.services.store;

  it.each<HandsetKind>(['docomo', 'au', 'softbank'])('creates, fills, comments on, covers and deletes an album from %s', async (kind) => {
    const a = await signedInMember(gw, kind, { nickname: `撮る人${kind}` });
    const friend = await signedInMember(gw, 'au', { nickname: '見る友' });
    await store().friendships.befriend(a.id, friend.id, Date.now());
    const albumId = await createAlbum(a, `旅行${kind}`);
    const up = await upload(a, albumId, await jpeg(), 'umi');
    expect(up.status, up.text.slice(0, 300)).toBe(200);
    const photoId = Number(/\/photos\/(\d+)/.exec(up.url)?.[1]);
    expect(up.text).toContain('umi');
    expect(up.text).toContain('(表紙の写真)');
    // A second photo, made the cover.
    const up2 = await upload(a, albumId, await jpeg(320, 240), 'yama');
    const photo2 = Number(/\/photos\/(\d+)$|\/photos\/(\d+)\?/.exec(up2.url)?.slice(1).find(Boolean));
    await a.h.submit(a.h.formTo(/\/cover/), {});
    expect((await store().albums.find(albumId))?.coverPhotoId).toBe(photo2);

    // The friend sees it on the top page, in the list, and comments on a photo.
    await friend.go('/');
    expect(friend.h.last.text).toContain(`旅行${kind}`);
    await friend.go(`/members/${a.id}/albums`);
    expect(friend.h.last.text).toContain(`旅行${kind}`);
    await friend.go(`/albums/${albumId}/photos/${photoId}`);
    expect(friend.h.last.text).toContain(`/photos/${photoId}/240`);
    await friend.h.submit(friend.h.form('body'), { body: 'きれい' });
    expect(friend.h.last.text).toContain('きれい');

    // The variant served to the friend's au handset is 240 px wide, a JPEG.
    await friend.go(`/photos/${photoId}/240`);
    expect(friend.h.last.headers.get('content-type')).toBe('image/jpeg');
    expect((await Jimp.read(Buffer.from(friend.h.last.bytes))).width).toBe(240);

    // Delete a photo, then the album: its photos go with it.
    await a.go(`/albums/${albumId}/photos/${photoId}`);
    await a.h.submit(a.h.formTo(/\/photos\/\d+\/delete/), {});
    expect(await store().albums.photo(photoId)).toBeNull();
    expect(await store().photos.find(photoId)).toBeNull();
    await a.go(`/albums/${albumId}`);
    await a.h.submit(a.h.formTo(/\/albums\/\d+\/delete/), {});
    expect(await store().albums.find(albumId)).toBeNull();
    expect(await store().photos.find(photo2)).toBeNull();
  });

  it('seeds the demo set with an album with photos and a few echoes', async () => {
    const docomo = new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo, subscriber: [...DEMO_SUBSCRIBER.docomo] });
    await docomo.easyLogin();
    expect(docomo.signedIn()).toBe(true);
    const sid = new URL(docomo.last.url, gw.origin).searchParams.get('sid');
    const go = (p: string) => docomo.get(`${p}${p.includes('?') ? '&' : '?'}sid=${sid}`);
    const au = (await store().members.findByLogin('demo_au'))!.id;
    await go(`/members/${au}/albums`);
    expect(docomo.last.text).toContain('お花見');
    expect(docomo.last.text).toContain('(3枚)');
    await go('/echo');
    expect(docomo.last.text).toContain('新しいケータイにしたよ');
    expect(docomo.last.text).toContain('いいなー');
    await go('/');
    expect(docomo.last.text).toContain('マイミクの更新アルバム');
    expect(docomo.last.text).toContain('お花見');
  });

  it('serves each handset its own variant: GIF within a 5 KB handset\'s budget, JPEG at 240 px to au, made once', async () => {
    const owner = await signedInMember(gw, 'pc');
    const s = gw.booted.services;
    const albumId = await s.albums.create(owner.id, { title: 'variants', description: '', visibility: 'members' });
    // A noisy picture, so the bytes depend on the size.
    const img = new Jimp({ width: 480, height: 360, color: 0 });
    img.scan(0, 0, 480, 360, (x, y, idx) => {
      img.bitmap.data[idx] = (x * 7919 + y * 104729) % 256;
      img.bitmap.data[idx + 1] = (x * y) % 256;
      img.bitmap.data[idx + 2] = (x ^ y) % 256;
      img.bitmap.data[idx + 3] = 255;
    });
    const photoId = await s.albums.addPhoto(owner.id, albumId, Buffer.from(await img.getBuffer('image/jpeg')), '');
    const old = await signedInMember(gw, 'docomo', { ua: UA.docomo501 });
    const res = await old.go(`/photos/${photoId}/240`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/gif');
    expect(Buffer.from(res.bytes).subarray(0, 3).toString('latin1')).toBe('GIF');
    const au = await signedInMember(gw, 'au');
    const jpegRes = await au.go(`/photos/${photoId}/240`);
    expect(jpegRes.headers.get('content-type')).toBe('image/jpeg');
    expect((await Jimp.read(Buffer.from(jpegRes.bytes))).width).toBe(240);
    // Cached: the same bytes again, from the variant store.
    const again = await old.go(`/photos/${photoId}/240`);
    expect(Buffer.from(again.bytes).equals(Buffer.from(res.bytes))).toBe(true);
  });

  it('refuses a non-image and a broken image with a clear page, storing nothing', async () => {
    const a = await signedInMember(gw, 'softbank');
    const albumId = await createAlbum(a, 'だめな写真');
    const bad = await upload(a, albumId, Buffer.from('not an image'), '');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('画像を読み取れませんでした');
    expect((await store().albums.find(albumId))?.photoCount).toBe(0);
  });

  it('shows album photos and their variants exactly as the album\'s visibility allows (access matrix)', async () => {
    const owner = await signedInMember(gw, 'pc', { nickname: 'もちぬし' });
    const friend = await signedInMember(gw, 'au');
    const fof = await signedInMember(gw, 'docomo');
    const member = await signedInMember(gw, 'softbank');
    const blocked = await signedInMember(gw, 'pc');
    const now = Date.now();
    await store().friendships.befriend(owner.id, friend.id, now);
    await store().friendships.befriend(friend.id, fof.id, now);
    await store().friendships.befriend(owner.id, blocked.id, now);
    await store().blocks.block(blocked.id, owner.id, now);
    const guest = new Handset(gw, UA.pc, { keepsCookies: true });
    const s = gw.booted.services;
    const allowed: Record<string, Visibility[]> = {
      self: [...VISIBILITIES],
      friend: ['friends', 'friends-of-friends', 'members', 'public'],
      fof: ['friends-of-friends', 'members', 'public'],
      member: ['members', 'public'],
      guest: ['public'],
      blocked: [],
    };
    const viewers: [string, (p: string) => Promise<{ status: number }>][] = [
      ['self', owner.go], ['friend', friend.go], ['fof', fof.go], ['member', member.go], ['guest', (p) => guest.get(p)], ['blocked', blocked.go],
    ];
    for (const v of VISIBILITIES) {
      const albumId = await s.albums.create(owner.id, { title: `v-${v}`, description: '', visibility: v });
      const photoId = await s.albums.addPhoto(owner.id, albumId, await jpeg(200, 150), 'c');
      for (const [who, go] of viewers) {
        const ok = allowed[who]!.includes(v);
        for (const path of [`/albums/${albumId}`, `/albums/${albumId}/photos/${photoId}`, `/photos/${photoId}/120`, `/photos/${photoId}/240`]) {
          const res = await go(path);
          if (ok) expect(res.status, `${who} ${v} ${path}`).toBe(200);
          else expect(res.status, `${who} ${v} ${path}`).toBe(404);
        }
      }
    }
    // Lists: members only, never for the blocked member.
    expect((await guest.get(`/members/${owner.id}/albums`)).text).not.toContain('v-public');
    expect((await blocked.go(`/members/${owner.id}/albums`)).status).toBe(404);
  });
});
