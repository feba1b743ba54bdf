import { defaultProfile } from '../profiles/service.js';
import type { AccessGate } from '../access.js';
import type { Clock, Mailer } from '../ports.js';
import type { DecoMail, NoticeComposer, NoticeStore } from './ports.js';

/**
 * Mail to a member's phone when something arrives for them (a message): only to a verified
 * address, only if the member wants it, never between blocked members. A failed mail never
 * undoes what caused it: the caller gets false and logs.
 */
export class NoticeService {
  constructor(
    private readonly store: NoticeStore,
    private readonly composer: NoticeComposer,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly gate: AccessGate,
  ) {}

  async messageArrived(toId: number, fromId: number, subject: string, deco?: DecoMail): Promise<boolean> {
    const [to, from] = await Promise.all([this.store.members.findById(toId), this.store.members.findById(fromId)]);
    if (!to?.mail || to.mailVerifiedAt === null || to.status !== 'active' || !from) return false;
    if (!(await this.store.profiles.mailNotify(toId)) || (await this.gate.blocked(toId, fromId))) return false;
    await this.mailer.send(await this.composer.messageArrived({ to: to.mail, nickname: to.nickname, fromNickname: from.nickname, subject, ...(deco ? { deco } : {}) }));
    return true;
  }

  /** Why a decorated message would not fit the recipient's phone mail (its verified address's carrier; any phone without one). */
  async decoProblem(toId: number, deco: DecoMail): Promise<string | null> {
    const to = await this.store.members.findById(toId);
    return this.composer.decoProblem(to?.mail && to.mailVerifiedAt !== null ? to.mail : null, deco);
  }

  wanted(memberId: number): Promise<boolean> {
    return this.store.profiles.mailNotify(memberId);
  }

  async setWanted(memberId: number, on: boolean): Promise<void> {
    const now = this.clock.now();
    await this.store.transaction(async (tx) => {
      if (!(await tx.profiles.find(memberId))) await tx.profiles.upsert(defaultProfile(memberId), now);
      await tx.profiles.setMailNotify(memberId, on, now);
    });
  }
}
