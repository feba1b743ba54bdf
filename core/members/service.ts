import { z } from 'zod';
import { DomainError } from '../errors.js';
import { digest, hashPassword, randomToken, subscriberIdHash, verifyPassword } from '../crypto.js';
import type { Clock, Mailer } from '../ports.js';
import type { Member, MemberStore } from './ports.js';
import { ageOn, invitationProblem, MIN_AGE, normalizeDate, publicMember } from './rules.js';

export { ageOn, invitationProblem, MIN_AGE, normalizeDate, publicMember } from './rules.js';
import { AttemptLimiter, clientBudget, LIMITS, type Budget, type Client, type Reservation } from '../limits.js';
import { parseOrInvalid, textField } from '../validate.js';

/** Member invitations: one join each, for 30 days. */
export const INVITATION_TTL = 30 * 86_400_000;

/**
 * A client asking to check a password: its address, plus the members it has already shown it
 * belongs to (a live session, a signed device cookie), each with a stable device id. Those are
 * throttled per device, so a stranger's failures cannot lock the owner out of their own phone or PC.
 */
export interface PasswordClient extends Client {
  owners: readonly { memberId: number; device: string }[];
}

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

export interface MemberServiceDeps {
  store: MemberStore;
  mailer: Mailer;
  clock: Clock;
  /** Key for hashing subscriber IDs; stable for the life of the database. */
  subscriberKey: Buffer;
  /** Builds the absolute link a member follows to verify a mail address. */
  verifyLink(token: string): string;
  /** Attempt budgets (made from the store when not given). */
  limiter?: AttemptLimiter;
  /** Told when a member invited by another completes joining (they become friends). */
  onJoined?: (memberId: number, inviterId: number) => Promise<void>;
}

const RATE_LIMITED_FORM = { form: '短い時間に登録やメールの送信が続いたため、受け付けられませんでした。しばらくしてからもう一度お試しください。' };

/** Joining, signing in, and binding handsets to members. */
export class MemberService {
  private readonly limiter: AttemptLimiter;
  constructor(private readonly d: MemberServiceDeps) {
    this.limiter = d.limiter ?? new AttemptLimiter(d.store.attempts, d.clock);
  }

  private async reserveOrRefuse(budgets: readonly Budget[], fields: Record<string, string> = {}): Promise<Reservation> {
    const r = await this.limiter.reserve(budgets);
    if (!r) throw new DomainError('rate_limited', fields);
    return r;
  }

  /** A code's state for the join page (null: usable). */
  async invitationProblem(code: string): Promise<string | null> {
    return invitationProblem(await this.d.store.invitations.find(code.trim()), this.d.clock.now());
  }

