import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { loadConfig } from '../gateway/config.js';
import { boot, type Booted } from '../gateway/bootstrap.js';
import { createApp } from '../gateway/app.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.REQUIRE_BROWSER === '1') throw new Error(`REQUIRE_BROWSER=1 but ${CHROMIUM} is missing`);
const SHOTS = 'test-results/screenshots';

/** The community flow in the handset emulator, as a docomo member taps it: join → a topic → a comment. */
describe.skipIf(!available)('communities in the handset emulator (Chromium)', () => {
  let booted: Booted;
  let server: ServerType;
  let browser: Browser;
  let base: string;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ashiato-emu-comm-'));
    const port = 3500 + Math.floor(Math.random() * 150);
    const config = loadConfig({ NODE_ENV: 'test', PORT: String(port), DATABASE_URL: `sqlite:${dir}/e.db`, MAIL_OUTBOX: `${dir}/outbox`, EMULATOR: '1', SECRET_KEY: 'emulator-test-secret-emulator-test!' });
    booted = await boot(config, { logger: pino({ level: 'silent' }) });
    server = serve({ fetch: createApp(booted.services).fetch, port, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    base = `http://localhost:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    mkdirSync(SHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    await booted?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const screen = (page: Page): Frame => page.mainFrame().childFrames()[0]!;

  it('joins a community on a docomo handset, starts a topic with a pictogram and comments on it', async () => {
    const s = booted.services;
    const au = (await s.store.members.findByLogin('demo_au'))!;
    const cid = await s.communities.create(au.id, { name: '写メ部📷', category: 'hobby', description: '写メを見せ合う会', joinPolicy: 'open', readers: 'members' });
    const page = await browser.newPage();
    await page.goto(`${base}/emulator/view?h=docomo-n905i&u=${encodeURIComponent('/')}`);
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
