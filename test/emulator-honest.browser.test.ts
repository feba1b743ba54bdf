import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, emulatorSuite, screen } from './support/browser.js';

/** The emulator shows what the handset would see: its address bar, its ID, its session. */
describe.skipIf(!browserAvailable)('the emulator never lies', () => {
  const suite = emulatorSuite('emu-honest', 3900);
  const open = async (page: Page, handset: string, path = '/') => {
    await page.goto(`${suite.base}/emulator/view?h=${handset}&u=${encodeURIComponent(path)}`);
    return screen(page);
  };
  const submitBar = (page: Page) => Promise.all([page.waitForNavigation(), page.click('form.bar button')]);

  it('unticking "from carrier gateway" sends the request from outside: easy login is refused, the box stays unticked', async () => {
    const page = await suite.browser.newPage();
    await open(page, 'docomo-n905i', '/');
    await page.fill('input[name=u]', '/login/easy?guid=ON');
    await page.uncheck('form.bar input[type=checkbox][name=gw]');
    await submitBar(page);
    expect(await page.isChecked('form.bar input[type=checkbox][name=gw]')).toBe(false);
    expect(await screen(page).textContent('body')).toContain('携帯電話会社の回線からのアクセスではない');
    expect(await page.textContent('#chain')).toContain('403');
    // Ticked again: the same page signs in.
    await page.fill('input[name=u]', '/login/easy?guid=ON');
    await page.check('form.bar input[type=checkbox][name=gw]');
    await submitBar(page);
    expect(await page.isChecked('form.bar input[type=checkbox][name=gw]')).toBe(true);
    expect(await screen(page).textContent('body')).toContain('ドコモ太郎さん');
    await page.close();
  });

  it("switching handsets in the address bar sends the new handset's own subscriber ID, never the old carrier's", async () => {
    const page = await suite.browser.newPage();
    await open(page, 'docomo-n905i', '/');
    expect(await page.inputValue('input[name=id]')).toBe('DEMO001');
    await page.selectOption('select[name=h]', 'au-w53ca');
    await page.fill('input[name=u]', '/login/easy');
    await submitBar(page);
    expect(await page.inputValue('input[name=id]')).toBe('00000000000001_aa.ezweb.ne.jp');
    expect(await page.textContent('body')).not.toContain('DEMO001');
    expect(await screen(page).textContent('body')).toContain('auの花子さん');
    // Even without the page's script (a form sent as is), the server does not carry DEMO001 to au.
    await page.goto(`${suite.base}/emulator/view?ph=docomo-n905i&h=softbank-930sh&u=%2F&id=DEMO001&gw=1`);
    expect(await page.inputValue('input[name=id]')).toBe('cDEMO00000000001');
    await page.close();
  });

  it('the トップ button keeps a docomo URL session: still signed in', async () => {
    const page = await suite.browser.newPage();
    let s = await open(page, 'docomo-n905i', '/login/easy?guid=ON');
    expect(await s.textContent('body')).toContain('ドコモ太郎さん');
    await Promise.all([page.waitForNavigation(), page.click('#top')]);
    expect(await page.inputValue('input[name=u]')).toMatch(/^\/\?sid=/);
    s = screen(page);
    expect(await s.textContent('body')).toContain('ドコモ太郎さん');
    expect(await s.getByText('かんたんログイン').count()).toBe(0);
    await page.close();
  });

  it("opens a verification mail's link on the handset that joined, without another member's subscriber ID", async () => {
    const page = await suite.browser.newPage();
    // D505i sends DEMO001 by default: ドコモ太郎's bound ID, which must never reach the new member's links.
    let s = await open(page, 'docomo-d505i', '/register?code=DEMO-INVITE');
    await s.fill('input[name=nickname]', 'QA花子');
    await s.fill('input[name=birthDate]', '19850505');
    await s.fill('input[name=login]', 'qa_hanako');
    await s.fill('input[name=password]', 'qa-password');
    await s.fill('input[name=mail]', 'qa.hanako@docomo.ne.jp');
    await Promise.all([page.waitForNavigation(), s.click('input[type=submit]')]);
    expect(await screen(page).textContent('body')).toContain('確認メールを送りました');
    await page.goto(`${suite.base}/emulator/outbox`);
    const mail = page.locator('article', { hasText: 'qa.hanako@docomo.ne.jp' }).first();
    expect(await mail.textContent()).toContain('docomo D505i');
    // Shown in Japan time, not UTC ISO.
    expect(await mail.textContent()).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d \(日本時間\)/);
    expect(await mail.textContent()).not.toMatch(/T\d\d:\d\d:\d\d\.\d{3}Z/);
    await Promise.all([page.waitForNavigation(), mail.locator('a[href*="register%2Fverify"]').click()]);
    expect(await page.inputValue('select[name=h]')).toBe('docomo-d505i');
    expect(await page.inputValue('input[name=id]')).toBe('');
    expect(await page.textContent('body')).not.toContain('DEMO001');
    s = screen(page);
    expect(await s.textContent('body')).toContain('QA花子さん');
    await page.close();
  });

  it("opens a SoftBank member's notice on a SoftBank handset with that member's own bound ID: signed in as them", async () => {
    const svc = suite.booted.services;
    const from = (await svc.store.members.findByLogin('demo'))!;
    const to = (await svc.store.members.findByLogin('demo_softbank'))!;
    await svc.store.members.update(to.id, { mail: 'jiro.qa@softbank.ne.jp', mailVerifiedAt: Date.now() });
    await svc.messages.send(from.id, to.id, '届いてますか', '本文です');
    const page = await suite.browser.newPage();
    await page.goto(`${suite.base}/emulator/outbox`);
    const mail = page.locator('article', { hasText: 'jiro.qa@softbank.ne.jp' }).first();
    expect(await mail.textContent()).toContain('SoftBank 930SH');
    const link = mail.locator('pre a').first();
    const href = new URL((await link.getAttribute('href'))!, suite.base);
    expect(href.searchParams.get('h')).toBe('softbank-930sh');
    expect(href.searchParams.get('id')).toBe('cDEMO00000000001');
    await Promise.all([page.waitForNavigation(), link.click()]);
    expect(await page.inputValue('select[name=h]')).toBe('softbank-930sh');
    expect(await page.textContent('h3')).toContain('SoftBank 930SH');
    expect(await page.textContent('#chain')).not.toContain('guid=ON');
    // Easy login from there signs in as the recipient, by the ID the link carried.
    let s = screen(page);
    if (!(await s.textContent('body'))!.includes('ソフトバンク次郎さん')) {
      await Promise.all([page.waitForNavigation(), page.click('#top')]);
      s = screen(page);
      await Promise.all([page.waitForNavigation(), s.getByText('かんたんログイン').first().click()]);
      s = screen(page);
    }
    expect(await s.textContent('body')).toContain('ソフトバンク次郎さん');
    await page.close();
  });
});
