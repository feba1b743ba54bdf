/** What the friends feature needs from the outside world; db/ implements it. */
import type { UnitOfWork } from '../ports.js';
import type { MemberRepository } from '../members/ports.js';
import type { FeedRepository } from '../diary/ports.js';
import type { MessageRepository } from '../messages/ports.js';

export interface FriendshipRepository {
  /** Records an accepted friendship both ways; false when it already exists. */
  befriend(a: number, b: number, now: number): Promise<boolean>;
  /** Ends a friendship both ways. */
  unfriend(a: number, b: number): Promise<void>;
  /** Friends of this member's friends who are not the member (for search scopes). */
  friendsOfFriends(memberId: number, limit: number): Promise<number[]>;
  /** Members sharing the most friends with this one who are not yet friends, with the count. */
  suggestions(memberId: number, limit: number): Promise<{ memberId: number; shared: number }[]>;
  friendsOf(memberId: number): Promise<number[]>;
  /** How many of this member's friends are active members, leaving out `excluding` (one query). */
  countActiveFriends(memberId: number, excluding: readonly number[]): Promise<number>;
  /** True when a and b are friends. */
  areFriends(a: number, b: number): Promise<boolean>;
  /** Which of these members are friends of `memberId` (one indexed lookup, however many friends). */
  friendsAmong(memberId: number, ids: readonly number[]): Promise<number[]>;
  /** True when a and b share at least one friend. */
  shareFriend(a: number, b: number): Promise<boolean>;
  /** Which of these members share at least one friend with `memberId` (one query, for lists). */
  sharingFriendAmong(memberId: number, ids: readonly number[]): Promise<number[]>;
}

export interface FriendRequest {
  id: number;
  fromId: number;
  toId: number;
  message: string;
  status: 'pending' | 'accepted' | 'declined' | 'withdrawn';
  createdAt: number;
}

export interface FriendRequestRepository {
  insert(r: Omit<FriendRequest, 'id'>): Promise<number>;
  find(id: number): Promise<FriendRequest | null>;
  pendingBetween(fromId: number, toId: number): Promise<FriendRequest | null>;
  pendingTo(memberId: number): Promise<FriendRequest[]>;
  /** Changes status only from pending; false when it was no longer pending. */
  settle(id: number, status: FriendRequest['status']): Promise<boolean>;
  countSince(fromId: number, since: number): Promise<number>;
}

export interface BlockRepository {
  block(blockerId: number, blockedId: number, now: number): Promise<void>;
  unblock(blockerId: number, blockedId: number): Promise<void>;
  /** True when either has blocked the other. */
  between(a: number, b: number): Promise<boolean>;
  /** Everyone this member blocked or was blocked by. */
  involving(memberId: number): Promise<number[]>;
  blockedBy(blockerId: number): Promise<number[]>;
}

/** FriendService's slice of the store: a friendship, its feeds and its notice change together. */
export interface FriendStore
  extends UnitOfWork<{ blocks: BlockRepository; feeds: FeedRepository; friendRequests: FriendRequestRepository; friendships: FriendshipRepository; messages: MessageRepository }> {
  blocks: BlockRepository;
  friendRequests: FriendRequestRepository;
  friendships: FriendshipRepository;
  members: MemberRepository;
}
