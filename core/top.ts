import { visibleLevels } from './access.js';
import type { Clock, DiaryComment, DiaryEntry, Store } from './ports.js';

export interface TopSummary {
  unreadMessages: number;
  friendRequests: number;
  /** Others' comments on my entries in the last three days. */
  newComments: DiaryComment[];
  /** Friends' newest entries that friends may read. */
  friendDiaries: DiaryEntry[];
  footprintsToday: number;
}

const JST = 9 * 3600_000;
const DAY = 86_400_000;

/** Midnight in Japan, which is when members' "today" starts. */
export function startOfJapaneseDay(now: number): number {
  return Math.floor((now + JST) / DAY) * DAY - JST;
}

/** Everything the member's top page shows, in one call. */
export class TopService {
  /**
   * Friends' newest entries from the member's feed, each re-checked now: still a friend, still
   * shared with friends (feeds are written at post time; friendships and visibility can change).
   */
  private async friendDiaries(memberId: number, hidden: ReadonlySet<number>, n: number, offset = 0): Promise<DiaryEntry[]> {
    const ids = await this.store.feeds.latest(memberId, n * 3, offset);
    const levels = visibleLevels('friend');
    const entries = await this.store.diary.findMany(ids);
    // Only the authors on this page are checked, not the member's whole friend list.
    const friends = new Set(await this.store.friendships.friendsAmong(memberId, entries.map((e) => e.memberId).filter((a) => !hidden.has(a))));
    const byId = new Map(entries.map((e) => [e.id, e]));
    return ids
      .map((id) => byId.get(id))
      .filter((e): e is DiaryEntry => e !== undefined && friends.has(e.memberId) && levels.includes(e.visibility))
      .slice(0, n);
  }

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** The "more" page of friends' entries: 20 a page, newest first, re-checked like the top page. */
  async friendsFeed(memberId: number, page: number): Promise<DiaryEntry[]> {
    const hidden = new Set(await this.store.blocks.involving(memberId));
    const friends = new Set((await this.store.friendships.friendsOf(memberId)).filter((id) => !hidden.has(id)));
    const ids = await this.store.feeds.latest(memberId, 20, (Math.max(page, 1) - 1) * 20);
    const levels = visibleLevels('friend');
    const byId = new Map((await this.store.diary.findMany(ids)).map((e) => [e.id, e]));
    return ids.map((id) => byId.get(id)).filter((e): e is DiaryEntry => e !== undefined && friends.has(e.memberId) && levels.includes(e.visibility));
  }

  /** Others' comments on my entries, the newest 30 (the "more" page of the top page's comments). */
  async commentsOnMyDiary(memberId: number): Promise<DiaryComment[]> {
    const hidden = new Set(await this.store.blocks.involving(memberId));
    return (await this.store.comments.recentOnEntriesOf(memberId, 30 + hidden.size, 0)).filter((c) => !hidden.has(c.authorId)).slice(0, 30);
  }

  async summary(memberId: number): Promise<TopSummary> {
    const now = this.clock.now();
    // One block lookup serves every part of the page.
    const hiddenList = await this.store.blocks.involving(memberId);
    const hidden = new Set(hiddenList);
    const [unreadMessages, requests, comments, friendDiaries, footprintsToday] = await Promise.all([
      this.store.messages.unreadCount(memberId, hiddenList),
      this.store.friendRequests.pendingTo(memberId),
      this.store.comments.recentOnEntriesOf(memberId, 3 + hidden.size, now - 3 * DAY),
      this.friendDiaries(memberId, hidden, 5),
      this.store.footprints.countSince(memberId, startOfJapaneseDay(now), hiddenList),
    ]);
    return {
      unreadMessages,
      friendRequests: requests.filter((r) => !hidden.has(r.fromId)).length,
      newComments: comments.filter((c) => !hidden.has(c.authorId)).slice(0, 3),
      friendDiaries,
      footprintsToday,
    };
  }
}
