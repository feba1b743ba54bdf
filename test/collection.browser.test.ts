import { describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { browserAvailable, emulatorSuite, screen, SHOTS } from './support/browser.js';

/** Skins and decorated messages as each handset shows them in the emulator (screenshots per carrier). */
describe.skipIf(!browserAvailable)('skins and decorated messages in the emulator (Chromium)', () => {
  const suite = emulatorSuite('collection');
  const open = async (page: Page, handset: string, path: string) => {
    await page.goto(`${suite.base}/emulator/view?h=${handset}&u=${encodeURIComponent(path)}`);
    return screen(page);
  };
  /** Signs in by easy login; returns a function opening a path in that session (docomo: sid in the URL). */
  const signIn = async (page: Page, handset: string) => {
    const s = await open(page, handset, '/');
    await Promise.all([page.waitForNavigation(), s.getByText('かんたんログイン').click()]);
    const sid = new URL(await page.inputValue('input[name=u]'), 'http://x').searchParams.get('sid');
    return (path: string) => open(page, handset, `${path}${sid ? `${path.includes('?') ? '&' : '?'}sid=${sid}` : ''}`);
  };
  type Styled = { getComputedStyle(e: unknown): { backgroundColor: string; color: string } };
  const bodyBackground = (s: Frame) => s.$eval('body', (b) => (globalThis as unknown as Styled).getComputedStyle(b).backgroundColor);
  const imagesLoaded = (s: Frame, selector: string) => s.$$eval(selector, (imgs) => imgs.map((i) => (i as unknown as { naturalWidth: number }).naturalWidth));

  it.each([
    ['docomo-n905i', 'docomo'],
    ['au-w53ca', 'au'],
    ['softbank-930sh', 'softbank'],
  ])('%s: auの花子\'s profile in her 「さくら」 design, and a decorated message', async (handset, carrier) => {
    const svc = suite.booted.services;
    const hanako = (await svc.store.members.findByLogin('demo_au'))!;
    const page = await suite.browser.newPage();
    const go = await signIn(page, handset);
    let s = await go(`/members/${hanako.id}`);
    expect(await bodyBackground(s)).toBe('rgb(255, 240, 245)');
    const header = await imagesLoaded(s, 'img[src*="skins"]');
    expect(header.length).toBe(1);
    expect(header[0]).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/skin-profile-${carrier}.png` });

    // A decorated message to this handset's demo member, with a gallery template and a pictogram.
    const me = (await svc.store.members.findByLogin(`demo_${carrier}`))!;
    const heart = (await svc.decoGallery.gallery(me.id)).find((g) => g.template.name === 'ハート')!.template.id;
    const id = await svc.messages.send(hanako.id === me.id ? (await svc.store.members.findByLogin('demo'))!.id : hanako.id, me.id, 'デコメ', '', {
      bg: '#ffe4ec',
      runs: [{ t: 'img', template: heart }, { t: 'br' }, { t: 'text', text: 'お花見しよう🌸', color: '#ff3399', size: 5, blink: true }],
    });
    s = await go(`/messages/${id}`);
    expect(await s.textContent('body')).toContain('お花見しよう');
    expect(await bodyBackground(s)).toBe('rgb(255, 228, 236)');
    expect((await imagesLoaded(s, 'img[src*="deco"]'))[0]).toBeGreaterThan(0);
    const pink = await s.$$eval('font, span', (els) => els.some((e) => (globalThis as unknown as Styled).getComputedStyle(e).color === 'rgb(255, 51, 153)'));
    expect(pink).toBe(true);
    await page.screenshot({ path: `${SHOTS}/decomail-${carrier}.png` });
    await page.close();
  });
});
