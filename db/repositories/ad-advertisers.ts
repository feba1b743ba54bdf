import type { AdvertiserRepository } from '../../core/ads/ports.js';
import { type Db, num } from '../util.js';

export function advertisers(db: Db): AdvertiserRepository {
  return {
    async insert(a) {
      const r = await db.insertInto('advertisers').values({ login: a.login, name: a.name, password_hash: a.passwordHash, created_at: a.createdAt }).executeTakeFirstOrThrow();
      return Number(r.insertId);
    },
    async byLogin(login) {
      const r = await db.selectFrom('advertisers').selectAll().where('login', '=', login).executeTakeFirst();
      return r ? { id: num(r.id), login: r.login, name: r.name, passwordHash: r.password_hash } : null;
    },
    async byId(id) {
      const r = await db.selectFrom('advertisers').select(['id', 'login', 'name']).where('id', '=', id).executeTakeFirst();
      return r ? { id: num(r.id), login: r.login, name: r.name } : null;
    },
    async startSession(tokenHash, advertiserId, expiresAt) {
      await db.insertInto('advertiser_sessions').values({ token_hash: tokenHash, advertiser_id: advertiserId, expires_at: expiresAt }).execute();
    },
    async session(tokenHash, now) {
      const r = await db.selectFrom('advertiser_sessions').select('advertiser_id').where('token_hash', '=', tokenHash).where('expires_at', '>', now).executeTakeFirst();
      return r ? num(r.advertiser_id) : null;
    },
    async endSession(tokenHash) {
      await db.deleteFrom('advertiser_sessions').where('token_hash', '=', tokenHash).execute();
    },
  };
}
