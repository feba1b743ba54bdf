import { DomainError, isDomainError } from '../errors.js';
import { digest, hashPassword, randomToken, verifyPassword } from '../crypto.js';
import { AttemptLimiter, clientBudget, LIMITS, type Budget, type Client } from '../limits.js';
import type { Clock, Mailer } from '../ports.js';
import type { Member } from '../members/ports.js';
import { publicMember } from '../members/rules.js';
import { memberText } from '../validate.js';
import { INVITATION_TTL } from '../members/service.js';
import type { ContentScreen } from '../staff/screen.js';
import type { AccountStore } from './ports.js';

/** A reset link works once, for an hour. */
export const RESET_TTL = 3600_000;
/** A new mail address is confirmed within a day. */
const CHANGE_TTL = 24 * 3600_000;
const MAIL = /^[A-Za-z0-9._\-+/?!#$%&'*=^`{|}~]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
export const WITHDRAWN_NICKNAME = '退会したメンバー';

export interface AccountDeps {
  store: AccountStore;
  mailer: Mailer;
  clock: Clock;
  /** Absolute links in mails (the site's origin + path). */
  link(path: string, params: Record<string, string>): string;
  /** Leaves every community first (administrators hand over as when leaving one by hand). */
  leaveCommunities(memberId: number): Promise<void>;
  /** The NG-word screen (core/staff/screen.ts): a nickname shows on every page and in invitation mails. */
  screen?: Pick<ContentScreen, 'check'>;
}

function newPassword(password: string, again: string, login: string): string {
  if (password.length < 8) throw new DomainError('invalid_input', { password: 'パスワードは8文字以上です' });
  if (password.length > 64) throw new DomainError('invalid_input', { password: 'パスワードは64文字までです' });
  if (password !== again) throw new DomainError('invalid_input', { password2: '確認用のパスワードが一致しません' });
  if (password.toLowerCase() === login.toLowerCase()) throw new DomainError('invalid_input', { password: 'ログインIDと同じパスワードは使えません' });
  return password;
}

/**
 * A member's own account: password (changed with the current one, or reset by a one-time link to
 * the verified mail address), mail address (verified again), nickname, and leaving Ashiato.
 */
export class AccountService {
  private readonly limiter: AttemptLimiter;
  constructor(private readonly d: AccountDeps) {
    this.limiter = new AttemptLimiter(d.store.attempts, d.clock);
  }

  private async spend(budgets: readonly Budget[], fields: Record<string, string> = {}) {
    const r = await this.limiter.reserve(budgets);
    if (!r) throw new DomainError('rate_limited', fields);
    return r;
  }

  /** The current password, asked again: budgeted per member and client like sign-in (failures count). */
  private async requirePassword(memberId: number, password: string, client: Client): Promise<Member & { passwordHash: string }> {
    const attempt = await this.spend([{ key: `pw:reentry:${memberId}`, ...LIMITS.passwordReentry }, clientBudget('pw', client, LIMITS.passwordAddress)], { current: '短い時間に何度も間違えたため、しばらくお待ちください。' });
    const m = await this.d.store.members.findById(memberId);
    if (!m || m.status !== 'active' || !(await verifyPassword(password, m.passwordHash))) throw new DomainError('invalid_credentials', { current: '現在のパスワードが違います' });
    await attempt.release();
    return m;
  }

  private async notify(m: { nickname: string; mail: string | null; mailVerifiedAt: number | null }, subject: string, body: string): Promise<void> {
    if (!m.mail || m.mailVerifiedAt === null) return;
    await this.d.mailer.send({ to: m.mail, subject: `【足あと】${subject}`, text: `${m.nickname}さん\n\n${body}\n\n心当たりのない場合は、足あと事務局までお知らせください。\n` });
  }

  /** Changes the password; every other session of the member ends (the caller signs this one in again). */
  async changePassword(memberId: number, current: string, password: string, again: string, client: Client): Promise<void> {
    const m = await this.requirePassword(memberId, current, client);
    const hash = await hashPassword(newPassword(password, again, m.login));
    await this.d.store.transaction(async (tx) => {
      await tx.members.update(memberId, { passwordHash: hash });
      await tx.sessions.deleteForMember(memberId);
      // Links asked for under the old password (a reset, a new address) die with it.
      await tx.mailVerifications.revoke(memberId, ['reset', 'change'], this.d.clock.now());
    });
    await this.notify(m, 'パスワードを変更しました', 'パスワードが変更されました。ほかの端末はログアウトしました。');
  }

  /**
   * Sends a reset link to the verified mail of the member named by login or mail address. The
   * answer never says whether such a member exists; budgets per address asked and per client.
   */
  async requestReset(loginOrMail: string, client: Client): Promise<void> {
    const q = loginOrMail.normalize('NFKC').trim().toLowerCase().slice(0, 255);
    if (!q) throw new DomainError('invalid_input', { who: 'ログインIDかメールアドレスを入力してください' });
    await this.spend([clientBudget('reset', client, LIMITS.mailAddress), { key: `reset:for:${q}`, ...LIMITS.mailRecipient }], { who: '短い時間に何度も送信されたため、しばらくしてからお試しください。' });
    const id = q.includes('@') ? await this.d.store.contentLookup.memberByMail(q) : ((await this.d.store.members.findByLogin(q))?.id ?? null);
    const m = id === null ? null : await this.d.store.members.findById(id);
    if (!m || m.status !== 'active' || !m.mail || m.mailVerifiedAt === null) return;
    const token = randomToken();
    const now = this.d.clock.now();
    await this.d.store.mailVerifications.insert({ tokenHash: digest(token), memberId: m.id, mail: m.mail, purpose: 'reset', createdAt: now, expiresAt: now + RESET_TTL, usedAt: null });
    await this.d.mailer.send({
      to: m.mail,
      subject: '【足あと】パスワードの再設定',
      text: `${m.nickname}さん\n\n下のURLを開き、新しいパスワードを設定してください(1時間有効、1回限り)。\n${this.d.link('/password/reset', { token })}\n\n心当たりのない場合はこのメールを破棄してください。パスワードは変わりません。\n`,
    });
  }

  /** Whose reset link this is, while it can still be used (nothing changes). */
  async resetTarget(token: string, purpose: 'reset' | 'change' = 'reset'): Promise<{ nickname: string; mail: string } | null> {
    const v = /^[A-Za-z0-9_-]{16,64}$/.test(token) ? await this.d.store.mailVerifications.find(digest(token)) : null;
    if (!v || v.purpose !== purpose || v.usedAt !== null || v.expiresAt <= this.d.clock.now()) return null;
    const m = await this.d.store.members.findById(v.memberId);
    return m && m.status === 'active' ? { nickname: m.nickname, mail: v.mail } : null;
  }

  /** Sets a new password by a reset link, exactly once; every session of the member ends. */
  async reset(token: string, password: string, again: string): Promise<void> {
    const now = this.d.clock.now();
    const v = /^[A-Za-z0-9_-]{16,64}$/.test(token) ? await this.d.store.mailVerifications.find(digest(token)) : null;
    const m = v ? await this.d.store.members.findById(v.memberId) : null;
    if (!v || !m || v.purpose !== 'reset' || v.usedAt !== null || v.expiresAt <= now || m.status !== 'active') throw new DomainError('token_invalid');
    const hash = await hashPassword(newPassword(password, again, m.login));
    await this.d.store.transaction(async (tx) => {
      if (!(await tx.mailVerifications.markUsed(v.tokenHash, now))) throw new DomainError('token_invalid');
      await tx.members.update(m.id, { passwordHash: hash });
      await tx.sessions.deleteForMember(m.id);
      // Whoever had the old password may have asked for other links (another reset, a mail
      // change to their own address): a reset ends them all with the sessions.
      await tx.mailVerifications.revoke(m.id, ['reset', 'change'], now);
    });
    await this.notify(m, 'パスワードを再設定しました', 'パスワードが再設定されました。すべての端末からログアウトしました。');
  }

  /** Starts a mail change: the password asked again, a link to the new address; the old one is told. */
  async requestMailChange(memberId: number, mail: string, current: string, client: Client): Promise<string> {
    const to = mail.normalize('NFKC').trim();
    if (!MAIL.test(to) || to.length > 255) throw new DomainError('invalid_input', { mail: 'メールアドレスを正しく入力してください' });
    const m = await this.requirePassword(memberId, current, client);
    await this.spend([{ key: `mail:to:${to.toLowerCase()}`, ...LIMITS.mailRecipient }, { key: `mail:member:${memberId}`, ...LIMITS.mailMember }], { mail: '短い時間に何度も送信されたため、しばらくしてからお試しください。' });
    const token = randomToken();
    const now = this.d.clock.now();
    await this.d.store.mailVerifications.insert({ tokenHash: digest(token), memberId, mail: to, purpose: 'change', createdAt: now, expiresAt: now + CHANGE_TTL, usedAt: null });
    await this.d.mailer.send({ to, subject: '【足あと】メールアドレスの確認', text: `${m.nickname}さん\n\n下のURLを開き、「変更する」を押してください(24時間有効)。\n${this.d.link('/mail/verify', { token })}\n\n心当たりのない場合はこのメールを破棄してください。\n` });
    return to;
  }

  /** Completes a mail change once; the previous address is told. */
  async confirmMailChange(token: string): Promise<void> {
    const now = this.d.clock.now();
    const v = /^[A-Za-z0-9_-]{16,64}$/.test(token) ? await this.d.store.mailVerifications.find(digest(token)) : null;
    const m = v ? await this.d.store.members.findById(v.memberId) : null;
    if (!v || !m || v.purpose !== 'change' || v.usedAt !== null || v.expiresAt <= now || m.status !== 'active') throw new DomainError('token_invalid');
    await this.d.store.transaction(async (tx) => {
      if (!(await tx.mailVerifications.markUsed(v.tokenHash, now))) throw new DomainError('token_invalid');
      await tx.members.update(m.id, { mail: v.mail, mailVerifiedAt: now });
      // Reset links went to the old address, and other pending changes named other addresses.
      await tx.mailVerifications.revoke(m.id, ['reset', 'change'], now);
    });
    await this.notify(m, 'メールアドレスを変更しました', `登録メールアドレスが ${v.mail} に変更されました。`);
  }

  /** A new nickname (the text rules of every name; a few changes a day). */
  async changeNickname(memberId: number, raw: string): Promise<string> {
    const nickname = memberText('nickname', 'ニックネーム', raw, 1, 20, false);
    // A name cannot wait for review: any NG word (held or refused in posts) refuses it.
    const ng = this.d.screen
      ? await this.d.screen.check(nickname).catch((e: unknown) => {
          if (isDomainError(e, 'invalid_input')) return '';
          throw e;
        })
      : null;
    if (ng !== null) throw new DomainError('invalid_input', { nickname: '利用規約で禁止されている言葉が含まれているため、このニックネームは使えません。' });
    await this.spend([{ key: `nickname:${memberId}`, ...LIMITS.nicknameChanges }], { nickname: 'ニックネームの変更は1日3回までです。' });
    await this.d.store.members.update(memberId, { nickname });
    return nickname;
  }

  /**
   * Invites a friend by mail (a carrier or PC address; the mailer writes it in that phone's
   * charset): a code for one join within 30 days, the inviter's nickname in the mail. Shares the
   * daily budget of invitation codes; a few mails an hour to one address.
   */
  async inviteByMail(memberId: number, rawTo: string): Promise<string> {
    const to = rawTo.normalize('NFKC').trim();
    if (!MAIL.test(to) || to.length > 255) throw new DomainError('invalid_input', { mail: 'メールアドレスを正しく入力してください' });
    const m = await this.d.store.members.findById(memberId);
    if (!m || m.status !== 'active') throw new DomainError('not_found');
    await this.spend([{ key: `invite:${memberId}`, ...LIMITS.invitationsMade }, { key: `mail:to:${to.toLowerCase()}`, ...LIMITS.mailRecipient }], { mail: '今日はこれ以上招待できません。明日またお試しください。' });
    const code = randomToken(9).replace(/[-_]/g, 'x').slice(0, 12).toUpperCase();
    const now = this.d.clock.now();
    await this.d.store.invitations.insert({ code, inviterId: memberId, maxUses: 1, usedCount: 0, expiresAt: now + INVITATION_TTL, createdAt: now });
    await this.d.mailer.send({
      to,
      subject: `【足あと】${m.nickname}さんから招待が届きました`,
      text: `${m.nickname}さんから、足あとへの招待が届きました。
下のURLから登録すると、${m.nickname}さんとマイミクになります(30日間有効)。
${this.d.link('/register', { code })}

招待コード: ${code}

心当たりのない場合はこのメールを破棄してください。
`,
    });
    return to;
  }

  /** Whether the member may leave now: a running point course or Premium must be cancelled at the carrier first. */
  async courseBlocksWithdrawal(memberId: number): Promise<boolean> {
    return (await this.blockingCourse(memberId)) !== null;
  }

  /** The monthly course the carrier still bills this member for (it would go on billing after they left). */
  async blockingCourse(memberId: number): Promise<'points' | 'premium' | null> {
    const running = (sub: { state: string } | null) => sub !== null && (sub.state === 'registered' || sub.state === 'payment_failed');
    if (running(await this.d.store.course.subscription(memberId))) return 'points';
    if (running(await this.d.store.premium.subscription(memberId))) return 'premium';
    return null;
  }

  /**
   * Leaves Ashiato: the password asked again; refused while the course runs. Communities are left
   * (handed over), then the member's data is erased or anonymised in one transaction, sessions and
   * handset bindings ended; a notice goes to the verified mail address.
   */
  async withdraw(memberId: number, current: string, client: Client): Promise<void> {
    const m = await this.requirePassword(memberId, current, client);
    if (await this.courseBlocksWithdrawal(memberId)) throw new DomainError('course_active');
    await this.d.leaveCommunities(memberId);
    const passwordHash = await hashPassword(randomToken(32));
    await this.d.store.transaction((tx) => tx.withdrawals.erase(memberId, { nickname: WITHDRAWN_NICKNAME, passwordHash }));
    await this.notify(publicMember(m), '退会手続きが完了しました', 'これまで足あとをご利用いただき、ありがとうございました。日記・写真・メッセージなどのデータは削除しました。');
  }
}
