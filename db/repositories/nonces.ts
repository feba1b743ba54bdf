import type { NonceRepository } from '../../core/sessions/ports.js';
import { type Db, insertOnce } from '../util.js';

export function nonces(db: Db): NonceRepository {
  return {
    async use(nonceHash, at) {
      return insertOnce(() => db.insertInto('form_nonces').values({ nonce_hash: nonceHash, used_at: at }).execute());
    },
    async purge(before) {
      const r = await db.deleteFrom('form_nonces').where('used_at', '<', before).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
