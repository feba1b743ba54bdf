/** What the top page reads; db/ implements it. */
import type { CommentRepository, DiaryRepository, FeedRepository } from '../diary/ports.js';
import type { FootprintRepository } from '../footprints/ports.js';
import type { FriendRequestRepository } from '../friends/ports.js';
import type { MessageRepository } from '../messages/ports.js';

/** TopService's slice of the store: it only reads (counts and the newest of each). */
export interface TopStore {
  comments: CommentRepository;
  diary: DiaryRepository;
  feeds: FeedRepository;
  footprints: FootprintRepository;
  friendRequests: FriendRequestRepository;
  messages: MessageRepository;
}
