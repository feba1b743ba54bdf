import type { Selectable, Updateable } from 'kysely';
import { sql } from 'kysely';
import { DomainError } from '../core/errors.js';
import type { AttemptRepository, SecretRepository } from '../core/ports.js';
import type { Repositories, Store } from '../core/store.js';
import type { NonceRepository, SessionRecord, SessionRepository } from '../core/sessions/ports.js';
import type { BindingRepository, Invitation, InvitationRepository, MailVerification, MailVerificationRepository, MemberRecord, MemberRepository, MemberStatus } from '../core/members/ports.js';
import type { MembersTable } from './schema.js';
import { socialRepositories } from './social.js';
import { profileRepositories } from './profiles.js';
import { billingRepositories } from './billing.js';
import { gameRepositories } from './games.js';
import { isRetryable, isUniqueViolation, num, numOrNull, type Db } from './util.js';


function toMember(r: Selectable<MembersTable>): MemberRecord {
  return {
    id: num(r.id),
    login: r.login,
    nickname: r.nickname,
    passwordHash: r.password_hash,
    birthDate: r.birth_date,
    mail: r.mail,
    mailVerifiedAt: numOrNull(r.mail_verified_at),
    status: r.status as MemberStatus,
    invitedBy: numOrNull(r.invited_by),
    createdAt: num(r.created_at),
  };
}

