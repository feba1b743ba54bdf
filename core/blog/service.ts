import { DomainError } from '../errors.js';
import { digest } from '../crypto.js';
import { parseFeed, type FeedItem } from './feed.js';
import { DIARY_BODY_MAX, DIARY_TITLE_MAX, publishEntry } from '../diary/service.js';
import type { BlogFeed, BlogStore } from './ports.js';
import type { Clock } from '../ports.js';
import { byteLength, bytesFor, charLength, clipText, cleanForeignText } from '../text.js';
import { textProblem } from '../validate.js';

/** Fetches a feed document over the network (SSRF-safe), implemented outside core (media/). */
export interface FeedFetcher {
  fetchText(url: string): Promise<string>;
}

export const BLOG_REFRESH_MS = 30 * 60_000;
const ITEMS_PER_RUN = 20;

/**
 * What a member sees whatever went wrong (refused address, refused connection, timeout, error
 * status, not a feed): one text, so the import cannot be used to probe the network. Why it
 * failed goes to the log.
 */
export const FEED_FAILED = 'フィードを読み込めませんでした。URLが公開されているRSS/Atomのものか確かめてください。';

/** Details for operators (the gateway's logger); members never see them. */
export type BlogLog = (details: Record<string, unknown>, message: string) => void;

/** A link from a feed, kept only if it is a plain http(s) URL (it is shown as text). */
function feedLink(raw: string | null): string | null {
  if (!raw) return null;
  try {
    const u = new URL(cleanForeignText(raw));
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.href.length <= 500 ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * An item as a diary entry, through the same rules as typed text: what typed text may not hold
 * is removed, then it is cut to the typed limits (characters and bytes) and checked by the same
 * rule (null if it still fails).
 */
function asEntry(item: FeedItem): { title: string; body: string } | null {
  const title = clipText(cleanForeignText(item.title.replace(/\s+/g, ' ')) || '(無題)', DIARY_TITLE_MAX);
  const link = feedLink(item.link);
  const text = cleanForeignText(item.text);
  const tail = link ? `\n\n元の記事: ${link}` : '';
  const body = text ? `${clipText(text, DIARY_BODY_MAX - charLength(tail), bytesFor(DIARY_BODY_MAX) - byteLength(tail))}${tail}` : tail.trim() || '(本文なし)';
  if (textProblem('タイトル', title, 1, DIARY_TITLE_MAX, false) || textProblem('本文', body, 1, DIARY_BODY_MAX)) return null;
  return { title, body };
}

/** Imports a member's external blog (RSS/Atom) into their diary, each item once. */
export class BlogImportService {
  constructor(
    private readonly store: BlogStore,
    private readonly fetcher: FeedFetcher,
    private readonly clock: Clock,
    private readonly log: BlogLog = () => {},
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
      items = await parseFeed(await this.fetcher.fetchText(feed.url), ITEMS_PER_RUN);
    } catch (e) {
      this.log({ memberId, url: feed.url, reason: e instanceof Error ? e.message : String(e) }, 'blog feed not imported');
      await this.store.blogFeeds.recordFetch(memberId, now, FEED_FAILED);
      return 0;
    }
    const profile = await this.store.profiles.find(memberId);
    const visibility = profile?.defaultVisibility ?? 'friends';
    let added = 0;
    for (const item of items.slice(0, ITEMS_PER_RUN).reverse()) {
      const hash = digest(item.key);
      if (await this.store.blogFeeds.hasItem(memberId, hash)) continue;
      const entry = asEntry(item);
      if (!entry) {
        this.log({ memberId, url: feed.url }, 'blog item left out: not valid diary text');
        continue;
      }
      const { title, body } = entry;
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
