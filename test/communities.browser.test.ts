import { describe, expect, it } from 'vitest';
import { browserAvailable, emulatorSuite, screen, SHOTS } from './support/browser.js';

/** The community flow in the handset emulator, as a docomo member taps it: join → a topic → a comment. */
describe.skipIf(!browserAvailable)('communities in the handset emulator (Chromium)', () => {
  const suite = emulatorSuite('emu-comm');

  it('joins a community on a docomo handset, starts a topic with a pictogram and comments on it', async () => {
    const s = suite.booted.services;
    const au = (await s.store.members.findByLogin('demo_au'))!;
    const cid = await s.communities.create(au.id, { name: '写メ部📷', category: 'hobby', description: '写メを見せ合う会', joinPolicy: 'open', readers: 'members' });
    const page = await suite.browser.newPage();
    await page.goto(`${suite.base}/emulator/view?h=docomo-n905i&u=${encodeURIComponent('/')}`);
    await Promise.all([page.waitForNavigation(), screen(page).getByText('かんたんログイン').click()]);
    const tap = async (selector: string) => Promise.all([page.waitForNavigation(), screen(page).click(selector)]);
    // From the top page's menu to the ranking, and on to the community.
    await tap('a:has-text("コミュニティ")');
    expect(await screen(page).textContent('body')).toContain('写メ部');
    await tap('a:has-text("写メ部")');
    await tap('input[value="このコミュニティに参加"]');
    expect(await screen(page).textContent('body')).toContain('メンバー2人');
    await tap('a:has-text("トピックを作る")');
    await screen(page).fill('input[name=title]', '初投稿☀️');
    await screen(page).fill('textarea[name=body]', 'ドコモから写メ部に参加しました☀️');
    await tap('input[type=submit]');
    expect(await page.inputValue('input[name=u]')).toMatch(/^\/communities\/\d+\/topics\/\d+/);
    expect(await screen(page).textContent('body')).toContain('ドコモから写メ部に参加しました☀️');
    await screen(page).fill('textarea[name=body]', '>>1 よろしくお願いします');
    await tap('input[value="書き込む"]');
    const body = await screen(page).textContent('body');
    expect(body).toContain('[1]');
    expect(body).toContain('よろしくお願いします');
    expect(await page.locator('#findings .error').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/community-topic-docomo.png` });
    const topics = await s.topics.list(au.id, cid, null, 1);
    expect(topics.map((t) => [t.title, t.commentCount])).toEqual([['初投稿☀️', 1]]);
    await page.close();
  }, 90_000);
});
