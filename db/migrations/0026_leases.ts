import type { Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/**
 * Leases: a named role one process holds until an expiry (the schedule runner among several
 * gateways, on one machine or many, over one database or a Galera cluster). Frozen once released.
 */
export async function up(db: Kysely<any>, t: TableOptions): Promise<void> {
  await t
    .table(db.schema.createTable('leases'))
    .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('holder', 'varchar(128)', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}
