import type { MailVerification, MailVerificationRepository } from '../../core/members/ports.js';
import { type Db, firstOrNull, num, numOrNull } from '../util.js';

export function mailVerifications(db: Db): MailVerificationRepository {
  return {
    async insert(v: MailVerification) {
      await db
        .insertInto('mail_verifications')
        .values({ token_hash: v.tokenHash, member_id: v.memberId, mail: v.mail, purpose: v.purpose, created_at: v.createdAt, expires_at: v.expiresAt, used_at: v.usedAt })
        .execute();
    },
    async find(tokenHash) {
      return firstOrNull(db.selectFrom('mail_verifications').selectAll().where('token_hash', '=', tokenHash), (r) => ({ tokenHash: r.token_hash, memberId: num(r.member_id), mail: r.mail, purpose: r.purpose as MailVerification['purpose'], createdAt: num(r.created_at), expiresAt: num(r.expires_at), usedAt: numOrNull(r.used_at) }));
    },
    async markUsed(tokenHash, at) {
      const r = await db.updateTable('mail_verifications').set({ used_at: at }).where('token_hash', '=', tokenHash).where('used_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async revoke(memberId, purposes, at) {
      if (purposes.length === 0) return;
      await db.updateTable('mail_verifications').set({ used_at: at }).where('member_id', '=', memberId).where('purpose', 'in', [...purposes]).where('used_at', 'is', null).execute();
    },
  };
}
