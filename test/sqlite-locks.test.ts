/**
 * SQLite connections sharing one file (gateway processes under WORKERS): a statement waits for
 * another connection's write lock in short naps (db/connection.ts waitingForLocks) and gives
 * SQLITE_BUSY only past its wait; a transaction whose read snapshot another connection made
 * stale (SQLITE_BUSY_SNAPSHOT) runs again whole instead of failing (db/util.ts isRetryable).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrate, openDatabase, type Connection } from '../db/connection.js';
import { createStore } from '../db/store.js';

const dirs: string[] = [];
const conns: Connection[] = [];
afterEach(async () => {
  for (const c of conns.splice(0)) await c.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function file(): Promise<string> {
  const d = mkdtempSync(join(tmpdir(), 'ashiato-locks-'));
  dirs.push(d);
  const path = join(d, 'db.sqlite');
  const c = await open(path);
  await migrate(c);
  return path;
}

async function open(path: string, busyWaitMs?: number): Promise<Connection> {
  const c = await openDatabase(`sqlite:${path}`, { checkpointInBackground: false, ...(busyWaitMs === undefined ? {} : { busyWaitMs }) });
  conns.push(c);
  return c;
}

/**
 * Another thread (as another process would) takes the write lock, writes nonce 'holder', keeps
 * the lock `ms` milliseconds, then commits. Resolves once the lock is held; `done` once committed.
 */
async function holdWriteLock(path: string, ms: number): Promise<{ done: Promise<void> }> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.module);
    const db = new Database(workerData.path);
    db.exec('begin immediate');
    db.prepare("insert into form_nonces (nonce_hash, used_at) values ('holder', 1)").run();
    parentPort.postMessage('held');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.ms);
    db.exec('commit');
    db.close();
  `;
  const worker = new Worker(code, { eval: true, workerData: { path, ms, module: createRequire(import.meta.url).resolve('better-sqlite3') } });
  const done = new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (c) => (c === 0 ? resolve() : reject(new Error(`lock holder exited ${c}`))));
  });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  return { done };
}

const nonces = async (c: Connection) => (await sql<{ nonce_hash: string }>`select nonce_hash from form_nonces order by rowid`.execute(c.db)).rows.map((r) => r.nonce_hash);

describe('SQLite connections sharing a file', () => {
  it("waits for another connection's write lock, then writes after it", async () => {
    const path = await file();
    const c = await open(path);
    const { done } = await holdWriteLock(path, 150);
    // SQLite itself no longer waits (busy_timeout 0): without the naps this insert fails at once.
    expect(await createStore(c.db).nonces.use('mine', 2)).toBe(true);
    await done;
    expect(await nonces(c)).toEqual(['holder', 'mine']);
  });

  it('gives SQLITE_BUSY once its wait has passed, having written nothing', async () => {
    const path = await file();
    const c = await open(path, 30);
    const { done } = await holdWriteLock(path, 600);
    await expect(createStore(c.db).nonces.use('mine', 2)).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    await done;
    expect(await nonces(c)).toEqual(['holder']);
  });

  it('runs a transaction again when another connection wrote after it read (SQLITE_BUSY_SNAPSHOT)', async () => {
    const path = await file();
    const a = await open(path);
    const b = await open(path);
    let runs = 0;
    const result = await createStore(b.db).transaction(async (r) => {
      runs++;
      await r.secrets.get('anything'); // the transaction's snapshot starts here
      if (runs === 1) await createStore(a.db).nonces.use('other', 1); // another connection commits
      return r.nonces.use('mine', 2); // stale on the first run: it can never write
    });
    expect(result).toBe(true);
    expect(runs).toBe(2);
    expect(await nonces(a)).toEqual(['other', 'mine']);
  });

  it('a transaction that has read and meets the lock waits for it, then runs again on the fresh snapshot', async () => {
    const path = await file();
    const b = await open(path);
    let runs = 0;
    let held: Promise<void> | null = null;
    const result = await createStore(b.db).transaction(async (r) => {
      runs++;
      await r.secrets.get('anything');
      if (runs === 1) held = (await holdWriteLock(path, 150)).done;
      return r.nonces.use('mine', 2);
    });
    await held;
    expect(result).toBe(true);
    expect(runs).toBe(2); // the first run's snapshot went stale when the holder committed
    expect(await nonces(b)).toEqual(['holder', 'mine']);
  });
});
