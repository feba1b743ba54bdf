import { DomainError } from '../../core/errors.js';
import type { Member, MemberRecord, MemberRepository, MemberStatus } from '../../core/members/ports.js';
import type { MembersTable } from '../schema.js';
import type { Selectable, Updateable } from 'kysely';
import { compiledOnce, type Db, firstOrNull, insertedId, isUniqueViolation, num, numOrNull } from '../util.js';

export function toMember(r: Selectable<MembersTable>): MemberRecord {
  return { ...toPublicMember(r), passwordHash: r.password_hash };
}

/** A member's row without its password's hash (a session's member: see sessions.ts). */
export function toPublicMember(r: Omit<Selectable<MembersTable>, 'password_hash'>): Member {
  return {
    id: num(r.id),
    login: r.login,
    nickname: r.nickname,
    birthDate: r.birth_date,
    mail: r.mail,
    mailVerifiedAt: numOrNull(r.mail_verified_at),
    status: r.status as MemberStatus,
    invitedBy: numOrNull(r.invited_by),
    createdAt: num(r.created_at),
  };
}

export function members(db: Db): MemberRepository {
  const byId = compiledOnce(db, (id: number) => db.selectFrom('members').selectAll().where('id', '=', id));
  const byIds = compiledOnce(db, (ids: number[]) => db.selectFrom('members').selectAll().where('id', 'in', ids));
  const namesQ = compiledOnce(db, (ids: number[]) => db.selectFrom('members').select(['id', 'nickname', 'status']).where('id', 'in', ids));
  return {
    async insert(m) {
      try {
        // Awaited here, so a taken login is caught below.
        return await insertedId(
          db
            .insertInto('members')
            .values({
              login: m.login,
              nickname: m.nickname,
              password_hash: m.passwordHash,
              birth_date: m.birthDate,
              mail: m.mail,
              mail_verified_at: m.mailVerifiedAt,
              status: m.status,
              invited_by: m.invitedBy,
              created_at: m.createdAt,
            }),
        );
      } catch (e) {
        if (isUniqueViolation(e)) throw new DomainError('login_taken', { login: 'このログインIDは使われています' });
        throw e;
      }
    },
    async findById(id) {
      const [r] = await byId(id);
      return r ? toMember(r) : null;
    },
    async findMany(ids) {
      if (ids.length === 0) return [];
      const rows = await byIds([...new Set(ids)]);
      return rows.map(toMember);
    },
    async namesOf(ids) {
      if (ids.length === 0) return [];
      const rows = await namesQ([...new Set(ids)]);
      return rows.map((r) => ({ id: num(r.id), nickname: r.nickname, status: r.status as MemberStatus }));
    },
    async findByLogin(login) {
      return firstOrNull(db.selectFrom('members').selectAll().where('login', '=', login), toMember);
    },
    async update(id, p) {
      const values: Updateable<MembersTable> = {};
      if (p.status !== undefined) values.status = p.status;
      if (p.mail !== undefined) values.mail = p.mail;
      if (p.mailVerifiedAt !== undefined) values.mail_verified_at = p.mailVerifiedAt;
      if (p.passwordHash !== undefined) values.password_hash = p.passwordHash;
      if (p.nickname !== undefined) values.nickname = p.nickname;
      if (Object.keys(values).length === 0) return;
      await db.updateTable('members').set(values).where('id', '=', id).execute();
    },
    async count() {
      const r = await db.selectFrom('members').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
