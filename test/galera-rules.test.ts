/**
 * What a MariaDB Galera cluster asks of the schema and the code, checked on every run (not only
 * when a cluster is at hand): every table has a primary key (Galera replicates rows by key; a
 * table without one is replicated slowly or not at all, and its deletes can differ between
 * nodes), no table lock or named lock (LOCK TABLES and GET_LOCK hold on one node only), and
 * DATABASE_URL's several-host form.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { migrate, openDatabase, parseDatabaseUrl } from '../db/connection.js';
import { loadConfig } from '../gateway/config.js';
import { isConnectionLost, isRetryable } from '../db/util.js';
import { gatewayForSuite } from './support/gateway.js';
import { signedInMember } from './support/members.js';

const root = join(import.meta.dirname, '..');
const sources = (dir: string) =>
  readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((p) => p.endsWith('.ts'))
    .map((p) => ({ path: join(dir, p), text: readFileSync(join(root, dir, p), 'utf8') }));

describe('Galera rules', () => {
  it('gives every table the migrations create a primary key', async () => {
    const conn = await openDatabase('sqlite::memory:');
    try {
      await migrate(conn);
      const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(conn.db);
      expect(tables.rows.length).toBeGreaterThan(40);
      const keyless: string[] = [];
      for (const { name } of tables.rows) {
        const columns = await sql<{ pk: number }>`select pk from pragma_table_info(${name})`.execute(conn.db);
        if (!columns.rows.some((c) => c.pk > 0)) keyless.push(name);
      }
      expect(keyless).toEqual([]);
    } finally {
      await conn.close();
    }
  });

  it('takes no table lock or named lock anywhere in the code', () => {
    const offenders = ['db', 'core', 'gateway', 'carriers', 'mail', 'media']
      .flatMap(sources)
      .filter((f) => /\block\s+tables?\b|\bget_lock\s*\(|\brelease_lock\s*\(/i.test(f.text))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('runs a transaction again after a certification conflict or a node that is not ready', () => {
    expect(isRetryable({ errno: 1213, code: 'ER_LOCK_DEADLOCK' })).toBe(true);
    expect(isRetryable({ errno: 1047, code: 'ER_UNKNOWN_COM_ERROR' })).toBe(true);
    expect(isRetryable({ errno: 1062, code: 'ER_DUP_ENTRY' })).toBe(false);
    expect(isConnectionLost({ code: 'PROTOCOL_CONNECTION_LOST', fatal: true })).toBe(true);
    expect(isConnectionLost({ errno: 1064 })).toBe(false);
  });
});

describe('DATABASE_URL with several hosts', () => {
  it('is accepted, one URL per host in the order given', () => {
    const url = 'mysql://u:p@10.0.0.1:3311,10.0.0.2:3312,db3/ashiato';
    expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(parseDatabaseUrl(url)).toMatchObject({ dialect: 'mysql', urls: ['mysql://u:p@10.0.0.1:3311/ashiato', 'mysql://u:p@10.0.0.2:3312/ashiato', 'mysql://u:p@db3/ashiato'] });
  });

  it.each(['mysql://u:p@h1:3311,,h3/db', 'mysql://u:p@h1:3311,h2:3312/', 'mysql://u:p@h1,h1/db', 'mysql://u:p@h1:x,h2/db'])('refuses %s, naming DATABASE_URL', (url) => {
    expect(() => loadConfig({ DATABASE_URL: url })).toThrow(/^DATABASE_URL: /);
  });
});

describe('a statement the cluster refuses outside a transaction', () => {
  const gw = gatewayForSuite('sqlite');
  it('answers busy (503, try again), not an error (500); any other failure stays a 500', async () => {
    const store = gw.booted.services.store;
    const original = store.messages.unreadCount;
    // Signed in first (signing in lands on the top page); a footprint each, so the next top page
    // is computed again (its kept sections follow the member's version).
    const [docomo, au] = [await signedInMember(gw, 'docomo'), await signedInMember(gw, 'au')];
    await store.footprints.insert(docomo.id, au.id, Date.now());
    await store.footprints.insert(au.id, docomo.id, Date.now());
    try {
      // A Galera certification conflict on an autocommit statement comes back as a deadlock.
      store.messages.unreadCount = async () => {
        throw Object.assign(new Error('Deadlock found when trying to get lock; try restarting transaction'), { errno: 1213, code: 'ER_LOCK_DEADLOCK' });
      };
      const busy = await docomo.go('/?again=1');
      expect(busy.status).toBe(503);
      expect(busy.text).toContain('ただいま混み合っています');
      store.messages.unreadCount = async () => {
        throw new Error('something else went wrong');
      };
      const broken = await au.go('/?again=1');
      expect(broken.status).toBe(500);
      expect(broken.text).not.toContain('something else');
    } finally {
      store.messages.unreadCount = original;
    }
  });
});
