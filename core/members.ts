import { z } from 'zod';
import { DomainError } from './errors.js';
import { digest, hashPassword, randomToken, subscriberIdHash, verifyPassword } from './crypto.js';
import type { Clock, Mailer, Member, MemberRecord, Store } from './ports.js';
import { parseOrInvalid, textField } from './validate.js';

/** mixi admitted members from 15 (from December 2008; 18 before). */
export const MIN_AGE = 15;
const MAIL_TOKEN_TTL = 24 * 60 * 60 * 1000;
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

// Keitai carriers accepted addresses that break RFC 5322 (`taro..x.@docomo.ne.jp`): members
// had them for years, so the local part is checked loosely.
const MAIL = /^[A-Za-z0-9._\-+/?!#$%&'*=^`{|}~]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

const registration = z.object({
  code: z.string().trim().min(1, '招待コードが必要です'),
  login: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9_]{3,20}$/, 'ログインIDは半角英数字と_で3〜20文字です'),
  nickname: textField('ニックネーム', 1, 20, false),
  // A handset in numeric mode types 19900401 (no hyphen on the keypad); others may type
  // 1990-04-01, 1990/04/01 or full-width digits. All become YYYY-MM-DD.
  birthDate: z.preprocess(
    (v) => (typeof v === 'string' ? normalizeDate(v) : v),
    z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '生年月日を正しく入力してください'),
  ),
  password: z.string().min(8, 'パスワードは8文字以上です').max(64, 'パスワードは64文字までです'),
  mail: z.string().trim().max(255).regex(MAIL, 'メールアドレスを正しく入力してください'),
});

export type RegistrationInput = z.input<typeof registration>;

/** Age in whole years on `today`, or null for an impossible date. */
/** YYYYMMDD, YYYY/MM/DD, YYYY.MM.DD or full-width digits → YYYY-MM-DD (anything else unchanged). */
export function normalizeDate(text: string): string {
  const t = text.normalize('NFKC').trim().replace(/[/.]/g, '-');
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : t;
}

export function ageOn(birthDate: string, today: Date): number | null {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const born = new Date(Date.UTC(y, m - 1, d));
  if (born.getUTCFullYear() !== y || born.getUTCMonth() !== m - 1 || born.getUTCDate() !== d) return null;
  let age = today.getUTCFullYear() - y;
  if (today.getUTCMonth() < m - 1 || (today.getUTCMonth() === m - 1 && today.getUTCDate() < d)) age--;
  return age >= 0 && age < 130 ? age : null;
}

export function publicMember(m: MemberRecord): Member {
  const { passwordHash: _omit, ...rest } = m;
  return rest;
}

export interface MemberServiceDeps {
  store: Store;
  mailer: Mailer;
  clock: Clock;
  /** Key for hashing subscriber IDs; stable for the life of the database. */
  subscriberKey: Buffer;
  /** Builds the absolute link a member follows to verify a mail address. */
  verifyLink(token: string): string;
}

/** Joining, signing in, and binding handsets to members. */
export class MemberService {
  constructor(private readonly d: MemberServiceDeps) {}

  /**
   * Joins by invitation: takes one use of the code, creates a pending member and mails a
   * verification link. All database writes commit together; the mail follows the commit.
   */
  async register(input: RegistrationInput): Promise<{ memberId: number; mail: string }> {
    const v = parseOrInvalid(registration, input);
    const now = this.d.clock.now();
    const age = ageOn(v.birthDate, new Date(now));
    if (age === null) throw new DomainError('invalid_input', { birthDate: '生年月日を正しく入力してください' });
    if (age < MIN_AGE) throw new DomainError('too_young', { birthDate: `${MIN_AGE}歳未満の方は登録できません` });
    const passwordHash = await hashPassword(v.password);
    const token = randomToken();
    const memberId = await this.d.store.transaction(async (tx) => {
      const inv = await tx.invitations.find(v.code);
      if (await tx.members.findByLogin(v.login)) throw new DomainError('login_taken', { login: 'このログインIDは使われています' });
      if (!(await tx.invitations.take(v.code, now))) throw new DomainError('invitation_invalid', { code: '招待コードが無効か、期限切れです' });
      const id = await tx.members.insert({
        login: v.login,
        nickname: v.nickname,
        passwordHash,
        birthDate: v.birthDate,
        mail: null,
        mailVerifiedAt: null,
        status: 'pending',
        invitedBy: inv?.inviterId ?? null,
        createdAt: now,
      });
      await tx.mailVerifications.insert({
        tokenHash: digest(token),
        memberId: id,
        mail: v.mail,
        purpose: 'register',
        createdAt: now,
        expiresAt: now + MAIL_TOKEN_TTL,
        usedAt: null,
      });
      return id;
    });
    await this.sendVerification(v.nickname, v.mail, token);
    return { memberId, mail: v.mail };
  }

