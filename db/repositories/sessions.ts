import type { SessionRecord, SessionRepository } from '../../core/sessions/ports.js';
import { compiledOnce, type Db, num } from '../util.js';

export function sessions(db: Db): SessionRepository {
  const byHash = compiledOnce(db, (idHash: string) => db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash));
  return {
    async insert(s: SessionRecord) {
      await db
        .insertInto('sessions')
        .values({ id_hash: s.idHash, member_id: s.memberId, carrier: s.carrier, created_at: s.createdAt, last_seen_at: s.lastSeenAt, expires_at: s.expiresAt, on_gateway: s.onGateway ? 1 : 0 })
        .execute();
    },
    async find(idHash) {
      const [r] = await byHash(idHash);
      return r ? { idHash: r.id_hash, memberId: num(r.member_id), carrier: r.carrier, createdAt: num(r.created_at), lastSeenAt: num(r.last_seen_at), expiresAt: num(r.expires_at), onGateway: num(r.on_gateway) === 1 } : null;
    },
    async touch(idHash, at) {
      await db.updateTable('sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute();
    },
    async delete(idHash) {
      await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },
    async deleteForMember(memberId) {
      await db.deleteFrom('sessions').where('member_id', '=', memberId).execute();
    },
    async deleteExpired(now, idleBefore) {
      const r = await db.deleteFrom('sessions').where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleBefore)])).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
