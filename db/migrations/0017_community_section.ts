import { sql, type Kysely } from 'kysely';
import type { TableOptions } from './index.js';

/**
 * Members who had saved their top-page sections before communities existed never chose about the
 * new section: it is switched on for them (members who switched every section off keep none).
 * Frozen once released.
 */
export async function up(db: Kysely<any>, _t: TableOptions): Promise<void> {
  await db
    .updateTable('profiles')
    .set({ top_sections: sql`concat(top_sections, ',communities')` })
    .where('top_sections', '!=', '')
    .where('top_sections', 'not like', '%communities%')
    .execute();
}