function members(db: Db): MemberRepository {
  return {
    async insert(m) {
      try {
        const r = await db
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
          })
          .executeTakeFirstOrThrow();
        return Number(r.insertId);
      } catch (e) {
        if (isUniqueViolation(e)) throw new DomainError('login_taken', { login: 'このログインIDは使われています' });
        throw e;
      }
    },
    async findById(id) {
      const r = await db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toMember(r) : null;
    },
    async findMany(ids) {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('members').selectAll().where('id', 'in', [...new Set(ids)]).execute();
      return rows.map(toMember);
    },
    async findByLogin(login) {
      const r = await db.selectFrom('members').selectAll().where('login', '=', login).executeTakeFirst();
      return r ? toMember(r) : null;
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

function invitations(db: Db): InvitationRepository {
  return {
    async find(code) {
      const r = await db.selectFrom('invitations').selectAll().where('code', '=', code).executeTakeFirst();
      if (!r) return null;
      return { code: r.code, inviterId: numOrNull(r.inviter_id), maxUses: num(r.max_uses), usedCount: num(r.used_count), expiresAt: numOrNull(r.expires_at), createdAt: num(r.created_at) };
    },
    async take(code, now) {
      // One conditional UPDATE: concurrent joins can never use a code more times than allowed.
      const r = await db
        .updateTable('invitations')
        .set({ used_count: sql`used_count + 1` })
        .where('code', '=', code)
        .where('used_count', '<', sql<number>`max_uses`)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async insert(inv: Invitation) {
      await db
        .insertInto('invitations')
        .values({ code: inv.code, inviter_id: inv.inviterId, max_uses: inv.maxUses, used_count: inv.usedCount, expires_at: inv.expiresAt, created_at: inv.createdAt })
        .execute();
    },
  };
}

function bindings(db: Db): BindingRepository {
  return {
    async memberFor(carrier, idHash) {
      const r = await db.selectFrom('subscriber_bindings').select('member_id').where('carrier', '=', carrier).where('id_hash', '=', idHash).executeTakeFirst();
      return r ? num(r.member_id) : null;
    },
    async bind(memberId, carrier, idHash, now) {
      try {
        await db.insertInto('subscriber_bindings').values({ carrier, id_hash: idHash, member_id: memberId, created_at: now }).execute();
        return true;
      } catch (e) {
        if (isUniqueViolation(e)) return false;
        throw e;
      }
    },
    async unbind(memberId, carrier) {
      const r = await db.deleteFrom('subscriber_bindings').where('member_id', '=', memberId).where('carrier', '=', carrier).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async listForMember(memberId) {
      const rows = await db.selectFrom('subscriber_bindings').select(['carrier', 'created_at']).where('member_id', '=', memberId).execute();
      return rows.map((r) => ({ carrier: r.carrier, createdAt: num(r.created_at) }));
    },
  };
}

function sessions(db: Db): SessionRepository {
  return {
    async insert(s: SessionRecord) {
      await db
        .insertInto('sessions')
        .values({ id_hash: s.idHash, member_id: s.memberId, carrier: s.carrier, created_at: s.createdAt, last_seen_at: s.lastSeenAt, expires_at: s.expiresAt, on_gateway: s.onGateway ? 1 : 0 })
        .execute();
    },
    async find(idHash) {
      const r = await db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
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

function mailVerifications(db: Db): MailVerificationRepository {
  return {
    async insert(v: MailVerification) {
      await db
        .insertInto('mail_verifications')
        .values({ token_hash: v.tokenHash, member_id: v.memberId, mail: v.mail, purpose: v.purpose, created_at: v.createdAt, expires_at: v.expiresAt, used_at: v.usedAt })
        .execute();
    },
    async find(tokenHash) {
      const r = await db.selectFrom('mail_verifications').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      if (!r) return null;
      return { tokenHash: r.token_hash, memberId: num(r.member_id), mail: r.mail, purpose: r.purpose as MailVerification['purpose'], createdAt: num(r.created_at), expiresAt: num(r.expires_at), usedAt: numOrNull(r.used_at) };
    },
    async markUsed(tokenHash, at) {
      const r = await db.updateTable('mail_verifications').set({ used_at: at }).where('token_hash', '=', tokenHash).where('used_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}

function secrets(db: Db): SecretRepository {
  return {
    async get(name) {
      const r = await db.selectFrom('app_secrets').select('value').where('name', '=', name).executeTakeFirst();
      return r?.value ?? null;
    },
    async putIfAbsent(name, value) {
      try {
        await db.insertInto('app_secrets').values({ name, value }).execute();
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
      }
      const r = await db.selectFrom('app_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
      return r.value;
    },
  };
}

function nonces(db: Db): NonceRepository {
  return {
    async use(nonceHash, at) {
      try {
        await db.insertInto('form_nonces').values({ nonce_hash: nonceHash, used_at: at }).execute();
        return true;
      } catch (e) {
        if (isUniqueViolation(e)) return false;
        throw e;
      }
    },
    async purge(before) {
      const r = await db.deleteFrom('form_nonces').where('used_at', '<', before).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

function attempts(db: Db): AttemptRepository {
  // One conditional UPDATE per use: the row lock (InnoDB) or the single writer (SQLite) makes the
  // check and the increment one step, so parallel requests in any number of processes cannot
  // take more than `max`. A window that has ended starts again at this use.
  const take = async (keyHash: string, max: number, windowMs: number, now: number) => {
    const r = await db
      .updateTable('attempt_budgets')
      .set({
        used: sql`case when expires_at <= ${now} then 1 else used + 1 end`,
        expires_at: sql`case when expires_at <= ${now} then ${now + windowMs} else expires_at end`,
      })
      .where('key_hash', '=', keyHash)
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('used', '<', max)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  };
  return {
    async reserve(keyHash, max, windowMs, now) {
      if (max <= 0) return false;
      if (await take(keyHash, max, windowMs, now)) return true;
      try {
        await db.insertInto('attempt_budgets').values({ key_hash: keyHash, used: 1, expires_at: now + windowMs }).execute();
        return true;
      } catch (e) {
        // Another request made the row first: take from it like everyone else.
        if (isUniqueViolation(e)) return take(keyHash, max, windowMs, now);
        throw e;
      }
    },
    async release(keyHash, now) {
      await db.updateTable('attempt_budgets').set({ used: sql`used - 1` }).where('key_hash', '=', keyHash).where('used', '>', 0).where('expires_at', '>', now).execute();
    },
    async used(keyHash, now) {
      const r = await db.selectFrom('attempt_budgets').select('used').where('key_hash', '=', keyHash).where('expires_at', '>', now).executeTakeFirst();
      return r ? num(r.used) : 0;
    },
    async clear(keyHash) {
      await db.deleteFrom('attempt_budgets').where('key_hash', '=', keyHash).execute();
    },
    async purge(now) {
      const r = await db.deleteFrom('attempt_budgets').where('expires_at', '<=', now).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

function repositories(db: Db): Repositories {
  return {
    attempts: attempts(db),
    members: members(db),
    invitations: invitations(db),
    bindings: bindings(db),
    sessions: sessions(db),
    mailVerifications: mailVerifications(db),
    secrets: secrets(db),
    nonces: nonces(db),
    ...socialRepositories(db),
    ...profileRepositories(db),
    ...billingRepositories(db),
    ...gameRepositories(db),
  };
}

/** The core's Store over Kysely: the same code for SQLite and MySQL. */
export function createStore(db: Db): Store {
  return {
    ...repositories(db),
    async transaction(work) {
      try {
        return await db.transaction().execute((trx) => work(repositories(trx)));
      } catch (e) {
        // Deadlock or lock wait timeout (MySQL), busy (SQLite): the work can be run again.
        if (isRetryable(e)) throw new DomainError('conflict');
        throw e;
      }
    },
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
  };
}

