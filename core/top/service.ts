import { canSee, type AccessGate, type ViewerAccess } from '../access.js';
import type { Clock } from '../ports.js';
import type { DiaryComment, DiaryEntry } from '../diary/ports.js';
import type { TopStore } from './ports.js';
import { DAY_MS, startOfJapanDay } from '../time.js';

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

/** Everything the member's top page shows, in one call. */
export class TopService {
  constructor(
    private readonly store: TopStore,
    private readonly clock: Clock,
    private readonly gate: AccessGate,
  ) {}

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
