import type { Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/**
 * The carrier-billed point course and the points ledger. Frozen.
 * Points move only by appending to point_ledger (each entry's ref is unique, so a grant can
 * never be written twice); point_balances is its running sum, updated in the same transaction.
 */
export async function up(db: Kysely<any>, t: TableOptions): Promise<void> {
  await t
    .table(db.schema.createTable('course_orders'))
    .addColumn('token', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('member_id', 'integer', (c) => c.notNull())
    .addColumn('carrier', 'varchar(16)', (c) => c.notNull())
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('course_orders_member').on('course_orders').columns(['member_id', 'created_at']).execute();

  await t
    .table(db.schema.createTable('course_subscriptions'))
    .addColumn('member_id', 'integer', (c) => c.primaryKey())
    .addColumn('carrier', 'varchar(16)', (c) => c.notNull())
    .addColumn('contract_ref', 'varchar(64)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('joined_at', 'bigint', (c) => c.notNull())
    .addColumn('cancelled_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('course_subscriptions_contract').unique().on('course_subscriptions').columns(['carrier', 'contract_ref']).execute();

  await t
    .table(db.schema.createTable('course_charges'))
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
  // One charge per member and calendar month: re-joining in the same month is never billed twice.
  await db.schema.createIndex('course_charges_member_month').unique().on('course_charges').columns(['member_id', 'month']).execute();
  await db.schema.createIndex('course_charges_settle').on('course_charges').columns(['carrier', 'month']).execute();

  await t
    .table(db.schema.createTable('point_ledger'))
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('member_id', 'integer', (c) => c.notNull())
    .addColumn('delta', 'integer', (c) => c.notNull())
    .addColumn('kind', 'varchar(24)', (c) => c.notNull())
    .addColumn('ref', 'varchar(96)', (c) => c.notNull().unique())
    .addColumn('note', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('point_ledger_member').on('point_ledger').columns(['member_id', 'id']).execute();

  await t
    .table(db.schema.createTable('point_balances'))
    .addColumn('member_id', 'integer', (c) => c.primaryKey())
    .addColumn('balance', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await t
    .table(db.schema.createTable('billing_notifications'))
    .addColumn('carrier', 'varchar(16)', (c) => c.notNull())
    .addColumn('notification_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('kind', 'varchar(24)', (c) => c.notNull())
    .addColumn('outcome', 'varchar(200)', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('billing_notifications_pk', ['carrier', 'notification_id'])
    .execute();

  await t
    .table(db.schema.createTable('billing_settlements'))
    .addColumn('carrier', 'varchar(16)', (c) => c.notNull())
    .addColumn('month', 'varchar(7)', (c) => c.notNull())
    .addColumn('settlement_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('records', 'integer', (c) => c.notNull())
    .addColumn('matched', 'integer', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('billing_settlements_pk', ['carrier', 'month'])
    .execute();

  // Point-course members may visit without leaving a footprint.
  await db.schema.alterTable('profiles').addColumn('hide_footprints', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}
