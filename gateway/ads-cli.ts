/**
 * `npm run ads -- <command>`: the sales side of advertising, from the shell (until the staff
 * console exists). Reads the same validated environment as `npm start`.
 *
 *   advertiser <login> <name> <password>
 *   campaign <advertiserId> <name> <start YYYY-MM-DD> <end YYYY-MM-DD> <destination URL> [gender=all|male|female] [age=20-29] [carriers=docomo,au] [corner=title] [body=text] [signup=question]
 *   book <campaignId> <xl|jack|top> <all|male|female> <week Monday YYYY-MM-DD> <impressions>
 *   creative <campaignId> <xl|jack|top> <image file> <destination URL> [alt]
 *   chapter <campaignId> <release YYYY-MM-DDTHH:MM> <title> <body>
 *   calendar [weeks]
 */
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { configOrExit } from './config.js';
import { boot } from './bootstrap.js';
import { adWeek } from '../core/ads/rules.js';
import { isDomainError } from '../core/errors.js';
import { DAY_MS, fromJapanWallClock } from '../core/time.js';
import type { Placement, Target } from '../core/ads/ports.js';
import type { Services } from './services.js';

const japan = (s: string) => fromJapanWallClock(Date.parse(`${s.length === 10 ? `${s}T00:00` : s}:00Z`));

async function calendar(s: Services, weeks: number): Promise<string> {
  const now = s.clock.now();
  const list = Array.from({ length: weeks }, (_, i) => adWeek(now + i * 7 * DAY_MS));
  const cal = await s.ads.calendar(list);
  const cols = cal[0]!.cells.map((c) => `${c.placement}/${c.target}`);
  const lines = [['week', ...cols].map((x) => x.padEnd(12)).join('')];
  for (const w of cal) lines.push([w.week, ...w.cells.map((c) => `${c.sold}/${c.cap}`)].map((x) => x.padEnd(12)).join(''));
  return `slots sold / weekly slots\n${lines.join('\n')}`;
}

async function run(s: Services, [cmd, ...a]: string[]): Promise<string> {
  const opt = (name: string) => a.find((x) => x.startsWith(`${name}=`))?.slice(name.length + 1);
  switch (cmd) {
    case 'advertiser':
      return `advertiser ${await s.adSales.createAdvertiser(a[0] ?? '', a[1] ?? '', a[2] ?? '')}`;
    case 'campaign': {
      const [min, max] = (opt('age') ?? '0-120').split('-').map(Number);
      const id = await s.adSales.createCampaign({
        advertiserId: Number(a[0]),
        name: a[1] ?? '',
        startsAt: japan(a[2] ?? ''),
        endsAt: japan(a[3] ?? ''),
        destinations: [a[4] ?? ''],
        gender: (opt('gender') ?? 'all') as Target,
        ageMin: min ?? 0,
        ageMax: max ?? 120,
        carriers: opt('carriers')?.split(',').filter(Boolean) ?? [],
        cornerTitle: opt('corner') ?? '',
        cornerBody: (opt('body') ?? '').replace(/\\n/g, '\n'),
        signupQuestion: opt('signup') ?? '',
      });
      return `campaign ${id}`;
    }
    case 'book':
      await s.adSales.book(Number(a[0]), a[1] as Placement, a[2] as Target, a[3] ?? '', Number(a[4]));
      return calendar(s, 4);
    case 'creative':
      return `creative ${await s.adSales.addCreative(Number(a[0]), { placement: a[1] as Placement, image: new Uint8Array(readFileSync(a[2] ?? '')), destination: a[3] ?? '', alt: a[4] ?? '' })}`;
    case 'chapter':
      return `chapter ${await s.adSales.addChapter(Number(a[0]), a[2] ?? '', (a[3] ?? '').replace(/\\n/g, '\n'), japan(a[1] ?? ''))}`;
    case 'calendar':
      return calendar(s, Number(a[0] ?? 4) || 4);
    default:
      throw new Error('commands: advertiser, campaign, book, creative, chapter, calendar (see gateway/ads-cli.ts)');
  }
}

const booted = await boot(configOrExit(process.env, 'ads'), { logger: pino({ level: 'warn' }) });
try {
  console.log(await run(booted.services, process.argv.slice(2)));
} catch (e) {
  console.error(isDomainError(e) ? `refused: ${e.code} ${Object.values(e.fields).join(' ')}` : (e as Error).message);
  process.exitCode = 1;
} finally {
  await booted.close();
}
