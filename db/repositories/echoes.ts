import type { Selectable } from 'kysely';
import type { Echo, EchoRepository } from '../../core/echo/ports.js';
import type { EchoesTable } from '../schema.js';
import { compiledOnce, type Db, except, firstOrNull, insertedId, num } from '../util.js';

function toEcho(r: Selectable<EchoesTable>): Echo {
  return { id: num(r.id), memberId: num(r.member_id), body: r.body, replyTo: r.reply_to === null ? null : num(r.reply_to), createdAt: num(r.created_at) };
}

export function echoes(db: Db): EchoRepository {
  // The authors as a joined set (the member and their friends): "member = ? or member in
  // (friends)" made MariaDB 10.11 read every echo (no semi-join through an OR).
  const friendsQ = compiledOnce(db, (memberId: number, excluding: number[], limit: number, offset: number) => {
    const authors = db
      .selectFrom('friendships')
      .select('friend_id as author')
      .where('member_id', '=', memberId)
      .union(db.selectNoFrom((eb) => eb.val(memberId).as('author')));
    return db
      .selectFrom('echoes')
      .innerJoin(authors.as('a'), 'a.author', 'echoes.member_id')
      .selectAll('echoes')
      .where('echoes.member_id', 'not in', except(excluding))
      .orderBy('echoes.created_at', 'desc')
      .orderBy('echoes.id', 'desc')
      .limit(limit)
      .offset(offset);
  });
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
      const rows = await friendsQ(memberId, [...excluding], limit, offset);
      return rows.map(toEcho);
    },
    async replies(echoId, limit) {
      const rows = await db.selectFrom('echoes').selectAll().where('reply_to', '=', echoId).orderBy('created_at', 'asc').orderBy('id', 'asc').limit(limit).execute();
      return rows.map(toEcho);
    },
  };
}
