import type { PhotoRepository } from '../../core/photos/ports.js';
import { compiledOnce, type Db, insertedId, insertOnce, num } from '../util.js';

export function photos(db: Db): PhotoRepository {
  const ofEntry = compiledOnce(db, (entryId: number) => db.selectFrom('photos').select(['id', 'member_id', 'entry_id', 'width', 'height']).where('entry_id', '=', entryId).orderBy('id'));
  return {
    async insert(p) {
      return insertedId(
        db
          .insertInto('photos')
          .values({ member_id: p.memberId, entry_id: p.entryId ?? null, width: p.width, height: p.height, data: p.data, created_at: p.createdAt }),
      );
    },
    async find(id) {
      const r = await db.selectFrom('photos').select(['id', 'member_id', 'entry_id', 'width', 'height']).where('id', '=', id).executeTakeFirst();
      return r ? { id: num(r.id), memberId: num(r.member_id), entryId: r.entry_id === null ? null : num(r.entry_id), width: num(r.width), height: num(r.height) } : null;
    },
    async countByMember(memberId) {
      const r = await db.selectFrom('photos').select((eb) => eb.fn.countAll<number>().as('n')).where('member_id', '=', memberId).executeTakeFirst();
      return Number(r?.n ?? 0);
    },
    async forEntry(entryId) {
      const rows = await ofEntry(entryId);
      return rows.map((r) => ({ id: num(r.id), memberId: num(r.member_id), entryId, width: num(r.width), height: num(r.height) }));
    },
    async original(id) {
      const r = await db.selectFrom('photos').select('data').where('id', '=', id).executeTakeFirst();
      return r ? Buffer.from(r.data) : null;
    },
    async variant(id, width) {
      const r = await db.selectFrom('photo_variants').select('data').where('photo_id', '=', id).where('width', '=', width).executeTakeFirst();
      return r ? Buffer.from(r.data) : null;
    },
    async putVariant(id, width, data) {
      await insertOnce(() => db.insertInto('photo_variants').values({ photo_id: id, width, data }).execute());
    },
    async delete(id) {
      await db.deleteFrom('photo_variants').where('photo_id', '=', id).execute();
      await db.deleteFrom('photos').where('id', '=', id).execute();
    },
  };
}
