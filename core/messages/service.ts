import { DomainError } from '../errors.js';
import type { AccessGate } from '../access.js';
import type { Clock } from '../ports.js';
import type { Message, MessageStore } from './ports.js';
import { checkRate, memberText } from '../validate.js';
import { decoText, type DecoDoc } from '../decomail/model.js';
import { OPEN_SCREEN, type ContentScreen } from '../staff/screen.js';

export const MESSAGES_PER_HOUR = 30;

/** Messages between members: inbox, sent, trash; read state; blocks hide them both ways. */
export class MessageService {
  constructor(
    private readonly store: MessageStore,
    private readonly clock: Clock,
    private readonly gate: AccessGate,
    /** Told after a message is stored (the mail notice); its failure does not undo the message. */
    private readonly onSent: (toId: number, fromId: number, subject: string, deco: DecoDoc | null) => Promise<void> = async () => {},
    /**
     * Checks a decoration before it is sent: templates the sender may use, and the recipient's
     * carrier's deco-mail limits (throws invalid_input saying which).
     */
    private readonly checkDeco: (fromId: number, toId: number, deco: DecoDoc) => Promise<void> = async () => {},
    /** The NG-word screen: a refused word refuses the message; a hold word holds it for review. */
    private readonly screen: ContentScreen = OPEN_SCREEN,
  ) {}

  /**
   * Everything `send` checks, without sending (the decorated message's preview). A decoration's
   * text is the message body (checked as any body); its images and size are checked by `checkDeco`.
   */
  async prepare(fromId: number, toId: number, subject: string, body: string, deco: DecoDoc | null = null): Promise<{ subject: string; body: string }> {
    const { subject: s, body: b } = await this.checked(fromId, toId, subject, body, deco);
    return { subject: s, body: b };
  }

  /** `prepare`'s checks, and the NG word that holds the message for review (null: none). */
  private async checked(fromId: number, toId: number, subject: string, body: string, deco: DecoDoc | null) {
    if (fromId === toId) throw new DomainError('forbidden');
    await this.gate.contact(fromId, toId);
    const s = memberText('subject', '件名', subject, 1, 50, false);
    const b = memberText('body', '本文', deco ? decoText(deco) : body, 1, 2000);
    // A decoration's text is its body: the screen reads what the recipient would read.
    const word = await this.screen.check(s, b);
    if (deco) await this.checkDeco(fromId, toId, deco);
    return { subject: s, body: b, word };
  }

  async send(fromId: number, toId: number, subject: string, body: string, deco: DecoDoc | null = null): Promise<number> {
    const p = await this.checked(fromId, toId, subject, body, deco);
    const now = this.clock.now();
    checkRate(await this.store.messages.countSince(fromId, now - 3600_000), MESSAGES_PER_HOUR);
    const id = await this.store.transaction(async (tx) => {
      const mid = await tx.messages.insert({ fromId, toId, subject: p.subject, body: p.body, createdAt: now, readAt: null, senderBox: 'sent', recipientBox: 'inbox' });
      if (deco) await tx.messageDecorations.put(mid, deco);
      return mid;
    });
    await this.screen.held('message', id, p.word);
    // A held message is not announced: the notice mail would carry what is held back.
    if (p.word === null) await this.onSent(toId, fromId, p.subject, deco);
    return id;
  }

  /** The decoration of a message its sender or recipient opens (null: plain). */
  async decoration(memberId: number, id: number): Promise<DecoDoc | null> {
    await this.open(memberId, id);
    return this.store.messageDecorations.find(id);
  }

  async box(memberId: number, box: 'inbox' | 'sent' | 'trash', limit = 30): Promise<Message[]> {
    const v = this.gate.viewer(memberId);
    // Both sides: a message to or from someone hidden from this member is in no box.
    const list = await v.withoutHidden(await this.store.messages.box(memberId, box, limit, [...(await v.hidden())]), (m) => [m.fromId, m.toId]);
    return v.shown('message', list, (m) => m.id, (m) => m.fromId);
  }

  /** One message for its sender or recipient (marked read when the recipient opens it). */
  async open(memberId: number, id: number): Promise<Message> {
    const m = await this.store.messages.find(id);
    const mine = m && ((m.toId === memberId && m.recipientBox !== 'gone') || (m.fromId === memberId && m.senderBox !== 'gone'));
    if (!m || !mine) throw new DomainError('not_found');
    // Hidden both ways: received from, or sent to, someone a block now stands between.
    if (await this.gate.blocked(memberId, m.toId === memberId ? m.fromId : m.toId)) throw new DomainError('not_found');
    await this.gate.requireShown(memberId, 'message', m.id, m.fromId);
    if (m.toId === memberId && m.readAt === null) {
      const now = this.clock.now();
      await this.store.messages.markRead(id, now);
      return { ...m, readAt: now };
    }
    return m;
  }

  /** To the trash; from the trash, gone for this member (the other side keeps theirs). */
  async discard(memberId: number, id: number): Promise<void> {
    const m = await this.open(memberId, id);
    for (const side of ['recipient', 'sender'] as const) {
      const isMine = side === 'recipient' ? m.toId === memberId : m.fromId === memberId;
      const box = side === 'recipient' ? m.recipientBox : m.senderBox;
      if (isMine && box !== 'gone') await this.store.messages.move(id, side, box === 'trash' ? 'gone' : 'trash');
    }
  }

  /** Searching one's own messages (a Premium benefit: the caller checks the member may). */
  async search(memberId: number, raw: string, limit = 30): Promise<Message[]> {
    const text = memberText('q', '検索語', raw, 1, 50, false);
    const v = this.gate.viewer(memberId);
    const found = await v.withoutHidden(await this.store.messages.search(memberId, text, limit, [...(await v.hidden())]), (m) => [m.fromId, m.toId]);
    // Hidden by staff or held for review: not found by search either (held: its author still finds it).
    return v.shown('message', found, (m) => m.id, (m) => m.fromId);
  }

  async unreadCount(memberId: number): Promise<number> {
    return this.store.messages.unreadCount(memberId, [...(await this.gate.hiddenFor(memberId))]);
  }
}
