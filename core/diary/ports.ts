/** What the diary feature needs from the outside world; db/ implements it. */
import type { UnitOfWork } from '../ports.js';
import type { FriendshipRepository } from '../friends/ports.js';
import type { PhotoRepository } from '../photos/ports.js';

export const VISIBILITIES = ['self', 'friends', 'friends-of-friends', 'members', 'public'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export interface DiaryEntry {
  id: number;
  memberId: number;
  title: string;
  body: string;
  visibility: Visibility;
  createdAt: number;
  updatedAt: number;
}

export interface DiaryRepository {
  insert(e: Omit<DiaryEntry, 'id'>): Promise<number>;
  find(id: number): Promise<DiaryEntry | null>;
  findMany(ids: readonly number[]): Promise<DiaryEntry[]>;
  delete(id: number): Promise<void>;
  countSince(memberId: number, since: number): Promise<number>;
  /** Newest first; only entries whose visibility is in `visible`. */
  listByMember(memberId: number, visible: readonly Visibility[], limit: number, offset: number): Promise<DiaryEntry[]>;
  update(id: number, patch: { title: string; body: string; visibility: Visibility; updatedAt: number }): Promise<void>;
  /** Entry months (YYYY-MM, Japan time) with counts, for the month list. */
  months(memberId: number, visible: readonly Visibility[]): Promise<{ month: string; count: number }[]>;
  inMonth(memberId: number, visible: readonly Visibility[], from: number, to: number): Promise<DiaryEntry[]>;
  search(q: DiarySearch): Promise<DiaryEntry[]>;
}

export interface DiaryComment {
  id: number;
  entryId: number;
  authorId: number;
  replyTo: number | null;
  body: string;
  createdAt: number;
}

export interface CommentRepository {
  insert(c: Omit<DiaryComment, 'id'>): Promise<number>;
  find(id: number): Promise<DiaryComment | null>;
  listForEntry(entryId: number): Promise<DiaryComment[]>;
  delete(id: number): Promise<void>;
  deleteForEntry(entryId: number): Promise<void>;
  /** Comments by others on this member's entries, newest first. */
  recentOnEntriesOf(memberId: number, limit: number, since: number): Promise<DiaryComment[]>;
  countSince(authorId: number, since: number): Promise<number>;
}

export interface DiarySearch {
  keyword: string;
  /** Entries by these authors at these visibilities are candidates (computed by the access rules). */
  scopes: { authorIds: readonly number[] | 'any'; visibilities: readonly Visibility[] }[];
  excludingAuthors: readonly number[];
  limit: number;
}

/** Friends' feeds, written when an entry is published (fan-out on write). */
export interface FeedRepository {
  /** Puts an entry into these members' feeds (already present: left as is). */
  fanOut(entry: { id: number; memberId: number; createdAt: number }, recipients: readonly number[]): Promise<void>;
  /** Newest entry ids in a member's feed. */
  latest(memberId: number, limit: number, offset?: number): Promise<number[]>;
  removeEntry(entryId: number): Promise<void>;
  /** Drops each one's entries from the other's feed (unfriended, blocked). */
  removeBetween(a: number, b: number): Promise<void>;
  /** Copies an author's newest shared entries into a member's feed (new friendship). */
  backfill(memberId: number, authorId: number, limit: number): Promise<void>;
  /** Rebuilds every feed from diaries and friendships (bulk imports, demo data). */
  rebuild(): Promise<void>;
}

/** What publishing an entry writes, inside the caller's transaction. */
export interface PublishRepos {
  diary: DiaryRepository;
  feeds: FeedRepository;
  friendships: FriendshipRepository;
}

/** DiaryService's slice of the store: what it reads, and what its transactions write. */
export interface DiaryStore extends UnitOfWork<PublishRepos & { comments: CommentRepository; photos: PhotoRepository }> {
  diary: DiaryRepository;
  friendships: FriendshipRepository;
}

/** CommentService's slice of the store (it writes one row at a time: no transaction). */
export interface CommentStore {
  comments: CommentRepository;
  diary: DiaryRepository;
}
