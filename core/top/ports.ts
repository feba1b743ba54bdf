/** What the top page reads; db/ implements it. */
import type { CommentRepository, DiaryRepository, FeedRepository } from '../diary/ports.js';
import type { FootprintRepository } from '../footprints/ports.js';
import type { FriendRequestRepository } from '../friends/ports.js';
import type { MessageRepository } from '../messages/ports.js';
import type { MemberVersions } from '../ports.js';

/** The member's counters (core/ports.ts: MemberVersions); null when the member has none (no caching). */
export interface MemberVersionRepository {
  of(memberId: number): Promise<MemberVersions | null>;
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
