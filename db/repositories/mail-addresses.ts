import type { MailAddressRepository, MailTarget } from '../../core/mailpost/ports.js';
import { type Db, firstOrNull, num } from '../util.js';

export function mailAddresses(db: Db): MailAddressRepository {
  return {
    async find(token) {
      return firstOrNull(db.selectFrom('mail_post_addresses').selectAll().where('token', '=', token), (r) => ({ token: r.token, memberId: num(r.member_id), target: r.target as MailTarget }));
    },
    async forMember(memberId) {
      const rows = await db.selectFrom('mail_post_addresses').selectAll().where('member_id', '=', memberId).execute();
      return rows.map((r) => ({ token: r.token, memberId: num(r.member_id), target: r.target as MailTarget }));
    },
    async replace(memberId, target, token, at) {
      await db.deleteFrom('mail_post_addresses').where('member_id', '=', memberId).where('target', '=', target).execute();
      await db.insertInto('mail_post_addresses').values({ token, member_id: memberId, target, created_at: at }).execute();
    },
  };
}
