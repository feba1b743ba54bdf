import { afterAll, beforeAll } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { ServerType } from '@hono/node-server';
import { serveGateway } from '../../gateway/serve.js';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { loadConfig } from '../../gateway/config.js';
import { boot, type Booted } from '../../gateway/bootstrap.js';
import { createApp } from '../../gateway/app.js';
import { freePort } from './ports.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Debian's Chromium is here (never a downloaded browser); without it browser suites are skipped. */
export const browserAvailable = existsSync(CHROMIUM);
if (!browserAvailable && process.env.REQUIRE_BROWSER === '1') throw new Error(`REQUIRE_BROWSER=1 but ${CHROMIUM} is missing`);
export const SHOTS = 'test-results/screenshots';

export interface EmulatorSuite {
  readonly booted: Booted;
  readonly base: string;
  readonly browser: Browser;
}

/**
 * A gateway with the emulator on a real socket (its own SQLite file and outbox) and Chromium, for
 * one describe block: started before its tests, stopped after.
 */
export function emulatorSuite(name: string): EmulatorSuite {
  const state: { booted?: Booted; server?: ServerType; browser?: Browser; base?: string; dir?: string } = {};
  beforeAll(async () => {
    state.dir = mkdtempSync(join(tmpdir(), `ashiato-${name}-`));
    const port = await freePort();
    const config = loadConfig({ NODE_ENV: 'test', PORT: String(port), DATABASE_URL: `sqlite:${state.dir}/e.db`, MAIL_OUTBOX: `${state.dir}/outbox`, EMULATOR: '1', SECRET_KEY: 'emulator-test-secret-emulator-test!' });
    state.booted = await boot(config, { logger: pino({ level: 'silent' }) });
    state.server = serveGateway(createApp(state.booted.services).fetch, port, '127.0.0.1');
    await new Promise((r) => state.server!.once('listening', r));
    state.base = `http://localhost:${(state.server.address() as AddressInfo).port}`;
    state.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    mkdirSync(SHOTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await state.browser?.close();
    state.server?.close();
    await state.booted?.close();
    if (state.dir) rmSync(state.dir, { recursive: true, force: true });
  });
  return {
    get booted() {
      return state.booted!;
    },
    get base() {
      return state.base!;
    },
    get browser() {
      return state.browser!;
    },
  };
}

/** The handset's screen: the emulator page's frame. */
export const screen = (page: Page): Frame => page.mainFrame().childFrames()[0]!;
