import type { Invitation, InvitationRepository } from '../../core/members/ports.js';
import { sql } from 'kysely';
import { type Db, firstOrNull, num, numOrNull } from '../util.js';

export function invitations(db: Db): InvitationRepository {
  return {
    async find(code) {
      return firstOrNull(db.selectFrom('invitations').selectAll().where('code', '=', code), (r) => ({ code: r.code, inviterId: numOrNull(r.inviter_id), maxUses: num(r.max_uses), usedCount: num(r.used_count), expiresAt: numOrNull(r.expires_at), createdAt: num(r.created_at) }));
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
