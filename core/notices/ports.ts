/** What the notices feature needs from the outside world; db/ implements it. */
import type { OutgoingMail, UnitOfWork } from '../ports.js';

import type { MemberRepository } from '../members/ports.js';
import type { ProfileRepository } from '../profiles/ports.js';

/** Builds the notice a member's phone receives when a message arrives (deco-mail). */
export interface NoticeComposer {
  messageArrived(n: { to: string; nickname: string; fromNickname: string; subject: string }): Promise<OutgoingMail>;
}

/** NoticeService's slice of the store. */
export interface NoticeStore extends UnitOfWork<{ profiles: ProfileRepository }> {
  members: MemberRepository;
  profiles: ProfileRepository;
}
