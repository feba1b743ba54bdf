import type { Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/** Flash Lite games: one-time plays and each member's best score per game and period. Frozen. */
export async function up(db: Kysely<any>, t: TableOptions): Promise<void> {
  await t
    .table(db.schema.createTable('game_plays'))
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('member_id', 'integer', (c) => c.notNull())
    .addColumn('game_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('score', 'integer')
    .execute();
  await db.schema.createIndex('game_plays_member').on('game_plays').columns(['member_id', 'started_at']).execute();

  await t
    .table(db.schema.createTable('game_best'))
    .addColumn('game_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('period', 'varchar(12)', (c) => c.notNull())
    .addColumn('member_id', 'integer', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('achieved_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('game_best_pk', ['game_id', 'period', 'member_id'])
    .execute();
  await db.schema.createIndex('game_best_rank').on('game_best').columns(['game_id', 'period', 'score']).execute();
}
