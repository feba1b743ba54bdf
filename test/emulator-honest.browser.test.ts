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
});
