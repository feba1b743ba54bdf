/** What Echo needs from the outside world; db/ implements it. */
import type { AttemptRepository } from '../ports.js';
import type { FriendshipRepository } from '../friends/ports.js';

export interface Echo {
  id: number;
  memberId: number;
  body: string;
  /** The echo this one answers (it may since have been deleted). */
  replyTo: number | null;
  createdAt: number;
}

export interface EchoRepository {
  insert(e: Omit<Echo, 'id'>): Promise<number>;
  find(id: number): Promise<Echo | null>;
  findMany(ids: readonly number[]): Promise<Echo[]>;
  delete(id: number): Promise<void>;
  /** Newest first, by any of these members (one indexed range per member, merged). */
  byMembers(memberIds: readonly number[], limit: number, offset: number): Promise<Echo[]>;
  /**
   * Newest first, by the member and their friends, never by anyone in `excluding`: the friends
   * are read inside the query (no list of them sent back and forth, no sort of the friend list).
   */
  ofMemberAndFriends(memberId: number, excluding: readonly number[], limit: number, offset: number): Promise<Echo[]>;
  replies(echoId: number, limit: number): Promise<Echo[]>;
}

/** EchoService's slice of the store: it writes one row at a time (no transaction). */
export interface EchoStore {
  echoes: EchoRepository;
  friendships: FriendshipRepository;
  attempts: AttemptRepository;
}
