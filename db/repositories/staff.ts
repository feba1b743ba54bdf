import type { Staff, StaffRepository, StaffRole } from '../../core/staff/ports.js';
import { type Db, insertedId, num } from '../util.js';

const staffOf = (r: { id: unknown; login: string; name: string; role: string }): Staff => ({ id: num(r.id), login: r.login, name: r.name, role: r.role as StaffRole });

export function staff(db: Db): StaffRepository {
  return {
    insert(s) {
      return insertedId(db.insertInto('staff').values({ login: s.login, name: s.name, role: s.role, password_hash: s.passwordHash, created_at: s.createdAt }));
    },
    async byLogin(login) {
      const r = await db.selectFrom('staff').selectAll().where('login', '=', login).executeTakeFirst();
      return r ? { ...staffOf(r), passwordHash: r.password_hash } : null;
    },
    async byId(id) {
      const r = await db.selectFrom('staff').select(['id', 'login', 'name', 'role']).where('id', '=', id).executeTakeFirst();
      return r ? staffOf(r) : null;
    },
    async list() {
      return (await db.selectFrom('staff').select(['id', 'login', 'name', 'role']).orderBy('id').execute()).map(staffOf);
    },
    async startSession(tokenHash, staffId, expiresAt) {
      await db.insertInto('staff_sessions').values({ token_hash: tokenHash, staff_id: staffId, expires_at: expiresAt }).execute();
    },
    async session(tokenHash, now) {
      const r = await db.selectFrom('staff_sessions').select('staff_id').where('token_hash', '=', tokenHash).where('expires_at', '>', now).executeTakeFirst();
      return r ? num(r.staff_id) : null;
    },
    async endSession(tokenHash) {
      await db.deleteFrom('staff_sessions').where('token_hash', '=', tokenHash).execute();
    },
  };
}
