import { canSee, type AccessGate, type ViewerAccess } from '../access.js';
import type { Clock, MemberVersions } from '../ports.js';
import type { DiaryComment, DiaryEntry } from '../diary/ports.js';
import type { TopStore } from './ports.js';
import { DAY_MS, startOfJapanDay } from '../time.js';
import { VersionedCache } from './cache.js';

export interface TopSummary {
  unreadMessages: number;
  friendRequests: number;
  /** Others' comments on my entries in the last three days. */
  newComments: DiaryComment[];
  /** Friends' newest entries that friends may read. */
  friendDiaries: DiaryEntry[];
  footprintsToday: number;
}

/** Midnight in Japan, which is when members' "today" starts. */
export function startOfJapaneseDay(now: number): number {
  return startOfJapanDay(now);
}

/**
 * Until when a summary read at `now` stays true without any write: the end of the Japanese day
 * (today's footprints) and the moment the oldest comment shown leaves the three-day window.
 */
export function summaryExpiry(now: number, t: TopSummary): number {
  return Math.min(startOfJapanDay(now) + DAY_MS, ...t.newComments.map((c) => c.createdAt + 3 * DAY_MS));
}

/**
 * How long the top page's new posts in a member's communities are kept: others' topics and
 * comments (hundreds of members' writes per community) show on it within this time, not at once.
 * What the member does (joining, leaving, posting, commenting), a community closed or renamed, a
 * topic deleted, a staff take-down or restore of a topic and a block bump the member's `all`
 * version (migrations 0027, 0033 and 0035) and show at the next view.
 */
export const COMMUNITY_POSTS_MS = 30_000;

/**
 * One view's access to the member's kept top-page sections (TopService.kept), at the versions and
 * time that view read. A class, not an object of closures: one is made per signed-in view.
 */
export class KeptSections {
  constructor(
    private readonly pages: VersionedCache<unknown>,
    private readonly echoes: VersionedCache<unknown>,
    private readonly posts: VersionedCache<unknown>,
    private readonly memberId: number,
    private readonly v: MemberVersions | null,
    private readonly now: number,
  ) {}

  /** Everything but friends' echoes, under `all`. */
  own<T>(compute: (now: number) => Promise<{ value: T; expiresAt: number }>): Promise<T> {
    const now = this.now;
    return this.pages.get(this.memberId, this.v ? String(this.v.all) : null, now, () => compute(now)) as Promise<T>;
  }

  /** Friends' echoes, under (`all`, `echoes`). */
  friendsEchoes<T>(compute: (now: number) => Promise<{ value: T; expiresAt: number }>): Promise<T> {
    const now = this.now;
    const v = this.v;
    return this.echoes.get(this.memberId, v ? `${v.all}.${v.echoes}` : null, now, () => compute(now)) as Promise<T>;
  }

  /** New posts in the member's communities, under `all` and for COMMUNITY_POSTS_MS at most. */
  communityPosts<T>(compute: () => Promise<T>): Promise<T> {
    const now = this.now;
    return this.posts.get(this.memberId, this.v ? String(this.v.all) : null, now, async () => ({ value: await compute(), expiresAt: now + COMMUNITY_POSTS_MS })) as Promise<T>;
  }
}

/** Everything the member's top page shows, in one call. */
export class TopService {
  /** The member's top-page reads but friends' echoes (any shape the page composes), per `all` version. */
  private readonly pages = new VersionedCache<unknown>();
  /** Friends' echoes as the page shows them, per (`all`, `echoes`) versions. */
  private readonly echoes = new VersionedCache<unknown>();
  /** New posts in the member's communities, per `all` version and for COMMUNITY_POSTS_MS at most. */
  private readonly communityPosts = new VersionedCache<unknown>();

  constructor(
    private readonly store: TopStore,
    private readonly clock: Clock,
    private readonly gate: AccessGate,
  ) {}

