import type { DiaryEntry, DiaryRepository, Visibility } from '../../core/diary/ports.js';
import type { DiaryEntriesTable } from '../schema.js';
import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import { compiledOnce, type Db, insertedId, likeContaining, num } from '../util.js';
import { japanMonth } from '../../core/time.js';

function toEntry(r: Selectable<DiaryEntriesTable>): DiaryEntry {
  return { id: num(r.id), memberId: num(r.member_id), title: r.title, body: r.body, visibility: r.visibility as Visibility, createdAt: num(r.created_at), updatedAt: num(r.updated_at) };
}

export function diary(db: Db): DiaryRepository {
  const byId = compiledOnce(db, (id: number) => db.selectFrom('diary_entries').selectAll().where('id', '=', id));
  const byIds = compiledOnce(db, (ids: number[]) => db.selectFrom('diary_entries').selectAll().where('id', 'in', ids));
  /** A member's entries at the visibilities the reader may see. */
  const visibleOf = (memberId: number, visible: readonly Visibility[]) =>
    db.selectFrom('diary_entries').selectAll().where('member_id', '=', memberId).where('visibility', 'in', [...visible]);
  const pageQ = compiledOnce(db, (memberId: number, visible: Visibility[], limit: number, offset: number) =>
    visibleOf(memberId, visible).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset),
  );
  const datesQ = compiledOnce(db, (memberId: number, visible: Visibility[]) =>
    db.selectFrom('diary_entries').select('created_at').where('member_id', '=', memberId).where('visibility', 'in', visible),
  );
  return {
    async insert(e) {
      return insertedId(
        db
          .insertInto('diary_entries')
          .values({ member_id: e.memberId, title: e.title, body: e.body, visibility: e.visibility, created_at: e.createdAt, updated_at: e.updatedAt }),
      );
    },
    async find(id) {
      const [r] = await byId(id);
      return r ? toEntry(r) : null;
    },
    async delete(id) {
      await db.deleteFrom('diary_entries').where('id', '=', id).execute();
    },
    async findMany(ids) {
      if (ids.length === 0) return [];
      const rows = await byIds([...new Set(ids)]);
      return rows.map(toEntry);
    },
    async listByMember(memberId, visible, limit, offset) {
      if (visible.length === 0) return [];
      const rows = await pageQ(memberId, [...visible], limit, offset);
      return rows.map(toEntry);
    },
    async update(id, p) {
      await db.updateTable('diary_entries').set({ title: p.title, body: p.body, visibility: p.visibility, updated_at: p.updatedAt }).where('id', '=', id).execute();
    },
    async months(memberId, visible) {
      if (visible.length === 0) return [];
      const rows = await datesQ(memberId, [...visible]);
      const counts = new Map<string, number>();
      for (const r of rows) {
        const month = japanMonth(num(r.created_at));
        counts.set(month, (counts.get(month) ?? 0) + 1);
      }
      return [...counts].sort((a, b) => (a[0] < b[0] ? 1 : -1)).map(([month, count]) => ({ month, count }));
    },
    async inMonth(memberId, visible, from, to) {
      if (visible.length === 0) return [];
      const rows = await visibleOf(memberId, visible)
        .where('created_at', '>=', from)
        .where('created_at', '<', to)
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map(toEntry);
    },
    async search(q) {
      const scopes = q.scopes.filter((s) => s.visibilities.length && (s.authorIds === 'any' || s.authorIds.length));
      if (!scopes.length) return [];
      let query = db
        .selectFrom('diary_entries')
        .selectAll()
        .where(sql<boolean>`(${likeContaining('title', q.keyword)} or ${likeContaining('body', q.keyword)})`)
        .where((eb) =>
          eb.or(
            scopes.map((s) =>
              s.authorIds === 'any'
                ? eb('visibility', 'in', [...s.visibilities])
                : eb.and([eb('member_id', 'in', [...s.authorIds]), eb('visibility', 'in', [...s.visibilities])]),
            ),
          ),
        );
      if (q.excludingAuthors.length) query = query.where('member_id', 'not in', [...q.excludingAuthors]);
      const rows = await query.orderBy('created_at', 'desc').limit(q.limit).execute();
      return rows.map(toEntry);
    },
    async countSince(memberId, since) {
      const r = await db.selectFrom('diary_entries').select((eb) => eb.fn.countAll().as('n')).where('member_id', '=', memberId).where('created_at', '>', since).executeTakeFirstOrThrow();
      return num(r.n);
    },
  };
}
