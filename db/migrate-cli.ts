import { openDatabase, migrate } from './connection.js';

/**
 * `npm run migrate` (entry point gateway/migrate.ts, which validates the environment): applies
 * pending migrations to the configured database. Resolves with the process exit code.
 */
export async function runMigrations(config: { databaseUrl: string }): Promise<number> {
  const conn = await openDatabase(config.databaseUrl).catch((e: Error) => {
    console.error(`DATABASE_URL: ${e.message}`);
    return null;
  });
  if (!conn) return 2;
  try {
    const applied = await migrate(conn);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    return 0;
  } finally {
    await conn.close();
  }
}
