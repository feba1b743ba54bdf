import type { Selectable } from 'kysely';
import type { Echo, EchoRepository } from '../../core/echo/ports.js';
import type { EchoesTable } from '../schema.js';
import { type Db, except, firstOrNull, insertedId, num } from '../util.js';

function toEcho(r: Selectable<EchoesTable>): Echo {
  return { id: num(r.id), memberId: num(r.member_id), body: r.body, replyTo: r.reply_to === null ? null : num(r.reply_to), createdAt: num(r.created_at) };
}

export function echoes(db: Db): EchoRepository {
  return {
    async insert(e) {
      return insertedId(db.insertInto('echoes').values({ member_id: e.memberId, body: e.body, reply_to: e.replyTo, created_at: e.createdAt }));
    },
    async find(id) {
      return firstOrNull(db.selectFrom('echoes').selectAll().where('id', '=', id), toEcho);
    },
    async findMany(ids) {
      if (ids.length === 0) return [];
      return (await db.selectFrom('echoes').selectAll().where('id', 'in', [...ids]).execute()).map(toEcho);
    },
    async delete(id) {
      await db.deleteFrom('echoes').where('id', '=', id).execute();
    },
    async byMembers(memberIds, limit, offset) {
      if (memberIds.length === 0) return [];
      // (member_id, created_at) index: each author's newest rows, merged by the database.
      const rows = await db
        .selectFrom('echoes')
        .selectAll()
        .where('member_id', 'in', [...memberIds])
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map(toEcho);
    },
    async ofMemberAndFriends(memberId, excluding, limit, offset) {
      const friends = db.selectFrom('friendships').select('friend_id').where('member_id', '=', memberId);
      const rows = await db
        .selectFrom('echoes')
        .selectAll()
        .where((eb) => eb.or([eb('member_id', '=', memberId), eb('member_id', 'in', friends)]))
        .where('member_id', 'not in', except(excluding))
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map(toEcho);
    },
    async replies(echoId, limit) {
      const rows = await db.selectFrom('echoes').selectAll().where('reply_to', '=', echoId).orderBy('created_at', 'asc').orderBy('id', 'asc').limit(limit).execute();
      return rows.map(toEcho);
    },
  };
}
