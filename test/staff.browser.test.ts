import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, emulatorSuite, SHOTS } from './support/browser.js';

async function signIn(browser: Browser, base: string, login: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${base}/login`);
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', 'ashiato-demo');
  await Promise.all([page.waitForNavigation(), page.click('input[type=submit]')]);
  return page;
}

const submit = (page: Page, selector: string) => Promise.all([page.waitForNavigation(), page.click(selector)]);

/** The demo staff walks a member's report through the console in Chromium: report → hide → suspend. */
describe.skipIf(!browserAvailable)('staff console: report → hide → suspend (Chromium)', () => {
  const suite = emulatorSuite('staff-console');

  it('hides the reported diary entry for everyone and suspends its author', async () => {
    const author = await signIn(suite.browser, suite.base, 'demo');
    await author.goto(`${suite.base}/diary/new`);
    await author.fill('input[name=title]', '怪しい儲け話');
    await author.fill('textarea[name=body]', '絶対に儲かる話があります💰');
    await submit(author, 'input[type=submit]');
    const entry = /\/diary\/(\d+)/.exec(author.url())![1];

    const reader = await signIn(suite.browser, suite.base, 'demo_docomo');
    await reader.goto(`${suite.base}/diary/${entry}`);
    expect(await reader.textContent('body')).toContain('絶対に儲かる話');
    await reader.goto(`${suite.base}/report?kind=diary&id=${entry}`);
    await reader.fill('textarea[name=reason]', '詐欺の勧誘です');
    await submit(reader, 'input[type=submit]');

    const staff = await (await suite.browser.newContext()).newPage();
    await staff.goto(`${suite.base}/staff`);
    expect(new URL(staff.url()).pathname).toBe('/staff/login');
    await staff.fill('input[name=login]', 'demo-staff');
    await staff.fill('input[name=password]', 'ashiato-demo');
    await submit(staff, 'input[type=submit]');
    await submit(staff, 'a[href="/staff/reports"]');
    await submit(staff, `tr:has-text("怪しい儲け話") a[href^="/staff/reports/"]`);
    const detail = await staff.textContent('body');
    for (const t of ['絶対に儲かる話があります', '詐欺の勧誘です', 'ウィルコム美咲']) expect(detail).toContain(t);
    await staff.screenshot({ path: `${SHOTS}/staff-report.png`, fullPage: true });

    await submit(staff, 'input[value="この内容を非表示にする"]');
    expect(await staff.textContent('body')).toContain('この内容は非表示にしています');
    await reader.goto(`${suite.base}/diary/${entry}`);
    expect(await reader.textContent('body')).toContain('ページが見つかりません');

    await submit(staff, 'input[value="投稿者を利用停止にする"]');
    expect(await staff.textContent('body')).toContain('suspended');
    await author.goto(`${suite.base}/`);
    expect(await author.textContent('body')).toContain('利用停止中');
    await author.goto(`${suite.base}/diary/new`);
    expect(await author.textContent('body')).toContain('利用停止中');

    await submit(staff, 'a[href="/staff"]');
    await submit(staff, 'a[href="/staff/audit"]');
    const audit = await staff.textContent('body');
    for (const a of ['login', 'content.hide', 'member.suspend']) expect(audit).toContain(a);
    await staff.screenshot({ path: `${SHOTS}/staff-audit.png`, fullPage: true });
  }, 120_000);
});
