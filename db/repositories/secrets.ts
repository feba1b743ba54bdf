import type { SecretRepository } from '../../core/ports.js';
import { type Db, insertOnce } from '../util.js';

export function secrets(db: Db): SecretRepository {
  return {
    async get(name) {
      const r = await db.selectFrom('app_secrets').select('value').where('name', '=', name).executeTakeFirst();
      return r?.value ?? null;
    },
    async putIfAbsent(name, value) {
      await insertOnce(() => db.insertInto('app_secrets').values({ name, value }).execute());
      const r = await db.selectFrom('app_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
      return r.value;
    },
  };
}
