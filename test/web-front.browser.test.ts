import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, emulatorSuite, SHOTS } from './support/browser.js';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

/** PCs and smartphones get the same pages in a layout made for them (markup html5). */
describe.skipIf(!browserAvailable)('the PC and smartphone front', () => {
  const suite = emulatorSuite('web-front');
  const sizes = [
    { name: 'pc-1280', viewport: { width: 1280, height: 900 }, userAgent: undefined },
    { name: 'phone-390', viewport: { width: 390, height: 844 }, userAgent: IPHONE },
  ] as const;

  async function windowOf(browser: Browser, size: (typeof sizes)[number]): Promise<Page> {
    const ctx = await browser.newContext({ viewport: size.viewport, ...(size.userAgent ? { userAgent: size.userAgent, isMobile: true, deviceScaleFactor: 2 } : {}) });
    return ctx.newPage();
  }

  /** What every page of the front must be: no keypad labels, no sideways scrolling, a readable column. */
  async function checkLayout(page: Page, width: number) {
    // No link carries a keypad digit ("[2]日記"); a game's description may still name its [5] key.
    const labelled = await page.$$eval('a', (as) => as.map((a) => a.textContent ?? '').filter((t) => /^\[[0-9*#]\]/.test(t)));
    expect(labelled).toEqual([]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
    const main = (await page.locator('main').boundingBox())!;
    expect(main.width).toBeLessThanOrEqual(Math.min(width, 760));
    expect(main.width).toBeGreaterThanOrEqual(Math.min(width, 700) - 20);
    expect(await page.locator('link[rel=icon][href="/favicon.ico"]').count()).toBe(1);
    expect(await page.locator('header.site .brand').textContent()).toBe('足あと');
  }

  for (const size of sizes) {
    it(`at ${size.viewport.width} px: a welcome that says what this is, then the signed-in pages with navigation and real photos`, async () => {
      const page = await windowOf(suite.browser, size);
      const w = size.viewport.width;
      await page.goto(`${suite.base}/`);
      await checkLayout(page, w);
      const intro = page.locator('section.intro');
      expect(await intro.textContent()).toContain('足あととは');
      // Development: the welcome points to the emulator.
      expect(await intro.locator('a[href="/emulator"]').count()).toBe(1);
      expect((await page.request.get(`${suite.base}/favicon.ico`)).status()).toBe(200);
      await page.screenshot({ path: `${SHOTS}/web-welcome-${size.name}.png`, fullPage: true });
      // Sign in from the navigation.
      await page.click('nav.site >> text=ログイン');
      await page.fill('input[name=login]', 'demo');
      await page.fill('input[name=password]', 'ashiato-demo');
      await Promise.all([page.waitForNavigation(), page.click('input[type=submit]')]);
      await checkLayout(page, w);
      expect(await page.textContent('main')).toContain('ウィルコム美咲さん');
      const nav = await page.locator('nav.site a').allTextContents();
      expect(nav).toEqual(expect.arrayContaining(['トップ', '日記を書く', 'メッセージ', '足あと', '設定']));
      await page.screenshot({ path: `${SHOTS}/web-top-${size.name}.png`, fullPage: true });
      // A profile with its photo: the large variant, drawn within the column.
      const docomo = (await suite.booted.services.store.members.findByLogin('demo_docomo'))!;
      await page.goto(`${suite.base}/members/${docomo.id}`);
      await checkLayout(page, w);
      const img = page.locator('main img').first();
      await expect.poll(() => img.evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth)).toBe(240);
      const box = (await img.boundingBox())!;
      expect(box.width).toBeGreaterThanOrEqual(200);
      expect(box.x + box.width).toBeLessThanOrEqual(w);
      await page.screenshot({ path: `${SHOTS}/web-profile-${size.name}.png`, fullPage: true });
      // A page of the handset menus: its footer links, no keypad digits.
      await page.goto(`${suite.base}/games`);
      await checkLayout(page, w);
      expect(await page.locator('footer.site a', { hasText: 'トップへ' }).count()).toBe(1);
      await page.context().close();
    }, 60_000);
  }
});