  /**
   * Joins by invitation: takes one use of the code, creates a pending member and mails a
   * verification link. All database writes commit together; the mail follows the commit.
   * Refused forms count against the client; joins and mails are budgeted per client, code and
   * mail address before anything is written or sent.
   */
  async register(input: RegistrationInput, client?: Client): Promise<{ memberId: number; mail: string }> {
    const failure = client ? await this.reserveOrRefuse([clientBudget('join-fail', client, LIMITS.joinFailures)], RATE_LIMITED_FORM) : null;
    const v = parseOrInvalid(registration, input);
    const now = this.d.clock.now();
    const age = ageOn(v.birthDate, new Date(now));
    if (age === null) throw new DomainError('invalid_input', { birthDate: '生年月日を正しく入力してください' });
    if (age < MIN_AGE) throw new DomainError('too_young', { birthDate: `${MIN_AGE}歳未満の方は登録できません` });
    const problem = await this.invitationProblem(v.code);
    if (problem) throw new DomainError('invitation_invalid', { code: problem });
    const budgets: Budget[] = [
      { key: `join:code:${v.code}`, ...LIMITS.joinInvitation },
      { key: `mail:to:${v.mail.toLowerCase()}`, ...LIMITS.mailRecipient },
    ];
    if (client) budgets.push(clientBudget('join', client, LIMITS.joinAddress), clientBudget('mail', client, LIMITS.mailAddress));
    const sends = await this.reserveOrRefuse(budgets, RATE_LIMITED_FORM);
    const passwordHash = await hashPassword(v.password);
    const token = randomToken();
    let memberId: number;
    try {
      memberId = await this.d.store.transaction(async (tx) => {
        const inv = await tx.invitations.find(v.code);
        if (await tx.members.findByLogin(v.login)) throw new DomainError('login_taken', { login: 'このログインIDは使われています' });
        if (!(await tx.invitations.take(v.code, now))) {
          throw new DomainError('invitation_invalid', { code: invitationProblem(inv && { ...inv, usedCount: Math.max(inv.usedCount, inv.maxUses) }, now)! });
        }
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
    } catch (e) {
      await sends.release();
      throw e;
    }
    await failure?.release();
    await this.sendVerification(memberId, v.nickname, v.mail, token);
    return { memberId, mail: v.mail };
  }

  private async sendVerification(memberId: number, nickname: string, mail: string, token: string): Promise<void> {
    await this.reserveOrRefuse([{ key: `mail:member:${memberId}`, ...LIMITS.mailMember }], RATE_LIMITED_FORM);
    await this.d.mailer.send({
      to: mail,
      subject: '【足あと】メールアドレスの確認',
      text: `${nickname}さん\n\n下のURLを開き、「登録を完了する」を押してください(24時間有効)。\n${this.d.verifyLink(token)}\n\n心当たりのない場合はこのメールを破棄してください。\n`,
    });
  }

  /** Whose a verification link is, while it can still be used (nothing is changed). */
  async pendingVerification(token: string): Promise<{ nickname: string } | null> {
    const v = token ? await this.d.store.mailVerifications.find(digest(token)) : null;
    // Only a join's link: a reset or mail-change link must never complete a join (or sign in).
    if (!v || v.purpose !== 'register' || v.usedAt !== null || v.expiresAt < this.d.clock.now()) return null;
    const m = await this.d.store.members.findById(v.memberId);
    return m && m.status !== 'suspended' ? { nickname: m.nickname } : null;
  }

  /** Completes a verification link exactly once; returns the now-active member. */
  async verifyMail(token: string): Promise<Member> {
    const now = this.d.clock.now();
    const joined = await this.d.store.transaction(async (tx) => {
      const v = await tx.mailVerifications.find(digest(token));
      if (!v || v.purpose !== 'register' || v.usedAt !== null || v.expiresAt < now) throw new DomainError('token_invalid');
      if (!(await tx.mailVerifications.markUsed(v.tokenHash, now))) throw new DomainError('token_invalid');
      const m = await tx.members.findById(v.memberId);
      if (!m || m.status === 'suspended') throw new DomainError('token_invalid');
      await tx.members.update(m.id, { mail: v.mail, mailVerifiedAt: now, status: 'active' });
      return publicMember({ ...m, mail: v.mail, mailVerifiedAt: now, status: 'active' });
    });
    // Joined by a member's invitation: the two become マイミク (as on mixi).
    if (joined.invitedBy !== null) await this.d.onJoined?.(joined.id, joined.invitedBy);
    return joined;
  }

  /**
   * Password sign-in. Unknown login and wrong password look the same (and take the same time).
   * The attempt is taken from the budgets before the slow hash and given back only when the
   * password was right: a client the account knows uses its own budget, anyone else the
   * account's, and every client its address's (see LIMITS). Without a client (internal callers)
   * only the account's budget applies.
   */
  async authenticate(login: string, password: string, client?: PasswordClient): Promise<Member> {
    const name = login.trim().toLowerCase();
    const m = await this.d.store.members.findByLogin(name);
    const device = m && client ? await this.ownDevice(m.id, client) : null;
    // The client's own budget first: a spent address creates no rows for the logins it tries.
    const budgets: Budget[] = client ? [clientBudget('pw', client, LIMITS.passwordAddress)] : [];
    budgets.push(device ? { key: `pw:own:${m!.id}:${device}`, ...LIMITS.passwordOwnDevice } : { key: `pw:login:${name}`, ...LIMITS.passwordAccount });
    const attempt = await this.reserveOrRefuse(budgets);
    const ok = await verifyPassword(password, m?.passwordHash ?? DUMMY_HASH);
    if (!m || !ok) throw new DomainError('invalid_credentials');
    await attempt.release();
    if (m.status === 'pending') throw new DomainError('pending_verification');
    if (m.status === 'suspended') throw new DomainError('account_suspended');
    return publicMember(m);
  }

  /** The client's device id when it has shown it belongs to this member (else null). */
  private async ownDevice(memberId: number, client: PasswordClient): Promise<string | null> {
    const own = client.owners.find((o) => o.memberId === memberId);
    if (own) return own.device;
    if (!client.subscriber) return null;
    const hash = this.subscriberHash(client.subscriber.carrier, client.subscriber.id);
    return (await this.d.store.bindings.memberFor(client.subscriber.carrier, hash)) === memberId ? `sub:${hash}` : null;
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

  /** True when the subscriber ID is bound to a suspended member (easy login says so, not "unknown handset"). */
  async subscriberSuspended(carrier: string, subscriberId: string): Promise<boolean> {
    const id = await this.d.store.bindings.memberFor(carrier, this.subscriberHash(carrier, subscriberId));
    return id !== null && (await this.byId(id))?.status === 'suspended';
  }

  /** A password asked again of a signed-in member: budgeted per member and per client like sign-in. */
  private async requirePassword(memberId: number, password: string, client?: Client): Promise<void> {
    const budgets: Budget[] = [{ key: `pw:reentry:${memberId}`, ...LIMITS.passwordReentry }];
    if (client) budgets.push(clientBudget('pw', client, LIMITS.passwordAddress));
    const attempt = await this.reserveOrRefuse(budgets);
    const m = await this.d.store.members.findById(memberId);
    if (!m || !(await verifyPassword(password, m.passwordHash))) throw new DomainError('invalid_credentials', { password: 'パスワードが違います' });
    await attempt.release();
  }

  /** Binds this handset's subscriber ID for easy login; the password is asked again. */
  async bindSubscriber(memberId: number, password: string, carrier: string, subscriberId: string, client?: Client): Promise<void> {
    await this.requirePassword(memberId, password, client);
    const hash = this.subscriberHash(carrier, subscriberId);
    await this.d.store.transaction(async (tx) => {
      const owner = await tx.bindings.memberFor(carrier, hash);
      if (owner === memberId) return;
      if (owner !== null) throw new DomainError('subscriber_already_bound');
      await tx.bindings.unbind(memberId, carrier);
      if (!(await tx.bindings.bind(memberId, carrier, hash, this.d.clock.now()))) throw new DomainError('subscriber_already_bound');
    });
  }

  async unbindSubscriber(memberId: number, password: string, carrier: string, client?: Client): Promise<void> {
    await this.requirePassword(memberId, password, client);
    if (!(await this.d.store.bindings.unbind(memberId, carrier))) throw new DomainError('subscriber_not_bound');
  }

  async bindings(memberId: number): Promise<{ carrier: string; createdAt: number }[]> {
    return this.d.store.bindings.listForMember(memberId);
  }

  /** A new single-use invitation code from a member, valid for 30 days; a few a day per member. */
  async createInvitation(memberId: number): Promise<{ code: string; expiresAt: number }> {
    await this.reserveOrRefuse([{ key: `invite:${memberId}`, ...LIMITS.invitationsMade }]);
    const code = randomToken(9).replace(/[-_]/g, 'x').slice(0, 12).toUpperCase();
    const now = this.d.clock.now();
    const expiresAt = now + INVITATION_TTL;
    await this.d.store.invitations.insert({ code, inviterId: memberId, maxUses: 1, usedCount: 0, expiresAt, createdAt: now });
    return { code, expiresAt };
  }
}
