import type { NonceRepository } from '../../core/sessions/ports.js';
import { compiledOnce, type Db, insertOnce } from '../util.js';

export function nonces(db: Db): NonceRepository {
  const useQ = compiledOnce(db, (nonceHash: string, at: number) => db.insertInto('form_nonces').values({ nonce_hash: nonceHash, used_at: at }));
  return {
    async use(nonceHash, at) {
      return insertOnce(() => useQ(nonceHash, at));
    },
    async purge(before) {
      const r = await db.deleteFrom('form_nonces').where('used_at', '<', before).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
