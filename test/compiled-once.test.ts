import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompiledQuery } from 'kysely';
import { migrate, openDatabase, type Connection } from '../db/connection.js';
import { compiledOnce, compiledOnceChanges, except } from '../db/util.js';
import { dialects, mysqlDatabase } from './support/gateway.js';

/**
 * Queries built by Kysely once and run with each call's own values (db/util.ts): every call must
 * answer exactly what the same query built afresh answers, whatever the values and list lengths.
 */
describe.each(dialects())('compiledOnce on %s', (dialect) => {
  let conn: Connection;
  let drop = async () => {};
  beforeAll(async () => {
    const db = dialect === 'mysql' ? await mysqlDatabase() : { url: 'sqlite::memory:', drop: async () => {} };
    conn = await openDatabase(db.url);
    drop = db.drop;
    await migrate(conn);
    const rows = Array.from({ length: 12 }, (_, i) => ({ member_id: 1 + (i % 3), friend_id: 10 + i, created_at: 1000 + i }));
    await conn.db.insertInto('friendships').values(rows).execute();
  });
  afterAll(async () => {
    await conn.close();
    await drop();
  });

  const fresh = (memberId: number, ids: number[], hidden: number[]) =>
    conn.db
      .selectFrom('friendships')
      .select('friend_id')
      .where('member_id', '=', memberId)
      .where('friend_id', 'in', ids)
      .where('friend_id', 'not in', except(hidden))
      .orderBy('friend_id')
      .execute();

  it('answers as the query built afresh does, for any values and list lengths, compiling once per shape', async () => {
    let builds = 0;
    const q = compiledOnce(conn.db, (memberId: number, ids: number[], hidden: number[]) => {
      builds++;
      return conn.db
        .selectFrom('friendships')
        .select('friend_id')
        .where('member_id', '=', memberId)
        .where('friend_id', 'in', ids)
        .where('friend_id', 'not in', except(hidden))
        .orderBy('friend_id') as unknown as { compile(): CompiledQuery<{ friend_id: number }> };
    });
    const cases: [number, number[], number[]][] = [
      [1, [10, 13, 16, 19, 11], []],
      [2, [11, 14, 17, 20, 10], []], // same shape, other values
      [1, [10, 13, 16, 19, 11], [13]], // a hidden list: another shape
      [1, [10, 13, 16, 19, 11], [16]],
      [3, [12], []],
      [3, [12, 15, 18, 21], [12, 21]],
      [2, [99], []],
    ];
    for (const [m, ids, hidden] of cases) {
      const got = (await q(m, ids, hidden)).map((r) => Number(r.friend_id));
      const want = (await fresh(m, ids, hidden)).map((r) => Number(r.friend_id));
      expect(got).toEqual(want);
    }
    expect((await q(1, [10, 13, 16, 19, 11], [])).map((r) => Number(r.friend_id))).toEqual([10, 13, 16, 19]);
    // Shapes: (5 ids, no hidden), (5, 1), (1, 0), (4, 2) — built once each.
    expect(builds).toBe(4);
  });

  // SQLite has one connection per process: a query compiled once must wait for a transaction open on
  // it, never read inside it. On SQLite such reads run on the connection directly when it is free
  // (db/connection.ts, allowDirectReads); these tests hold that path to what Kysely's queue keeps.
  it("never reads a transaction's uncommitted rows, waiting for it on SQLite's one connection", async () => {
    const q = compiledOnce(conn.db, (memberId: number) => conn.db.selectFrom('friendships').select('friend_id').where('member_id', '=', memberId) as unknown as { compile(): CompiledQuery<{ friend_id: number }> });
    const ids = async () => (await q(7)).map((r) => Number(r.friend_id));
    expect(await ids()).toEqual([]);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let inserted!: () => void;
    const wrote = new Promise<void>((r) => (inserted = r));
    const tx = conn.db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('friendships').values({ member_id: 7, friend_id: 77, created_at: 1 }).execute();
        inserted();
        await held;
        throw new Error('rolled back on purpose');
      })
      .catch((e: Error) => e.message);
    await wrote;
    let seen: number[] | null = null;
    const read = ids().then((r) => (seen = r));
    await new Promise((r) => setTimeout(r, 20));
    if (dialect === 'sqlite') expect(seen).toBeNull(); // waiting for the transaction
    else expect(seen).toEqual([]); // another connection: nothing uncommitted
    release();
    expect(await tx).toBe('rolled back on purpose');
    await read;
    expect(seen).toEqual([]);
    // Written and committed, it is read at once; the count of a write compiled once is its rows.
    const add = compiledOnceChanges(conn.db, (memberId: number, friendId: number) => conn.db.updateTable('friendships').set({ created_at: 2 }).where('member_id', '=', memberId).where('friend_id', '=', friendId));
    await conn.db.insertInto('friendships').values({ member_id: 7, friend_id: 78, created_at: 1 }).execute();
    expect(await ids()).toEqual([78]);
    expect(await add(7, 78)).toBe(1);
    expect(await add(7, 79)).toBe(0);
  });

  it('reports a slow query compiled once like any other (never during migrations)', async () => {
    const db = dialect === 'mysql' ? await mysqlDatabase() : { url: 'sqlite::memory:', drop: async () => {} };
    const logged: string[] = [];
    const c = await openDatabase(db.url, { onSlowQuery: (sql) => logged.push(sql), slowQueryMs: 0 });
    try {
      await migrate(c);
      logged.length = 0;
      const q = compiledOnce(c.db, (memberId: number) => c.db.selectFrom('friendships').select('friend_id').where('member_id', '=', memberId) as unknown as { compile(): CompiledQuery<{ friend_id: number }> });
      await q(1);
      expect(logged.some((s) => /from [`"]friendships[`"] where [`"]member_id[`"] = \?/.test(s))).toBe(true);
    } finally {
      await c.close();
      await db.drop();
    }
  });
});

// SQLite's one connection takes queries in the order they were asked for (a pool of MariaDB
// connections keeps no order between them, so this holds for SQLite alone).
describe("compiledOnce on SQLite's one connection", () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await openDatabase('sqlite::memory:');
    await migrate(conn);
  });
  afterAll(() => conn.close());

  it('never overtakes a write asked for before it, nor misses it once written', async () => {
    const q = compiledOnce(conn.db, (memberId: number) => conn.db.selectFrom('friendships').select('friend_id').where('member_id', '=', memberId) as unknown as { compile(): CompiledQuery<{ friend_id: number }> });
    const ids = async () => (await q(8)).map((r) => Number(r.friend_id));
    expect(await ids()).toEqual([]);
    // Asked for in this order, not awaited in between: the read sees the write, as a queue would.
    const write = conn.db.insertInto('friendships').values({ member_id: 8, friend_id: 80, created_at: 1 }).execute();
    const read = ids();
    await write;
    expect(await read).toEqual([80]);
    // Many reads and writes interleaved: each read sees every write asked for before it.
    const steps: Promise<number[] | unknown>[] = [];
    for (let i = 1; i <= 5; i++) {
      steps.push(conn.db.insertInto('friendships').values({ member_id: 8, friend_id: 80 + i, created_at: 1 }).execute());
      steps.push(ids());
    }
    const seen = await Promise.all(steps);
    for (let i = 1; i <= 5; i++) expect((seen[2 * i - 1] as number[]).length).toBe(1 + i);
  });

  // Found by a review helper: Kysely starts its driver on its first query, so on a connection just
  // opened (a script that does not migrate) a query was not yet counted when a read came after it.
  it('never overtakes a write asked for before it on a connection just opened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ashiato-direct-read-'));
    const url = `sqlite:${join(dir, 'db.sqlite')}`;
    try {
      const first = await openDatabase(url, { checkpointInBackground: false });
      await migrate(first);
      await first.close();
      const fresh = await openDatabase(url, { checkpointInBackground: false });
      try {
        const q = compiledOnce(fresh.db, (m: number) => fresh.db.selectFrom('friendships').select('friend_id').where('member_id', '=', m) as unknown as { compile(): CompiledQuery<{ friend_id: number }> });
        const write = fresh.db.insertInto('friendships').values({ member_id: 8, friend_id: 80, created_at: 1 }).execute();
        const read = q(8);
        await write;
        expect((await read).map((r) => Number(r.friend_id))).toEqual([80]);
      } finally {
        await fresh.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