  /**
   * The member's own top-page reads, computed again only after a write that concerns them (database-
   * kept versions per member, bumped by the writer's transaction) or once `expiresAt` passed. Only
   * reads of this member's own view may go in (never another member's). The versions are read once,
   * before anything is computed (by the caller, with the session, when it passes them): `own` keeps
   * everything but friends' echoes, `friendsEchoes` those (renewed also by whatever renews `own`:
   * blocks, friendships, names, staff hiding), and `communityPosts` the new posts in the member's
   * communities as the gate shows them (COMMUNITY_POSTS_MS).
   */
  async kept(
    memberId: number,
    /** The member's counters as this request already read them (with its session); read here when not given. */
    versions?: MemberVersions | null,
  ): Promise<KeptSections> {
    const now = this.clock.now();
    const v = versions !== undefined ? versions : await this.store.memberVersions.of(memberId);
    return new KeptSections(this.pages, this.echoes, this.communityPosts, memberId, v, now);
  }

  /**
   * After the member's own echo, just written: friends' echoes kept for them take it in (`update`,
   * which may decline with null) instead of being read again, if that echo is the only change
   * since they were computed (the member's `echoes` version moved by one, `all` did not: a held
   * echo, a block or a name bumps `all`). Read the versions after the write; another process
   * keeps its own and computes again.
   */
  async ownEcho<T>(memberId: number, update: (kept: T) => T | null): Promise<boolean> {
    const v = await this.store.memberVersions.of(memberId);
    if (!v) return false;
    return this.echoes.advance(memberId, `${v.all}.${v.echoes - 1}`, `${v.all}.${v.echoes}`, update as (x: unknown) => unknown);
  }

  /**
   * Entries of the member's feed, each re-checked now through the gate: the author is still a
   * friend (not hidden) and the entry still readable by that friend (feeds are written at post
   * time; friendships, blocks and visibility change). Only this page's authors are looked up.
   */
  private async fromFeed(v: ViewerAccess, ids: readonly number[]): Promise<DiaryEntry[]> {
    const entries = await this.store.diary.findMany(ids);
    const rel = await v.relations(entries.map((e) => e.memberId));
    const friends = entries.filter((e) => rel.get(e.memberId) === 'friend' && canSee('friend', e.visibility));
    const readable = new Map((await v.shown('diary', friends, (e) => e.id, (e) => e.memberId)).map((e) => [e.id, e]));
    return ids.map((id) => readable.get(id)).filter((e): e is DiaryEntry => e !== undefined);
  }

  /** The "more" page of friends' entries: 20 a page, newest first, re-checked like the top page. */
  async friendsFeed(memberId: number, page: number): Promise<DiaryEntry[]> {
    return this.fromFeed(this.gate.viewer(memberId), await this.store.feeds.latest(memberId, 20, (Math.max(page, 1) - 1) * 20));
  }

  /** Others' comments on my entries, never by anyone hidden from me, newest first. */
  private async commentsOnMine(v: ViewerAccess, memberId: number, limit: number, since: number): Promise<DiaryComment[]> {
    const hidden = await v.hidden();
    const visible = await v.withoutHidden(await this.store.comments.recentOnEntriesOf(memberId, limit + hidden.size, since), (c) => c.authorId);
    return (await v.shown('comment', visible, (c) => c.id, (c) => c.authorId)).slice(0, limit);
  }

  /** Others' comments on my entries, the newest 30 (the "more" page of the top page's comments). */
  async commentsOnMyDiary(memberId: number): Promise<DiaryComment[]> {
    return this.commentsOnMine(this.gate.viewer(memberId), memberId, 30, 0);
  }

  async summary(memberId: number): Promise<TopSummary> {
    const now = this.clock.now();
    // One viewer scope: the block lookup is made once for every part of the page.
    const v = this.gate.viewer(memberId);
    const hiddenList = [...(await v.hidden())];
    const [unreadMessages, requests, newComments, friendDiaries, footprintsToday] = await Promise.all([
      this.store.messages.unreadCount(memberId, hiddenList),
      this.store.friendRequests.pendingTo(memberId),
      this.commentsOnMine(v, memberId, 3, now - 3 * DAY_MS),
      this.store.feeds.latest(memberId, 15).then((ids) => this.fromFeed(v, ids)),
      this.store.footprints.countSince(memberId, startOfJapaneseDay(now), hiddenList),
    ]);
    return {
      unreadMessages,
      friendRequests: (await v.withoutHidden(requests, (r) => r.fromId)).length,
      newComments,
      friendDiaries: friendDiaries.slice(0, 5),
      footprintsToday,
    };
  }
}
