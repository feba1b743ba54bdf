import { DomainError } from './errors.js';
import type { DiaryService } from './diary.js';
import type { Clock, DiaryComment, Store } from './ports.js';
import { checkRate, memberText } from './validate.js';

export const COMMENT_MAX = 1000;
export const COMMENTS_PER_10_MIN = 20;

/** Comments (and replies to comments) on diary entries, readable only where the entry is. */
export class CommentService {
  constructor(
    private readonly store: Store,
    private readonly diary: DiaryService,
    private readonly clock: Clock,
  ) {}

  async add(authorId: number, entryId: number, body: string, replyTo: number | null = null): Promise<number> {
    await this.diary.read(authorId, entryId);
    const text = memberText('body', 'コメント', body, 1, COMMENT_MAX);
    if (replyTo !== null) {
      const parent = await this.store.comments.find(replyTo);
      if (!parent || parent.entryId !== entryId) throw new DomainError('not_found');
    }
    const now = this.clock.now();
    checkRate(await this.store.comments.countSince(authorId, now - 10 * 60_000), COMMENTS_PER_10_MIN);
    return this.store.comments.insert({ entryId, authorId, replyTo, body: text, createdAt: now });
  }

  /** Comments the viewer may see: the entry's readers see them, minus anyone blocked with the viewer. */
  async list(viewerId: number | null, entryId: number): Promise<DiaryComment[]> {
    await this.diary.read(viewerId, entryId);
    const hidden = viewerId === null ? new Set<number>() : new Set(await this.store.blocks.involving(viewerId));
    return (await this.store.comments.listForEntry(entryId)).filter((c) => !hidden.has(c.authorId));
  }

  /** The comment's author, or the entry's author, may delete it. */
  async delete(memberId: number, commentId: number): Promise<number> {
    const c = await this.store.comments.find(commentId);
    const entry = c ? await this.store.diary.find(c.entryId) : null;
    if (!c || !entry || (c.authorId !== memberId && entry.memberId !== memberId)) throw new DomainError('not_found');
    await this.store.comments.delete(commentId);
    return entry.id;
  }

  /** Others' recent comments on this member's entries (the top page's "new comments"). */
  async recentOnMyDiary(memberId: number, since: number, limit = 5): Promise<DiaryComment[]> {
    const hidden = new Set(await this.store.blocks.involving(memberId));
    return (await this.store.comments.recentOnEntriesOf(memberId, limit + hidden.size, since)).filter((c) => !hidden.has(c.authorId)).slice(0, limit);
  }
}
