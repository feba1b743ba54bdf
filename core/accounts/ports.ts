/** What the account lifecycle (password, mail, nickname, leaving) needs; db/ implements it. */
import type { AttemptRepository, UnitOfWork } from '../ports.js';
import type { BindingRepository, InvitationRepository, MailVerificationRepository, MemberRepository } from '../members/ports.js';
import type { SessionRepository } from '../sessions/ports.js';
import type { CourseRepository } from '../course/ports.js';
import type { ContentLookupRepository } from '../staff/ports.js';

export interface WithdrawalRepository {
  /**
   * Deletes or anonymises everything of the member's as the privacy text says, ends their
   * sessions and handset bindings, and marks them withdrawn (with these anonymous values).
   */
  erase(memberId: number, anonymous: { nickname: string; passwordHash: string }): Promise<void>;
}

export interface AccountTx {
  members: MemberRepository;
  mailVerifications: MailVerificationRepository;
  sessions: SessionRepository;
  withdrawals: WithdrawalRepository;
}

export interface AccountStore extends UnitOfWork<AccountTx> {
  members: MemberRepository;
  mailVerifications: MailVerificationRepository;
  bindings: BindingRepository;
  sessions: SessionRepository;
  course: CourseRepository;
  /** mixi Premium's contracts (the second monthly course, billed by the carrier as the point course is). */
  premium: CourseRepository;
  attempts: AttemptRepository;
  contentLookup: Pick<ContentLookupRepository, 'memberByMail'>;
  invitations: InvitationRepository;
}
