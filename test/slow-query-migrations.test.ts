import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { dialects } from './support/gateway.js';
import { migrate, openDatabase } from '../db/connection.js';

/** A fresh database URL for the dialect, and how to drop it. */
async function freshDatabase(dialect: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (dialect === 'sqlite') return { url: 'sqlite::memory:', drop: async () => {} };
  const mysql = await import('mysql2/promise');
  const name = `ashiato_t_${randomBytes(5).toString('hex')}`;
  const admin = await mysql.createConnection({ uri: process.env.MYSQL_URL! });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await admin.end();
  const u = new URL(process.env.MYSQL_URL!);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = await mysql.createConnection({ uri: process.env.MYSQL_URL! });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

describe.each(dialects())('migrations and the slow-query log (%s)', (dialect) => {
  it('a first start migrates without a single slow-query warning; queries after it are still watched', async () => {
    const target = await freshDatabase(dialect);
    const slow: string[] = [];
    // Threshold 0: every query counts as slow, so the test does not depend on the machine's speed.
    const conn = await openDatabase(target.url, { slowQueryMs: 0, onSlowQuery: (sql) => slow.push(sql) });
    try {
      const applied = await migrate(conn);
      expect(applied.length).toBeGreaterThan(10);
      expect(slow).toEqual([]);
      await conn.db.selectFrom('members').select('id').execute();
      expect(slow).toHaveLength(1);
      expect(slow[0]).toMatch(/select/i);
    } finally {
      await conn.close();
      await target.drop();
    }
  });
});
