/** What the notices feature needs from the outside world; db/ implements it. */
import type { OutgoingMail } from '../ports.js';

/** Builds the notice a member's phone receives when a message arrives (deco-mail). */
export interface NoticeComposer {
  messageArrived(n: { to: string; nickname: string; fromNickname: string; subject: string }): Promise<OutgoingMail>;
}
