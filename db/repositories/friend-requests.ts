import type { FriendRequest, FriendRequestRepository } from '../../core/friends/ports.js';
import { type Db, firstOrNull, insertedId, num } from '../util.js';

export function friendRequests(db: Db): FriendRequestRepository {
  const to = (r: { id: unknown; from_id: unknown; to_id: unknown; message: string; status: string; created_at: unknown }): FriendRequest => ({
    id: num(r.id),
    fromId: num(r.from_id),
    toId: num(r.to_id),
    message: r.message,
    status: r.status as FriendRequest['status'],
    createdAt: num(r.created_at),
  });
  return {
    async insert(r) {
      return insertedId(db.insertInto('friend_requests').values({ from_id: r.fromId, to_id: r.toId, message: r.message, status: r.status, created_at: r.createdAt }));
    },
    async find(id) {
      return firstOrNull(db.selectFrom('friend_requests').selectAll().where('id', '=', id), to);
    },
    async pendingBetween(fromId, toId) {
      return firstOrNull(db.selectFrom('friend_requests').selectAll().where('from_id', '=', fromId).where('to_id', '=', toId).where('status', '=', 'pending'), to);
    },
    async pendingTo(memberId) {
      const rows = await db.selectFrom('friend_requests').selectAll().where('to_id', '=', memberId).where('status', '=', 'pending').orderBy('created_at', 'desc').execute();
      return rows.map(to);
    },
    async settle(id, status) {
      const r = await db.updateTable('friend_requests').set({ status }).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async countSince(fromId, since) {
      const r = await db.selectFrom('friend_requests').select((eb) => eb.fn.countAll().as('n')).where('from_id', '=', fromId).where('created_at', '>', since).executeTakeFirstOrThrow();
      return num(r.n);
    },
  };
}
