import { visibleLevels } from './access.js';
import type { CommentService } from './comments.js';
import type { FootprintService } from './footprints.js';
import type { FriendService } from './friends.js';
import type { MessageService } from './messages.js';
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
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly s: { messages: MessageService; friends: FriendService; comments: CommentService; footprints: FootprintService },
  ) {}

  async summary(memberId: number): Promise<TopSummary> {
    const now = this.clock.now();
    const hidden = new Set(await this.store.blocks.involving(memberId));
    const friends = (await this.store.friendships.friendsOf(memberId)).filter((id) => !hidden.has(id));
    const [unreadMessages, requests, newComments, friendDiaries, footprintsToday] = await Promise.all([
      this.s.messages.unreadCount(memberId),
      this.s.friends.pending(memberId),
      this.s.comments.recentOnMyDiary(memberId, now - 3 * DAY, 3),
      this.store.diary.recentBy(friends, visibleLevels('friend'), 5),
      this.s.footprints.countSince(memberId, startOfJapaneseDay(now)),
    ]);
    return { unreadMessages, friendRequests: requests.length, newComments, friendDiaries, footprintsToday };
  }
}
