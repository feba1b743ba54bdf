/** What the members feature needs from the outside world; db/ implements it. */
import type { AttemptRepository, UnitOfWork } from '../ports.js';

export type MemberStatus = 'pending' | 'active' | 'suspended' | 'withdrawn';

export interface Member {
  id: number;
  login: string;
  nickname: string;
  birthDate: string;
  mail: string | null;
  mailVerifiedAt: number | null;
  status: MemberStatus;
  invitedBy: number | null;
  createdAt: number;
}

export interface MemberRecord extends Member {
  passwordHash: string;
}

export type NewMember = Omit<MemberRecord, 'id'>;

export interface MemberRepository {
  insert(m: NewMember): Promise<number>;
  findById(id: number): Promise<MemberRecord | null>;
  findByLogin(login: string): Promise<MemberRecord | null>;
  findMany(ids: readonly number[]): Promise<MemberRecord[]>;
  /** Only what naming members takes (the access gate's names): their nickname and status. */
  namesOf(ids: readonly number[]): Promise<Pick<MemberRecord, 'id' | 'nickname' | 'status'>[]>;
  update(id: number, patch: Partial<Pick<MemberRecord, 'status' | 'mail' | 'mailVerifiedAt' | 'passwordHash' | 'nickname'>>): Promise<void>;
  count(): Promise<number>;
}

export interface Invitation {
  code: string;
  inviterId: number | null;
  maxUses: number;
  usedCount: number;
  expiresAt: number | null;
  createdAt: number;
}

export interface InvitationRepository {
  find(code: string): Promise<Invitation | null>;
  /** Takes one use atomically; false when the code is unknown, used up or expired. */
  take(code: string, now: number): Promise<boolean>;
  insert(inv: Invitation): Promise<void>;
}

export interface BindingRepository {
  memberFor(carrier: string, idHash: string): Promise<number | null>;
  /** Binds; returns false when that ID is already bound (to anyone). */
  bind(memberId: number, carrier: string, idHash: string, now: number): Promise<boolean>;
  unbind(memberId: number, carrier: string): Promise<boolean>;
  listForMember(memberId: number): Promise<{ carrier: string; createdAt: number }[]>;
}

export interface MailVerification {
  tokenHash: string;
  memberId: number;
  mail: string;
  purpose: 'register' | 'change' | 'reset';
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export interface MailVerificationRepository {
  insert(v: MailVerification): Promise<void>;
  find(tokenHash: string): Promise<MailVerification | null>;
  /** Marks used only if unused; false when someone already used it (exactly once). */
  markUsed(tokenHash: string, at: number): Promise<boolean>;
  /** Marks every unused link of these purposes of the member used (a newer credential supersedes them). */
  revoke(memberId: number, purposes: readonly MailVerification['purpose'][], at: number): Promise<void>;
}

/** What joining, signing in and binding handsets write together. */
export interface MemberTx {
  bindings: BindingRepository;
  invitations: InvitationRepository;
  mailVerifications: MailVerificationRepository;
  members: MemberRepository;
}

/** MemberService's slice of the store (plus the attempt budgets its limiter draws on). */
export interface MemberStore extends MemberTx, UnitOfWork<MemberTx> {
  attempts: AttemptRepository;
}
