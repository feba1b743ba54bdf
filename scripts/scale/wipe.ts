/**
 * `seed:scale --force`: empties every application table (schema and migration record kept), so a
 * generated set never mixes with other data. The master secret stays: keyed hashes stay valid.
 */
import { sql } from 'kysely';
import type { Connection } from '../../db/connection.js';

export async function wipe(conn: Connection): Promise<void> {
  const tables = (await conn.db.introspection.getTables()).map((t) => t.name).filter((n) => !/^kysely_/.test(n));
  for (const name of tables) {
    if (name === 'app_secrets') await conn.db.deleteFrom('app_secrets').where('name', '!=', 'master').execute();
    else if (conn.dialect === 'mysql') await sql`TRUNCATE TABLE ${sql.table(name)}`.execute(conn.db);
    else await sql`DELETE FROM ${sql.table(name)}`.execute(conn.db);
  }
}
