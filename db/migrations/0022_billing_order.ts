import type { Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/**
 * The carriers' own protocols date their notices: each contract remembers the date of the
 * latest one applied, so an older notice arriving after a newer one (a delayed payment failure
 * after the retried payment's success, a cancellation after the member joined again) is refused
 * instead of undoing it. Frozen once released.
 */
export async function up(db: Kysely<any>, _t: TableOptions): Promise<void> {
  await db.schema.alterTable('course_subscriptions').addColumn('last_notice_at', 'bigint').execute();
}
