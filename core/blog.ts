import { DomainError } from './errors.js';
import { digest } from './crypto.js';
import { parseFeed } from './blog-feed.js';
import { DIARY_BODY_MAX, DIARY_TITLE_MAX, publishEntry } from './diary.js';
import type { BlogFeed, Clock, Store } from './ports.js';
import { charLength } from './text.js';

/** Fetches a feed document over the network (SSRF-safe), implemented outside core (media/). */
export interface FeedFetcher {
  fetchText(url: string): Promise<string>;
}

export const BLOG_REFRESH_MS = 30 * 60_000;
const ITEMS_PER_RUN = 20;

const clip = (s: string, max: number) => (charLength(s) <= max ? s : `${[...s].slice(0, max - 1).join('')}…`);

/** Imports a member's external blog (RSS/Atom) into their diary, each item once. */
export class BlogImportService {
  constructor(
    private readonly store: Store,
    private readonly fetcher: FeedFetcher,
    private readonly clock: Clock,
  ) {}

  async setFeed(memberId: number, url: string): Promise<void> {
    const u = url.trim();
    let parsed: URL;
    try {
      parsed = new URL(u);
    } catch {
      throw new DomainError('invalid_input', { url: 'URLを正しく入力してください' });
    }
    if (!/^https?:$/.test(parsed.protocol) || u.length > 500) throw new DomainError('invalid_input', { url: 'http:// か https:// で始まるURLを入力してください' });
    await this.store.blogFeeds.put(memberId, u, this.clock.now());
  }

  /** The member's own feed settings and last fetch (the settings page). */
  feed(memberId: number): Promise<BlogFeed | null> {
    return this.store.blogFeeds.find(memberId);
  }

  async removeFeed(memberId: number): Promise<void> {
    await this.store.blogFeeds.remove(memberId);
  }

  /** Fetches and imports now; returns how many entries were added. Errors are recorded for the member to see. */
  async importNow(memberId: number): Promise<number> {
    const feed = await this.store.blogFeeds.find(memberId);
    if (!feed) throw new DomainError('not_found');
    const now = this.clock.now();
    let items;
    try {
      items = await parseFeed(await this.fetcher.fetchText(feed.url));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      await this.store.blogFeeds.recordFetch(memberId, now, message.slice(0, 200));
      return 0;
    }
    const profile = await this.store.profiles.find(memberId);
    const visibility = profile?.defaultVisibility ?? 'friends';
    let added = 0;
    for (const item of items.slice(0, ITEMS_PER_RUN).reverse()) {
      const hash = digest(item.key);
      if (await this.store.blogFeeds.hasItem(memberId, hash)) continue;
      const title = clip(item.title || '(無題)', DIARY_TITLE_MAX);
      const body = clip(`${item.text}${item.link ? `\n\n元の記事: ${item.link}` : ''}`.trim() || '(本文なし)', DIARY_BODY_MAX);
      const at = item.publishedAt && item.publishedAt <= now ? item.publishedAt : now;
      const created = await this.store.transaction(async (tx) => {
        const id = await publishEntry(tx, { memberId, title, body, visibility, createdAt: at, updatedAt: now });
        if (!(await tx.blogFeeds.claimItem(memberId, hash, id))) throw new DomainError('request_pending');
        return id;
      }).catch((e) => (e instanceof DomainError ? null : Promise.reject(e)));
      if (created) added++;
    }
    await this.store.blogFeeds.recordFetch(memberId, now, null);
    return added;
  }

  /** The scheduled refresh: every feed not fetched for BLOG_REFRESH_MS, a batch at a time. */
  async refreshDue(limit = 50): Promise<number> {
    const due = await this.store.blogFeeds.due(this.clock.now() - BLOG_REFRESH_MS, limit);
    let added = 0;
    for (const f of due) added += await this.importNow(f.memberId);
    return added;
  }
}
