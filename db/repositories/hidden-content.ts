import type { ContentKind, HiddenContentRepository } from '../../core/staff/ports.js';
import { compiledOnce, type Db, insertOnce, num } from '../util.js';

export function hiddenContent(db: Db): HiddenContentRepository {
  const amongQ = compiledOnce(db, (kind: string, ids: number[]) => db.selectFrom('hidden_content').select(['target_id', 'reason']).where('kind', '=', kind).where('target_id', 'in', ids));
  return {
    hide(h) {
      return insertOnce(() => db.insertInto('hidden_content').values({ kind: h.kind, target_id: h.targetId, reason: h.reason, word: h.word.slice(0, 100), created_at: h.createdAt }).execute());
    },
    async restore(kind, targetId) {
      const r = await db.deleteFrom('hidden_content').where('kind', '=', kind).where('target_id', '=', targetId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async hiddenAmong(kind, ids) {
      const wanted = [...new Set(ids)].filter((id) => Number.isSafeInteger(id));
      if (wanted.length === 0) return new Map();
      const rows = await amongQ(kind, wanted);
      return new Map(rows.map((r) => [num(r.target_id), r.reason as 'staff' | 'held']));
    },
    async list(reason, limit) {
      const rows = await db.selectFrom('hidden_content').selectAll().where('reason', '=', reason).orderBy('created_at', 'desc').limit(limit).execute();
      return rows.map((r) => ({ kind: r.kind as ContentKind, targetId: num(r.target_id), reason: r.reason as 'staff' | 'held', word: r.word, createdAt: num(r.created_at) }));
    },
  };
}
