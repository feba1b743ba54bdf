import type { Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/**
 * Decorated messages: the template gallery (images, who bought which paid one: one row per member
 * and template) and each decorated message's document (JSON of checked runs, never markup).
 * mixi Premium, the second monthly course: its orders, contracts, charges and settlements in
 * tables shaped as the point course's (0011, with 0022's last_notice_at), so one repository
 * serves both products.
 * Frozen once released.
 */
export async function up(db: Kysely<any>, t: TableOptions): Promise<void> {
  await t
    .table(db.schema.createTable('deco_templates'))
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('price_points', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('data', t.blob, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await t
    .table(db.schema.createTable('deco_template_owners'))
    .addColumn('member_id', 'integer', (c) => c.notNull())
    .addColumn('template_id', 'integer', (c) => c.notNull())
    .addColumn('ref', 'varchar(80)', (c) => c.notNull())
    .addColumn('acquired_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('deco_template_owners_pk', ['member_id', 'template_id'])
    .execute();
  await t
    .table(db.schema.createTable('message_decorations'))
    .addColumn('message_id', 'integer', (c) => c.primaryKey())
    .addColumn('doc', 'text', (c) => c.notNull())
    .execute();

  await t
    .table(db.schema.createTable('premium_orders'))
    .addColumn('token', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('member_id', 'integer', (c) => c.notNull())
    .addColumn('carrier', 'varchar(16)', (c) => c.notNull())
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('premium_orders_member').on('premium_orders').columns(['member_id', 'created_at']).execute();
  await t
    .table(db.schema.createTable('premium_subscriptions'))
    .addColumn('member_id', 'integer', (c) => c.primaryKey())
    .addColumn('carrier', 'varchar(16)', (c) => c.notNull())
    .addColumn('contract_ref', 'varchar(64)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('joined_at', 'bigint', (c) => c.notNull())
    .addColumn('cancelled_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    // As course_subscriptions since 0022: the carrier's date of the latest notice applied.
    .addColumn('last_notice_at', 'bigint')
    .execute();
  await db.schema.createIndex('premium_subscriptions_contract').unique().on('premium_subscriptions').columns(['carrier', 'contract_ref']).execute();
  await t
    .table(db.schema.createTable('premium_charges'))
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('member_id', 'integer', (c) => c.notNull())
    .addColumn('month', 'varchar(7)', (c) => c.notNull())
    .addColumn('carrier', 'varchar(16)', (c) => c.notNull())
    .addColumn('contract_ref', 'varchar(64)', (c) => c.notNull())
    .addColumn('amount_yen', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(8)', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('premium_charges_member_month').unique().on('premium_charges').columns(['member_id', 'month']).execute();
  await db.schema.createIndex('premium_charges_settle').on('premium_charges').columns(['carrier', 'month']).execute();
  await t
    .table(db.schema.createTable('premium_settlements'))
    .addColumn('carrier', 'varchar(16)', (c) => c.notNull())
    .addColumn('month', 'varchar(7)', (c) => c.notNull())
    .addColumn('settlement_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('records', 'integer', (c) => c.notNull())
    .addColumn('matched', 'integer', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('premium_settlements_pk', ['carrier', 'month'])
    .execute();
}
