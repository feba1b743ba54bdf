import type { Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/** Members, invitations, subscriber-ID bindings, sessions, mail verification, app secrets. Frozen. */
export async function up(db: Kysely<any>, t: TableOptions): Promise<void> {
  await t
    .table(db.schema.createTable('members'))
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('login', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('nickname', 'varchar(64)', (c) => c.notNull())
    .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
    .addColumn('birth_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('mail', 'varchar(255)')
    .addColumn('mail_verified_at', 'bigint')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('invited_by', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('members_mail').on('members').column('mail').execute();

  await t
    .table(db.schema.createTable('invitations'))
    .addColumn('code', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('inviter_id', 'integer')
    .addColumn('max_uses', 'integer', (c) => c.notNull())
    .addColumn('used_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invitations_inviter').on('invitations').column('inviter_id').execute();

  await t
    .table(db.schema.createTable('subscriber_bindings'))
    .addColumn('carrier', 'varchar(16)', (c) => c.notNull())
    .addColumn('id_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('member_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('subscriber_bindings_pk', ['carrier', 'id_hash'])
    .addUniqueConstraint('subscriber_bindings_member_carrier', ['member_id', 'carrier'])
    .execute();

  await t
    .table(db.schema.createTable('sessions'))
    .addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('member_id', 'integer', (c) => c.notNull())
    .addColumn('carrier', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_member').on('sessions').column('member_id').execute();
  await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();

  await t
    .table(db.schema.createTable('mail_verifications'))
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('member_id', 'integer', (c) => c.notNull())
    .addColumn('mail', 'varchar(255)', (c) => c.notNull())
    .addColumn('purpose', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('mail_verifications_member').on('mail_verifications').column('member_id').execute();

  await t
    .table(db.schema.createTable('app_secrets'))
    .addColumn('name', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('value', 'varchar(128)', (c) => c.notNull())
    .execute();
}
