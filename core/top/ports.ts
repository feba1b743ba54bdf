/** What the top page reads; db/ implements it. */
import type { CommentRepository, DiaryRepository, FeedRepository } from '../diary/ports.js';
import type { FootprintRepository } from '../footprints/ports.js';
import type { FriendRequestRepository } from '../friends/ports.js';
import type { MessageRepository } from '../messages/ports.js';

/**
 * Counters per member that the database itself bumps (triggers) on every write that can change
 * what the member's top page shows: `all` (migration 0027) for everything but friends' echoes,
 * `echoes` (0031) for those; null when the member has none (no caching).
 */
export interface MemberVersionRepository {
  of(memberId: number): Promise<{ all: number; echoes: number } | null>;
}

/** TopService's slice of the store: it only reads (counts and the newest of each). */
export interface TopStore {
  memberVersions: MemberVersionRepository;
  comments: CommentRepository;
  diary: DiaryRepository;
  feeds: FeedRepository;
  footprints: FootprintRepository;
  friendRequests: FriendRequestRepository;
  messages: MessageRepository;
}
