/** What the notices feature needs from the outside world; db/ implements it. */
import type { OutgoingMail, UnitOfWork } from '../ports.js';

import type { MemberRepository } from '../members/ports.js';
import type { ProfileRepository } from '../profiles/ports.js';
import type { DecoDoc } from '../decomail/model.js';

/** Builds the notice a member's phone receives when a message arrives (deco-mail). */
export interface NoticeComposer {
  /** With `deco`, the mail carries the member's decorated message itself (deco-mail). */
  messageArrived(n: { to: string; nickname: string; fromNickname: string; subject: string; deco?: DecoMail }): Promise<OutgoingMail>;
  /** Why a decorated message would not fit this address's phone (null: it fits; address null: any phone). */
  decoProblem(to: string | null, deco: DecoMail): string | null;
}

/** A decorated message and its gallery images (GIF), as a notice mail carries them. */
export interface DecoMail {
  doc: DecoDoc;
  images: { id: number; gif: Buffer }[];
}

/** NoticeService's slice of the store. */
export interface NoticeStore extends UnitOfWork<{ profiles: ProfileRepository }> {
  members: MemberRepository;
  profiles: ProfileRepository;
}
