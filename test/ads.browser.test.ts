import { describe, expect, it } from 'vitest';
import { browserAvailable, emulatorSuite, SHOTS } from './support/browser.js';
import { adDay } from '../core/ads/rules.js';

/** The demo advertiser's report in Chromium after a member's scripted page views and a click. */
describe.skipIf(!browserAvailable)('advertiser console report (Chromium)', () => {
  const suite = emulatorSuite('ads-console');

  it('signs in as the demo advertiser and sees the day’s impressions and clicks in the chart and table', async () => {
    const ctx = await suite.browser.newContext();
    const member = await ctx.newPage();
    // The demo PC member signs in: the top page carries the login jack (one impression).
    await member.goto(`${suite.base}/login`);
    await member.fill('input[name=login]', 'demo');
    await member.fill('input[name=password]', 'ashiato-demo');
    await Promise.all([member.waitForNavigation(), member.click('input[type=submit]')]);
    expect(await member.textContent('body')).toContain('おしらせ');
    // A diary entry: its completion screen carries the XL banner (a second impression); one click.
    await member.goto(`${suite.base}/diary/new`);
    await member.fill('input[name=title]', '広告テスト');
    await member.fill('textarea[name=body]', 'レモンソーダ🍋');
    await Promise.all([member.waitForNavigation(), member.click('input[type=submit]')]);
    expect(await member.textContent('body')).toContain('日記を書きました');
    await Promise.all([member.waitForNavigation(), member.click('a[href^="/ads/click/"]')]);
    expect(new URL(member.url()).pathname).toBe('/r');
    await ctx.close();

    const adv = await suite.browser.newPage();
    await adv.goto(`${suite.base}/advertiser`);
    await adv.fill('input[name=login]', 'demo-advertiser');
    await adv.fill('input[name=password]', 'ashiato-demo');
    await Promise.all([adv.waitForNavigation(), adv.click('input[type=submit]')]);
    await Promise.all([adv.waitForNavigation(), adv.click('a[href^="/advertiser/campaigns/"]')]);
    const today = adDay(Date.now());
    const bar = adv.locator(`#report-chart rect[data-day="${today}"]`);
    expect(await bar.getAttribute('data-impressions')).toBe('2');
    const box = await bar.boundingBox();
    expect(box!.height).toBeGreaterThan(50); // the day's bar is drawn (the tallest of the chart)
    expect(await adv.locator(`tr:has(td:text-is("${today}"))`).textContent()).toBe(`${today}21150.00%`) // 2 impressions, 1 member, 1 click, CTR 50%;
    await adv.screenshot({ path: `${SHOTS}/advertiser-report.png`, fullPage: true });
    await adv.close();
  }, 90_000);
});
