/**
 * `npm run seed:scale -- --members N [--seed S] [--database URL | --sqlite PATH] [--force]`
 *
 * Fills the database the gateway would use (DATABASE_URL through gateway/config.ts, so
 * `sqlite:data/ashiato.db` by default; `--database`/`--sqlite` name another) with N generated
 * members and their activity, for `npm run bench:load`. An empty database only, unless --force
 * (which deletes everything in it first). Benchmark data: every member shares one password
 * (`scale-bench-only`, logins scale1…scaleN) and easy-login subscriber IDs anyone can compute.
 */
import { parseArgs } from 'node:util';
import { configOrExit } from '../gateway/config.js';
import { generateScale, RefusedError } from './scale/generate.js';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    database: { type: 'string' },
    sqlite: { type: 'string' },
    force: { type: 'boolean', default: false },
    now: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log('npm run seed:scale -- --members N [--seed S] [--database URL | --sqlite PATH] [--force] [--now EPOCH_MS]');
  process.exit(0);
}

const whole = (name: string, raw: string | undefined): number => {
  const v = Number((raw ?? '').replace(/[_,]/g, ''));
  if (!Number.isSafeInteger(v) || v < 0) {
    console.error(`seed:scale: --${name} must be a whole number, not '${raw}'`);
    process.exit(2);
  }
  return v;
};

const env = { ...process.env, ...(values.sqlite ? { DATABASE_URL: `sqlite:${values.sqlite}` } : {}), ...(values.database ? { DATABASE_URL: values.database } : {}) };
const config = configOrExit(env, 'seed');
const members = whole('members', values.members);
const seed = whole('seed', values.seed);
const shown = config.databaseUrl.replace(/\/\/[^@]*@/, '//***@');
console.error(`seed:scale: ${members.toLocaleString('en')} members, seed ${seed}, into ${shown}${values.force ? ' (--force: emptied first)' : ''}`);
const began = Date.now();
try {
  const counts = await generateScale({ databaseUrl: config.databaseUrl, secretKey: config.secretKey, members, seed, force: values.force, ...(values.now ? { now: whole('now', values.now) } : {}) });
  console.log(`seed:scale: ${shown} in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  for (const [table, n] of Object.entries(counts)) console.log(`  ${table.padEnd(20)} ${n.toLocaleString('en').padStart(12)}`);
  console.log('Benchmark data only: logins scale1…scaleN share the password scale-bench-only; easy login by the subscriber IDs in scripts/scale/plan.ts.');
} catch (e) {
  // A MariaDB database that does not exist yet is the newcomer's first stumble: say what to do.
  if ((e as { code?: unknown }).code === 'ER_BAD_DB_ERROR') {
    console.error(`seed:scale: ${(e as Error).message} on ${shown}: create it first, e.g. CREATE DATABASE name CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    process.exit(1);
  }
  if (!(e instanceof RefusedError)) throw e;
  console.error(`seed:scale: refused: ${e.message}`);
  process.exit(1);
}
