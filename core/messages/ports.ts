/** What the messages feature needs from the outside world; db/ implements it. */
import type { UnitOfWork } from '../ports.js';
import type { MessageDecorationRepository } from '../decomail/ports.js';

export type MessageBox = 'inbox' | 'sent' | 'trash' | 'gone';

export interface Message {
  id: number;
  fromId: number;
  toId: number;
  subject: string;
  body: string;
  createdAt: number;
  readAt: number | null;
  senderBox: MessageBox;
  recipientBox: MessageBox;
}

export interface MessageRepository {
  insert(m: Omit<Message, 'id'>): Promise<number>;
  find(id: number): Promise<Message | null>;
  /** A member's view of one box: received (inbox/trash as recipient) and sent (sent/trash as sender). */
  box(memberId: number, box: 'inbox' | 'sent' | 'trash', limit: number, hidden: readonly number[]): Promise<Message[]>;
  /** The member's messages (any box but gone) whose subject or body contains `text`, newest first. */
  search(memberId: number, text: string, limit: number, hidden: readonly number[]): Promise<Message[]>;
  markRead(id: number, at: number): Promise<void>;
  move(id: number, side: 'sender' | 'recipient', box: MessageBox): Promise<void>;
  unreadCount(memberId: number, hidden: readonly number[]): Promise<number>;
  countSince(fromId: number, since: number): Promise<number>;
}

/** MessageService's slice of the store: a decorated message and its document are written together. */
export interface MessageStore extends UnitOfWork<{ messages: MessageRepository; messageDecorations: MessageDecorationRepository }> {
  messages: MessageRepository;
  messageDecorations: MessageDecorationRepository;
}
