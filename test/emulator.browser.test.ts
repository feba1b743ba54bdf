import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Jimp, intToRGBA } from 'jimp';
import { browserAvailable, emulatorSuite, screen, SHOTS } from './support/browser.js';

describe.skipIf(!browserAvailable)('handset emulator in Chromium', () => {
  const suite = emulatorSuite('emu');
  const open = async (page: Page, handset: string, path = '/') => {
    await page.goto(`${suite.base}/emulator/view?h=${handset}&u=${encodeURIComponent(path)}`);
    return screen(page);
  };
  const signInByEasyLogin = async (page: Page, handset: string) => {
    const s = await open(page, handset);
    await Promise.all([page.waitForNavigation(), s.getByText('かんたんログイン').click()]);
    return screen(page);
  };

  /**
   * A new browser window signed in by easy login on `handset`. `go(text)` taps the first link or
   * button on the screen whose text has `text` and waits for the next page; `s()` is the screen now.
   */
  const signedInWindow = async (handset: string) => {
    const ctx = await suite.browser.newContext();
    const page = await ctx.newPage();
    await signInByEasyLogin(page, handset);
    const go = async (text: string) => {
      await Promise.all([page.waitForNavigation(), screen(page).getByText(text, { exact: false }).first().click()]);
    };
    return { ctx, page, go, s: () => screen(page) };
  };

  it('signs in on each carrier by easy login, posts a pictogram, and a friend on the next carrier sees it', async () => {
    const ctx = await suite.browser.newContext();
    const page = await ctx.newPage();
    const carriers = [
      ['docomo-n905i', 'docomo', 'ドコモ太郎', '☀️'],
      ['au-w53ca', 'au', 'auの花子', '☔'],
      ['softbank-930sh', 'softbank', 'ソフトバンク次郎', '❤️'],
    ] as const;
    const posted: { id: string; text: string }[] = [];
    for (const [handset, carrier, nickname, emoji] of carriers) {
      let s = await signInByEasyLogin(page, handset);
      expect(await s.textContent('body')).toContain(`${nickname}さん`);
      await page.screenshot({ path: `${SHOTS}/top-${carrier}.png` });
      // The keypad's 1 opens 日記を書く; the emulator posts in the handset's charset and pictogram bytes.
      await Promise.all([page.waitForNavigation(), page.click('button[data-key="1"]')]);
      s = screen(page);
      const text = `${carrier}から${emoji}です`;
      await s.fill('input[name=title]', `${carrier}${emoji}`);
      await s.fill('textarea[name=body]', text);
      await s.selectOption('select[name=visibility]', 'members');
      await Promise.all([page.waitForNavigation(), s.click('input[type=submit]')]);
      const path = await page.inputValue('input[name=u]');
      expect(path).toMatch(/^\/diary\/\d+/);
      const id = /\/diary\/(\d+)/.exec(path)![1]!;
      expect(await screen(page).textContent('body')).toContain(text);
      expect((await suite.booted.services.store.diary.find(Number(id)))?.body).toBe(text);
      posted.push({ id, text });
    }
    // Each entry seen from the next carrier (docomo's from au, au's from SoftBank, SoftBank's from docomo).
    for (const [i, p] of posted.entries()) {
      const [handset] = carriers[(i + 1) % carriers.length]!;
      // Cookie handsets are still signed in; docomo carries its session in the URL.
      let home = await open(page, handset, '/');
      if (await home.getByText('かんたんログイン').count()) home = await signInByEasyLogin(page, handset);
      const sid = new URL(await page.inputValue('input[name=u]'), 'http://x').searchParams.get('sid');
      const s = await open(page, handset, `/diary/${p.id}${sid ? `?sid=${sid}` : ''}`);
      expect(await s.textContent('body')).toContain(p.text);
      expect(await page.textContent('#pictograms')).not.toContain('none');
      expect(await page.textContent('#findings')).toMatch(/bytes of \d+ allowed/);
      expect(await page.locator('#findings .error').count()).toBe(0);
    }
    // A GET form (search) submitted on a Shift_JIS handset stays in the emulator, as that handset.
    let found = await open(page, 'au-w53ca', '/search');
    await found.fill('input[name=nickname]', 'ドコモ');
    await Promise.all([page.waitForNavigation(), found.locator('form[method=get] input[type=submit]').first().click()]);
    expect(await page.inputValue('select[name=h]')).toBe('au-w53ca');
    expect(await page.inputValue('input[name=u]')).toMatch(/^\/search\?nickname=%83h%83R%83%82/);
    found = screen(page);
    expect(await found.textContent('body')).toContain('ドコモ太郎');
    // Willcom: no easy login; password login through the emulator.
    let s = await open(page, 'willcom-wx320k', '/login');
    await s.fill('input[name=login]', 'demo');
    await s.fill('input[name=password]', 'ashiato-demo');
    await Promise.all([page.waitForNavigation(), s.click('input[type=submit]')]);
    s = screen(page);
    expect(await s.textContent('body')).toContain('ウィルコム美咲さん');
    await page.screenshot({ path: `${SHOTS}/top-willcom.png` });
    await ctx.close();
  }, 90_000);

  // Each carrier's own flow: au's tran_id confirmed by SOAP, SoftBank's return with reg and the
  // X-JPHONE-REGISTERED header its gateway adds (the emulator plays that gateway). (The demo docomo
  // member is already in the course.)
  it.each([
    ['au-w53ca', 'au', 'demo_au'],
    ['softbank-930sh', 'softbank', 'demo_softbank'],
  ])('joins the point course on a %s handset: the carrier confirmation page, its password, and back', async (handset, carrier, login) => {
    const { ctx, page, go, s } = await signedInWindow(handset);
    await go('ポイント');
    await go('ポイントコース');
    expect(await s().textContent('body')).toContain('未登録');
    await go('登録する');
    // Now at the carrier (sandbox): its own page, reached as this handset through its gateway.
    expect(await s().textContent('body')).toContain('月額315円');
    await s().fill('input[name=password]', '1234');
    await go('同意して購入');
    expect(await s().textContent('body')).toContain('お申し込みを受け付けました');
    await page.screenshot({ path: `${SHOTS}/course-carrier-${carrier}.png` });
    await go('サイトへ戻る');
    expect(await s().textContent('body')).toContain('登録が完了しました');
    // It says what the member got, and leads to the balance.
    expect(await s().textContent('body')).toContain('今月分の300ポイントは付与済みです');
    await go('ポイント残高と履歴');
    expect(await s().textContent('body')).toContain('300');
    const member = (await suite.booted.services.store.members.findByLogin(login))!;
    expect(await suite.booted.services.points.balance(member.id)).toBe(300);
    await ctx.close();
  });

  it('plays a Flash Lite game on a docomo handset with the keypad, and the movie sends its score', async () => {
    const { ctx, page, go, s } = await signedInWindow('docomo-n905i');
    await go('ゲーム');
    await go('5連打');
    await go('あそぶ');
    await s().waitForSelector('ruffle-object, ruffle-embed, ruffle-player', { timeout: 10_000 });
    // The movie's 10 seconds start once Ruffle has loaded it.
    await s().waitForFunction("(() => { const p = document.querySelector('ruffle-object, ruffle-embed, ruffle-player'); return !!p && p.readyState === 2 && p.isPlaying === true; })()", undefined, { timeout: 20_000 });
    // The movie fits the 240 px screen, and the line under it shows whole on the first screen.
    const frame = (await page.locator('#screen').boundingBox())!;
    const movie = (await s().locator('ruffle-object, ruffle-embed, ruffle-player').first().boundingBox())!;
    expect(movie.x + movie.width).toBeLessThanOrEqual(frame.x + frame.width);
    const hint = (await s().getByText('キーで遊んでください', { exact: false }).boundingBox())!;
    expect(hint.y + hint.height).toBeLessThanOrEqual(frame.y + frame.height);
    await page.waitForTimeout(500);
    for (let i = 0; i < 8; i++) {
      await page.click('button[data-key="5"]');
      await page.waitForTimeout(80);
    }
    await page.screenshot({ path: `${SHOTS}/game-docomo.png` });
    // Time up: Flash Lite reaches the network only on a key press, so the next press sends. On a
    // slow machine the movie may still be playing: that press then counts as a hit, and we try again.
    await page.waitForTimeout(10_000);
    let response: Awaited<ReturnType<typeof page.waitForResponse>> | null = null;
    let extra = 0;
    for (; extra < 5 && !response; extra++) {
      const sent = page.waitForResponse((r) => r.url().includes('/games/mash/score'), { timeout: 3_000 }).catch(() => null);
      await page.click('button[data-key="5"]');
      response = await sent;
    }
    expect(response).not.toBeNull();
    // The movie's request went as the handset, through the emulator (not as the PC browser).
    expect(new URL(response!.url()).pathname).toMatch(/^\/emulator\/flash\/docomo-n905i\/1\/DEMO001\/games\/mash\/score$/);
    const score = 8 + extra - 1;
    // The keypad's presses reached the movie, which sent them with loadVariables.
    expect(new URL(response!.url()).searchParams.get('s')).toBe(String(score));
    expect(response!.status()).toBe(200);
    expect(Object.fromEntries(new URLSearchParams(await response!.text()))).toMatchObject({ state: '3' });
    const demo = (await suite.booted.services.store.members.findByLogin('demo_docomo'))!;
    const plays = await suite.booted.conn.db.selectFrom('game_plays').select(['score']).where('member_id', '=', demo.id).where('score', 'is not', null).execute();
    expect(plays.map((p) => Number(p.score))).toContain(score);
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${SHOTS}/game-answer-docomo.png` });
    // The answer set state 3: one more press opens the result page.
    await page.waitForTimeout(500);
    // The result page opens in the emulator as the handset: its address bar, its inspector, its session.
    await Promise.all([page.waitForURL(/\/emulator\/view\?.*games%2Fmash%2Fresult/, { timeout: 15_000 }), page.click('button[data-key="5"]')]);
    expect(await page.inputValue('input[name=u]')).toMatch(/^\/games\/mash\/result\?t=[^&]+&sid=/);
    expect(await page.inputValue('select[name=h]')).toBe('docomo-n905i');
    expect(await page.textContent('#chain')).toContain('/games/mash/result');
    expect(await page.textContent('#chain')).not.toContain('/games/mash/play');
    expect(await s().textContent('body')).toContain(`${score}回`);
    await page.screenshot({ path: `${SHOTS}/game-result-docomo.png` });
    // Its [0]トップへ stays in the emulator and signed in.
    await go('トップへ');
    expect(await page.inputValue('input[name=u]')).toMatch(/^\/\?sid=/);
    expect(await s().textContent('body')).toContain('ドコモ太郎さん');
    await ctx.close();
  }, 60_000);

  it('plays a Flash Lite movie in Ruffle for a Flash handset, fetched as the handset', async () => {
    const page = await suite.browser.newPage();
    const swfRequests: number[] = [];
    page.on('response', (r) => {
      if (r.url().includes('sample.swf')) swfRequests.push(r.status());
    });
    await page.goto(`${suite.base}/emulator/view?h=docomo-n905i&u=${encodeURIComponent('/qa/flash')}`);
    const s = screen(page);
    expect(await s.textContent('body')).toContain('Flash Lite 3.0');
    await s.waitForSelector('ruffle-object, ruffle-embed, ruffle-player', { timeout: 20_000 });
    // The movie's single frame is an orange stage: the player shows it once Ruffle runs.
    const player = s.locator('ruffle-object, ruffle-embed, ruffle-player').first();
    await expect
      .poll(async () => {
        const shot = await Jimp.read(await player.screenshot());
        const { r, g, b } = intToRGBA(shot.getPixelColor(Math.floor(shot.bitmap.width / 2), Math.floor(shot.bitmap.height / 2)));
        return r > 200 && g > 100 && g < 170 && b < 60;
      }, { timeout: 20_000 })
      .toBe(true);
    expect(swfRequests).toContain(200);
    await page.screenshot({ path: `${SHOTS}/flash-docomo.png` });
    // A handset without Flash Lite gets no movie.
    await page.goto(`${suite.base}/emulator/view?h=docomo-p501i&u=${encodeURIComponent('/qa/flash')}`);
    expect(await screen(page).textContent('body')).toContain('対応していません');
    expect(await screen(page).locator('object, ruffle-object').count()).toBe(0);
    await page.close();
  }, 60_000);

  it('shows a forged easy login refused, and the inspector flags it as a non-gateway request', async () => {
    const page = await suite.browser.newPage();
    await page.goto(`${suite.base}/emulator/view?h=docomo-n905i&u=${encodeURIComponent('/login/easy?guid=ON')}&gw=0`);
    expect(await screen(page).textContent('body')).toContain('携帯電話会社の回線からのアクセスではない');
    expect(await page.textContent('#chain')).toContain('403');
    await page.close();
  });

  it('reads a verification mail in the outbox and follows its link', async () => {
    const page = await suite.browser.newPage();
    let s = await open(page, 'au-w53ca', '/register?code=DEMO-INVITE');
    await s.fill('input[name=nickname]', 'QA太郎');
    // au's numeric mode (format="*N"): typing a hyphen gives nothing, as on the keypad.
    await s.locator('input[name=birthDate]').pressSequentially('1985-05-05');
    expect(await s.inputValue('input[name=birthDate]')).toBe('19850505');
    await s.fill('input[name=login]', 'qa_taro');
    await s.fill('input[name=password]', 'qa-password');
    await s.fill('input[name=mail]', 'qa.taro@ezweb.ne.jp');
    await Promise.all([page.waitForNavigation(), s.click('input[type=submit]')]);
    expect(await screen(page).textContent('body')).toContain('確認メールを送りました');
    await page.goto(`${suite.base}/emulator/outbox`);
    expect(await page.textContent('body')).toContain('qa.taro@ezweb.ne.jp (au)');
    await Promise.all([page.waitForNavigation(), page.click('a[href*="register%2Fverify"]')]);
    s = screen(page);
    expect(await s.textContent('body')).toContain('QA太郎さん');
    await page.close();
  });

  it('shows a message notice in the outbox as deco-mail, its image drawn', async () => {
    const svc = suite.booted.services;
    const from = (await svc.store.members.findByLogin('demo'))!;
    const to = (await svc.store.members.findByLogin('demo_au'))!;
    await svc.store.members.update(to.id, { mail: 'hanako.qa@ezweb.ne.jp' });
    await svc.messages.send(from.id, to.id, 'デコメールの確認', '本文');
    const page = await suite.browser.newPage();
    await page.goto(`${suite.base}/emulator/outbox`);
    expect(await page.textContent('body')).toContain('hanako.qa@ezweb.ne.jp (au) — ');
    const frame = page.frames().find((f) => f !== page.mainFrame() && f.url() === 'about:srcdoc')!;
    expect(await frame.textContent('body')).toContain('ウィルコム美咲さんからメッセージ');
    const width = await frame.$eval('img', (img) => (img as unknown as { naturalWidth: number }).naturalWidth);
    expect(width).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/outbox-decomail.png` });
    await page.close();
  });
});
