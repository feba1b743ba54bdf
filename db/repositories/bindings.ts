import type { BindingRepository } from '../../core/members/ports.js';
import { compiledOnce, type Db, insertOnce, num } from '../util.js';

export function bindings(db: Db): BindingRepository {
  const memberForQ = compiledOnce(db, (carrier: string, idHash: string) => db.selectFrom('subscriber_bindings').select('member_id').where('carrier', '=', carrier).where('id_hash', '=', idHash));
  return {
    async memberFor(carrier, idHash) {
      const [r] = await memberForQ(carrier, idHash);
      return r ? num(r.member_id) : null;
    },
    async bind(memberId, carrier, idHash, now) {
      return insertOnce(() => db.insertInto('subscriber_bindings').values({ carrier, id_hash: idHash, member_id: memberId, created_at: now }).execute());
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
