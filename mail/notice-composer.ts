import { mailCarrierOf, type MailFacts } from '../carriers/index.js';
import type { NoticeComposer } from '../core/notices/ports.js';
import { buildDecoMail } from './deco.js';
import { decoProblem } from './deco-message.js';

/** Which phone's mail format an address gets: its carrier adapter's mail facts (PC mail for others). */
export function mailFormatOf(address: string): MailFacts {
  return mailCarrierOf(address).mail;
}

/** Notices as deco-mail in the receiving phone's own format (a PC address gets the same, in UTF-8). */
export function decoNoticeComposer(o: { from: string; origin: string; banner: Buffer }): NoticeComposer {
  const formatOf = mailFormatOf;
  return {
    async messageArrived(n) {
      const subject = `${n.fromNickname}さんからメッセージ`;
      const lines = [`${n.nickname}さん、${n.fromNickname}さんからメッセージが届きました。`, `件名: ${n.subject}`, '', `${o.origin}/messages`];
      const raw = await buildDecoMail({ from: o.from, to: n.to, subject: `[足あと] ${subject}`, headline: subject, lines, banner: o.banner, ...(n.deco ? { decorated: n.deco } : {}) }, formatOf(n.to));
      return { to: n.to, subject, text: lines.join('\n'), raw };
    },
    decoProblem(to, deco) {
      return decoProblem(deco.doc, deco.images, to === null ? null : formatOf(to), o.banner.length);
    },
  };
}
