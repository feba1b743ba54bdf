import type { Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/** Whether a member wants a (deco-)mail when a message arrives; on unless turned off. Frozen. */
export async function up(db: Kysely<any>, _t: TableOptions): Promise<void> {
  await db.schema.alterTable('profiles').addColumn('mail_notify', 'integer', (c) => c.notNull().defaultTo(1)).execute();
}
