import type { NgAction, NgWordRepository } from '../../core/staff/ports.js';
import { compiledOnce, type Db } from '../util.js';

export function ngWords(db: Db): NgWordRepository {
  const allQ = compiledOnce(db, () => db.selectFrom('ng_words').select(['word', 'action']).orderBy('word'));
  return {
    async all() {
      const rows = await allQ();
      return rows.map((r) => ({ word: r.word, action: r.action as NgAction }));
    },
    async put(word, action, now) {
      const done = await db.updateTable('ng_words').set({ action }).where('word', '=', word).executeTakeFirst();
      if (Number(done.numUpdatedRows) === 0) await db.insertInto('ng_words').values({ word, action, created_at: now }).execute();
    },
    async remove(word) {
      const r = await db.deleteFrom('ng_words').where('word', '=', word).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
