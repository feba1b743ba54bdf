import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, emulatorSuite, screen, SHOTS } from './support/browser.js';

/** The emulator shows what the handset would see: its address bar, its ID, its session. */
describe.skipIf(!browserAvailable)('the emulator never lies', () => {
  const suite = emulatorSuite('emu-honest');
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

  it("types pictograms as the handset's own codes (palette, decimal and hex references, pasted private-use), and shows each carrier's code and the source", async () => {
    const ctx = await suite.browser.newContext();
    const page = await ctx.newPage();
    let s = await open(page, 'docomo-n905i', '/login/easy?guid=ON');
    const sid = new URL(await page.inputValue('input[name=u]'), 'http://x').searchParams.get('sid')!;
    s = await open(page, 'docomo-n905i', `/diary/new?sid=${sid}`);
    // The palette: docomo's 252 pictograms, named in Japanese, with their codes.
    const buttons = page.locator('#palette button.pict');
    expect(await buttons.count()).toBe(252);
    const sunny = page.locator('#palette button.pict[title^="晴れ —"]');
    expect(await sunny.getAttribute('title')).toBe('晴れ — SJIS F89F (U+E63E)');
    await page.click('#palette summary');
    await s.fill('input[name=title]', '天気');
    await s.click('textarea[name=body]');
    await sunny.click();
    await s.locator('textarea[name=body]').pressSequentially('と&#63647;と&#xE63F;と\uE640');
    await s.selectOption('select[name=visibility]', 'members');
    await Promise.all([page.waitForNavigation(), s.click('input[type=submit]')]);
    const id = /\/diary\/(\d+)/.exec(await page.inputValue('input[name=u]'))![1]!;
    const body = (await suite.booted.services.store.diary.find(Number(id)))!.body;
    expect(body).not.toMatch(/〓|&#/);
    expect([...new Intl.Segmenter('ja', { granularity: 'grapheme' }).segment(body)].length).toBe(7);
    // The inspector: each pictogram with the code the handset got.
    const list = await page.textContent('#pictograms');
    expect(list).toContain('晴れ — SJIS F89F (U+E63E)');
    expect(list).toContain('曇り — SJIS F8A0 (U+E63F)');
    expect(list).toContain('雨 — SJIS F8A1 (U+E640)');
    // The screen marks each pictogram with its code (shown on demand).
    expect(await screen(page).locator('.emu-pict[data-code="SJIS F89F (U+E63E)"]').count()).toBeGreaterThan(0);
    // The source: the page decoded for reading, pictograms as their codes, and the exact bytes to save.
    expect(await page.textContent('#source pre')).toContain('〔SJIS F89F (U+E63E) 晴れ〕');
    const saved = await page.request.get(`${suite.base}/emulator/source?h=docomo-n905i`);
    expect(saved.status()).toBe(200);
    expect(Buffer.from(await saved.body()).includes(Buffer.from([0xf8, 0x9f]))).toBe(true);
    // The same entry on au and SoftBank: the same pictograms, each carrier's own code.
    await open(page, 'au-w53ca', '/login/easy');
    await open(page, 'au-w53ca', `/diary/${id}`);
    expect(await page.textContent('#pictograms')).toContain("太陽 — SJIS F660 (U+E488)");
    await open(page, 'softbank-930sh', '/login/easy');
    await open(page, 'softbank-930sh', `/diary/${id}`);
    expect(await page.textContent('#pictograms')).toMatch(/☀️ \S+ — U\+E04A/);
    await page.click('#show-codes');
    await page.screenshot({ path: `${SHOTS}/pictograms-softbank.png` });
    await ctx.close();
  }, 60_000);
});
