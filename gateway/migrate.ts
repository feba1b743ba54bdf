import { configOrExit } from './config.js';
import { runMigrations } from '../db/migrate-cli.js';

/** `npm run migrate`: the same validated environment as `npm start`, then the migrations. */
process.exitCode = await runMigrations(configOrExit(process.env, 'migrate'));
