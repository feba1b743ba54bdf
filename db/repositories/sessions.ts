import type { SessionRecord, SessionRepository } from '../../core/sessions/ports.js';
import { compiledOnce, type Db, num } from '../util.js';
import { toPublicMember } from './members.js';

const toSession = (idHash: string, r: { member_id: unknown; carrier: string; created_at: unknown; last_seen_at: unknown; expires_at: unknown; on_gateway: unknown }): SessionRecord => ({
  idHash,
  memberId: num(r.member_id),
  carrier: r.carrier,
  createdAt: num(r.created_at),
  lastSeenAt: num(r.last_seen_at),
  expiresAt: num(r.expires_at),
  onGateway: num(r.on_gateway) === 1,
});

export function sessions(db: Db): SessionRepository {
  // The session's columns, the member's under names of their own (both tables have created_at;
  // never the password's hash: a session has no use for it) and the member's counters (caches of
  // what the member sees are checked against them): one read per request.
  const withMember = compiledOnce(db, (idHash: string) =>
    db
      .selectFrom('sessions as s')
      .leftJoin('members as m', 'm.id', 's.member_id')
      .leftJoin('member_versions as v', 'v.member_id', 's.member_id')
      .select(['s.member_id', 's.carrier', 's.created_at', 's.last_seen_at', 's.expires_at', 's.on_gateway'])
      .select(['v.v as v_all', 'v.ev as v_echoes', 'v.bv as v_blocks'])
      .select(['m.id as m_id', 'm.login as m_login', 'm.nickname as m_nickname', 'm.birth_date as m_birth_date', 'm.mail as m_mail', 'm.mail_verified_at as m_mail_verified_at', 'm.status as m_status', 'm.invited_by as m_invited_by', 'm.created_at as m_created_at'])
      .where('s.id_hash', '=', idHash),
  );
  return {
    async insert(s: SessionRecord) {
      await db
        .insertInto('sessions')
        .values({ id_hash: s.idHash, member_id: s.memberId, carrier: s.carrier, created_at: s.createdAt, last_seen_at: s.lastSeenAt, expires_at: s.expiresAt, on_gateway: s.onGateway ? 1 : 0 })
        .execute();
    },
    async findWithMember(idHash) {
      const [r] = await withMember(idHash);
      if (!r) return null;
      const member =
        r.m_id === null
          ? null
          : toPublicMember({ id: r.m_id, login: r.m_login!, nickname: r.m_nickname!, birth_date: r.m_birth_date!, mail: r.m_mail!, mail_verified_at: r.m_mail_verified_at, status: r.m_status!, invited_by: r.m_invited_by, created_at: r.m_created_at! });
      const versions = r.v_all === null || r.v_echoes === null || r.v_blocks === null ? null : { all: num(r.v_all), echoes: num(r.v_echoes), blocks: num(r.v_blocks) };
      return { session: toSession(idHash, r), member, versions };
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
