/** What the messages feature needs from the outside world; db/ implements it. */

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
  markRead(id: number, at: number): Promise<void>;
  move(id: number, side: 'sender' | 'recipient', box: MessageBox): Promise<void>;
  unreadCount(memberId: number, hidden: readonly number[]): Promise<number>;
  countSince(fromId: number, since: number): Promise<number>;
}

/** MessageService's slice of the store. */
export interface MessageStore {
  messages: MessageRepository;
}