  private async sendVerification(nickname: string, mail: string, token: string): Promise<void> {
    await this.d.mailer.send({
      to: mail,
      subject: '【足あと】メールアドレスの確認',
      text: `${nickname}さん\n\n下のURLを開くと登録が完了します(24時間有効)。\n${this.d.verifyLink(token)}\n\n心当たりのない場合はこのメールを破棄してください。\n`,
    });
  }

  /** Completes a verification link exactly once; returns the now-active member. */
  async verifyMail(token: string): Promise<Member> {
    const now = this.d.clock.now();
    return this.d.store.transaction(async (tx) => {
      const v = await tx.mailVerifications.find(digest(token));
      if (!v || v.usedAt !== null || v.expiresAt < now) throw new DomainError('token_invalid');
      if (!(await tx.mailVerifications.markUsed(v.tokenHash, now))) throw new DomainError('token_invalid');
      const m = await tx.members.findById(v.memberId);
      if (!m || m.status === 'suspended') throw new DomainError('token_invalid');
      await tx.members.update(m.id, { mail: v.mail, mailVerifiedAt: now, status: 'active' });
      return publicMember({ ...m, mail: v.mail, mailVerifiedAt: now, status: 'active' });
    });
  }

  /** Password sign-in. Unknown login and wrong password look the same (and take the same time). */
  async authenticate(login: string, password: string): Promise<Member> {
    const m = await this.d.store.members.findByLogin(login.trim().toLowerCase());
    const ok = await verifyPassword(password, m?.passwordHash ?? DUMMY_HASH);
    if (!m || !ok) throw new DomainError('invalid_credentials');
    if (m.status === 'pending') throw new DomainError('pending_verification');
    if (m.status === 'suspended') throw new DomainError('account_suspended');
    return publicMember(m);
  }

  async byId(id: number): Promise<Member | null> {
    const m = await this.d.store.members.findById(id);
    return m ? publicMember(m) : null;
  }

  /** An active member, or not_found (missing, pending and suspended look the same). */
  async active(id: number): Promise<Member> {
    const m = Number.isSafeInteger(id) ? await this.byId(id) : null;
    if (!m || m.status !== 'active') throw new DomainError('not_found');
    return m;
  }

  /** Active members by id, for showing names in lists. */
  async nicknames(ids: readonly number[]): Promise<Map<number, string>> {
    const rows = await this.d.store.members.findMany(ids);
    return new Map(rows.filter((m) => m.status === 'active').map((m) => [m.id, m.nickname]));
  }

  private subscriberHash(carrier: string, subscriberId: string): string {
    return subscriberIdHash(this.d.subscriberKey, carrier, subscriberId);
  }

  /** The active member bound to a (verified) subscriber ID, or null. */
  async bySubscriber(carrier: string, subscriberId: string): Promise<Member | null> {
    const id = await this.d.store.bindings.memberFor(carrier, this.subscriberHash(carrier, subscriberId));
    if (id === null) return null;
    const m = await this.byId(id);
    return m && m.status === 'active' ? m : null;
  }

  private async requirePassword(memberId: number, password: string): Promise<void> {
    const m = await this.d.store.members.findById(memberId);
    if (!m || !(await verifyPassword(password, m.passwordHash))) throw new DomainError('invalid_credentials', { password: 'パスワードが違います' });
  }

  /** Binds this handset's subscriber ID for easy login; the password is asked again. */
  async bindSubscriber(memberId: number, password: string, carrier: string, subscriberId: string): Promise<void> {
    await this.requirePassword(memberId, password);
    const hash = this.subscriberHash(carrier, subscriberId);
    await this.d.store.transaction(async (tx) => {
      const owner = await tx.bindings.memberFor(carrier, hash);
      if (owner === memberId) return;
      if (owner !== null) throw new DomainError('subscriber_already_bound');
      await tx.bindings.unbind(memberId, carrier);
      if (!(await tx.bindings.bind(memberId, carrier, hash, this.d.clock.now()))) throw new DomainError('subscriber_already_bound');
    });
  }

  async unbindSubscriber(memberId: number, password: string, carrier: string): Promise<void> {
    await this.requirePassword(memberId, password);
    if (!(await this.d.store.bindings.unbind(memberId, carrier))) throw new DomainError('subscriber_not_bound');
  }

  async bindings(memberId: number): Promise<{ carrier: string; createdAt: number }[]> {
    return this.d.store.bindings.listForMember(memberId);
  }

  /** A new single-use invitation code from a member, valid for 30 days. */
  async createInvitation(memberId: number): Promise<string> {
    const code = randomToken(9).replace(/[-_]/g, 'x').slice(0, 12).toUpperCase();
    const now = this.d.clock.now();
    await this.d.store.invitations.insert({ code, inviterId: memberId, maxUses: 1, usedCount: 0, expiresAt: now + 30 * 86400000, createdAt: now });
    return code;
  }
}
