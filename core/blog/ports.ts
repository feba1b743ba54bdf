/** What the blog feature needs from the outside world; db/ implements it. */
import type { UnitOfWork } from '../ports.js';
import type { PublishRepos } from '../diary/ports.js';
import type { ProfileRepository } from '../profiles/ports.js';

export interface BlogFeed {
  memberId: number;
  url: string;
  lastFetchedAt: number | null;
  lastError: string | null;
}

export interface BlogFeedRepository {
  find(memberId: number): Promise<BlogFeed | null>;
  put(memberId: number, url: string, now: number): Promise<void>;
  remove(memberId: number): Promise<void>;
  /** Feeds not fetched since `before`, oldest first. */
  due(before: number, limit: number): Promise<BlogFeed[]>;
  recordFetch(memberId: number, at: number, error: string | null): Promise<void>;
  /** Remembers an imported item; false when it was already imported. */
  claimItem(memberId: number, itemHash: string, entryId: number): Promise<boolean>;
  hasItem(memberId: number, itemHash: string): Promise<boolean>;
}

/** BlogImportService's slice of the store: an imported item becomes an entry in one transaction. */
export interface BlogStore extends UnitOfWork<PublishRepos & { blogFeeds: BlogFeedRepository }> {
  blogFeeds: BlogFeedRepository;
  profiles: ProfileRepository;
}
