import { openDatabase, migrate } from './connection.js';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (default: the embedded SQLite file). */
const url = process.env.DATABASE_URL ?? 'sqlite:data/ashiato.db';
const conn = await openDatabase(url).catch((e: Error) => {
  console.error(`DATABASE_URL: ${e.message}`);
  process.exit(2);
});
try {
  const applied = await migrate(conn);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
} finally {
  await conn.close();
}
