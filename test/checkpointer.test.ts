/**
 * WAL checkpoints off the request thread (db/checkpointer.ts): the log is copied into the
 * database file by the worker, not by the gateway's commits, and stays bounded; a worker that
 * cannot run hands checkpointing back to the connection; closing stops it.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase, type Connection } from '../db/connection.js';
import { BACKSTOP_PAGES, DEFAULT_AUTOCHECKPOINT, startCheckpointer } from '../db/checkpointer.js';

const dirs: string[] = [];
const conns: Connection[] = [];
afterEach(async () => {
  for (const c of conns.splice(0)) await c.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempFile(): string {
  const d = mkdtempSync(join(tmpdir(), 'ashiato-ckpt-'));
  dirs.push(d);
  return join(d, 'db.sqlite');
}

async function open(path: string, background?: boolean) {
  const c = await openDatabase(`sqlite:${path}`, background === undefined ? {} : { checkpointInBackground: background });
  conns.push(c);
  await sql`create table t (id integer primary key, body text not null)`.execute(c.db);
  return c;
}

const pragma = async (c: Connection, p: string) => (await sql.raw(`pragma ${p}`).execute(c.db)).rows[0] as Record<string, number>;

/** Writes about `pages` pages of 4 KB through the connection, one commit per row. */
async function write(c: Connection, pages: number) {
  const body = 'x'.repeat(3800);
  for (let i = 0; i < pages; i++) await sql`insert into t (body) values (${body})`.execute(c.db);
}

const walSize = (path: string) => {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
};

describe('WAL checkpoints in a worker thread', () => {
  it('leaves the connection only the backstop, and the worker keeps the log from growing', async () => {
    const path = tempFile();
    const c = await open(path);
    expect((await pragma(c, 'wal_autocheckpoint')).wal_autocheckpoint).toBe(BACKSTOP_PAGES);
    // Well under the backstop per round, so only the worker can have checkpointed between rounds:
    // each round's writes start the log again from its beginning once the worker has copied it.
    let largest = 0;
    for (let round = 0; round < 6; round++) {
      await write(c, 400);
      largest = Math.max(largest, walSize(path));
      await new Promise((r) => setTimeout(r, 600));
    }
    // A row fills a page, and each commit writes its leaf and the page above it: ~800 pages a
    // round. The log file keeps its largest size, so it tells the most one round left in it;
    // with nothing checkpointing, six rounds would leave ~4,800 (under the backstop's 8,000).
    expect(largest).toBeLessThan(2000 * 4096);
    expect(largest).toBeGreaterThan(400 * 4096);
    // Everything the worker saw is in the database file now: a checkpoint finds nothing left to copy.
    const r = await pragma(c, 'wal_checkpoint(PASSIVE)');
    expect(r.busy).toBe(0);
    expect(r.checkpointed).toBe(r.log);
    expect(Number((await sql<{ n: number }>`select count(*) as n from t`.execute(c.db)).rows[0]!.n)).toBe(2400);
  });

  it('without it, the connection checkpoints by itself as SQLite does, and the log grows between', async () => {
    const path = tempFile();
    const c = await open(path, false);
    expect((await pragma(c, 'wal_autocheckpoint')).wal_autocheckpoint).toBe(DEFAULT_AUTOCHECKPOINT);
    await write(c, 800);
    await new Promise((r) => setTimeout(r, 600));
    // Under the 1,000-page default and no worker: the whole log is still there.
    expect(walSize(path)).toBeGreaterThan(700 * 4096);
  });

  it('an in-memory database has no worker and no log', async () => {
    const c = await openDatabase('sqlite::memory:');
    conns.push(c);
    expect((await pragma(c, 'wal_autocheckpoint')).wal_autocheckpoint).toBe(DEFAULT_AUTOCHECKPOINT);
  });

  it('a worker that cannot open the file says so, once, and stops', async () => {
    const failures: Error[] = [];
    const k = startCheckpointer(join(tempFile(), 'missing', 'db.sqlite'), { onFailure: (e) => failures.push(e) });
    await expect.poll(() => failures.length, { timeout: 5000 }).toBe(1);
    expect(String(failures[0]!.message)).toMatch(/unable to open|does not exist|directory/i);
    await k.stop();
    expect(failures).toHaveLength(1);
  });

  it('closing the connection stops the worker after a last checkpoint; the file holds every row', async () => {
    const path = tempFile();
    const c = await open(path);
    await write(c, 300);
    conns.splice(conns.indexOf(c), 1);
    await c.close();
    // The last connection closed: SQLite removed the log after copying it.
    expect(walSize(path)).toBe(0);
    const again = await openDatabase(`sqlite:${path}`, { checkpointInBackground: false });
    conns.push(again);
    expect(Number((await sql<{ n: number }>`select count(*) as n from t`.execute(again.db)).rows[0]!.n)).toBe(300);
  });

  it('never keeps a process alive: a script that opens a database file and never closes it exits', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ashiato-ckpt-exit-'));
    dirs.push(dir);
    const script = join(dir, 'open.mts');
    const connection = fileURLToPath(new URL('../db/connection.ts', import.meta.url));
    writeFileSync(script, `import { openDatabase } from ${JSON.stringify(connection)};
const c = await openDatabase(${JSON.stringify(`sqlite:${join(dir, 'db.sqlite')}`)});
await c.db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
console.log('opened');
`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 30_000, cwd: fileURLToPath(new URL('..', import.meta.url)) });
    expect(r.stdout).toContain('opened');
    // Timed out (killed by the signal) when the worker kept the process alive.
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
  });
});
