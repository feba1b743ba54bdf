/**
 * What ad counting costs a page view, in-process (one core, no network, so the gateway's own
 * work is all that is timed): the same pages with the demo campaign running and with it ended,
 * in alternating rounds so the machine's other load falls on both alike.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { sql } from 'kysely';
import { loadConfig } from '../gateway/config.js';
import { boot } from '../gateway/bootstrap.js';
import { createApp } from '../gateway/app.js';

const DOCOMO = { 'User-Agent': 'DoCoMo/2.0 N905i(c100;TB;W24H16)', 'X-DCMGUID': 'DEMO001' };
const IP = '210.153.84.1';

export async function adFigures(rounds = 12, perRound = 150) {
  const dir = mkdtempSync(join(tmpdir(), 'ashiato-bench-ads-'));
  const config = loadConfig({ DATABASE_URL: `sqlite:${dir}/ads.db`, SEED_DEMO: '1', LOG_LEVEL: 'silent', MAIL_OUTBOX: `${dir}/outbox` });
  const booted = await boot(config, { logger: pino({ level: 'silent' }) });
  try {
    const app = createApp(booted.services);
    const host = new URL(config.publicOrigin).host;
    const get = (path: string) => app.request(`${config.publicOrigin}${path}`, { headers: { Host: host, ...DOCOMO } }, { peerAddress: IP });
    const login = await get('/login/easy?guid=ON');
    const sid = new URL(login.headers.get('location')!).searchParams.get('sid')!;
    const entry = 1; // the demo docomo member's first diary entry
    const pages = { 'top page, docomo': `/?sid=${sid}`, 'diary posted (XL banner), docomo': `/diary/${entry}?done=diary&sid=${sid}` };
    const setRunning = async (on: boolean) => {
      await sql`update ad_campaigns set ends_at = ${on ? Date.now() + 86_400_000 * 28 : 0}`.execute(booted.conn.db);
      booted.services.ads.refresh();
    };
    const time = async (path: string) => {
      const t = performance.now();
      for (let i = 0; i < perRound; i++) await (await get(path)).arrayBuffer();
      return (performance.now() - t) / perRound;
    };
    const out: { page: string; withAds: number; without: number }[] = [];
    for (const [name, path] of Object.entries(pages)) {
      // Warm up both states (the jack shows once, the first view is written; the JIT settles).
      for (let w = 0; w < 3; w++) {
        await setRunning(true);
        await time(path);
        await setRunning(false);
        await time(path);
      }
      const a: number[] = [];
      const b: number[] = [];
      for (let r = 0; r < rounds; r++) {
        await setRunning(true);
        a.push(await time(path));
        await setRunning(false);
        b.push(await time(path));
      }
      const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
      out.push({ page: name, withAds: median(a), without: median(b) });
    }
    // Counting alone: choosing the creative and noting the view, per view, against the page's cost.
    await setRunning(true);
    const ads = booted.services.ads;
    const v = { memberId: 1, gender: 'none' as const, birthDate: '1990-01-01', carrier: 'docomo' };
    const n = 20_000;
    const t = performance.now();
    for (let i = 0; i < n; i++) {
      const cr = await ads.pick(v, 'xl');
      if (cr) ads.note('i', v, cr, true);
    }
    const counting = (performance.now() - t) / n;
    await ads.flush();
    return { pages: out, counting };
  } finally {
    await booted.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
