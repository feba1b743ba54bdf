import { describe, expect, it } from 'vitest';
import { Jimp } from 'jimp';
import { gatewayForSuite } from './support/gateway.js';
import { signedInMember } from './support/members.js';
import { CARRIER_IP, DEMO_SUBSCRIBER, Handset, UA } from './support/handset.js';

describe('small things a tester saw', () => {
  const gw = gatewayForSuite('sqlite');

  it('the top page menu gives ポイント a keypad key like its neighbours', async () => {
    const m = await signedInMember(gw, 'docomo');
    await m.h.get(m.home);
    expect(m.h.last.text).toMatch(/<a href="\/points[^"]*" accesskey="\*">\[\*\]ポイント<\/a>/);
    // One key, one link: no other link on the page takes the same key.
    expect(m.h.last.text.match(/accesskey="\*"/g)).toHaveLength(1);
  });

  it('/favicon.ico is an icon, for every browser that asks', async () => {
    const res = await gw.request('GET', '/favicon.ico', { headers: { 'User-Agent': UA.pc } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/x-icon');
    const ico = Buffer.from(await res.arrayBuffer());
    expect([...ico.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
    expect(ico.readUInt16LE(4)).toBeGreaterThanOrEqual(1);
    // Its first image is a PNG a browser decodes.
    const png = ico.subarray(ico.readUInt32LE(6 + 12), ico.readUInt32LE(6 + 12) + ico.readUInt32LE(6 + 8));
    expect((await Jimp.read(png)).bitmap.width).toBe(32);
  });

  it("demo members' profile photos are pictures, not flat colour squares", async () => {
    const h = new Handset(gw, UA.au, { ip: CARRIER_IP.au, subscriber: [...DEMO_SUBSCRIBER.au], keepsCookies: true });
    await h.easyLogin();
    expect(h.signedIn()).toBe(true);
    const docomo = (await gw.booted.services.store.members.findByLogin('demo_docomo'))!;
    await h.get(`/members/${docomo.id}`);
    const src = /<img[^>]*src="([^"]*\/photos\/[^"]*)"/.exec(h.last.text)?.[1]?.replace(/&amp;/g, '&');
    expect(src).toBeDefined();
    const img = await h.get(src!);
    expect(img.status).toBe(200);
    const pic = await Jimp.read(Buffer.from(img.bytes));
    const colours = new Set<number>();
    pic.scan(0, 0, pic.bitmap.width, pic.bitmap.height, (_x, _y, i) => void colours.add((pic.bitmap.data[i]! >> 4 << 8) | (pic.bitmap.data[i + 1]! >> 4 << 4) | (pic.bitmap.data[i + 2]! >> 4)));
    expect(colours.size).toBeGreaterThan(20);
  });
});
