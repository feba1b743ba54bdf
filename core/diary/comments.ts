import { DomainError } from '../errors.js';
import type { DiaryService } from './service.js';
import type { AccessGate } from '../access.js';
import type { Clock } from '../ports.js';
import type { DiaryComment, CommentStore, DiaryEntry } from './ports.js';
import { checkRate, memberText } from '../validate.js';
import { OPEN_SCREEN, type ContentScreen } from '../staff/screen.js';

export const COMMENT_MAX = 1000;
export const COMMENTS_PER_10_MIN = 20;

/** Comments (and replies to comments) on diary entries, readable only where the entry is. */
export class CommentService {
  constructor(
    private readonly store: CommentStore,
    private readonly diary: DiaryService,
    private readonly clock: Clock,
    private readonly gate: AccessGate,
    private readonly screen: ContentScreen = OPEN_SCREEN,
  ) {}

  async add(authorId: number, entryId: number, body: string, replyTo: number | null = null): Promise<number> {
    await this.diary.read(authorId, entryId);
    const text = memberText('body', 'コメント', body, 1, COMMENT_MAX);
    if (replyTo !== null) {
      const parent = await this.store.comments.find(replyTo);
      // A comment by someone hidden from the author cannot be answered (nor its existence learnt).
      if (!parent || parent.entryId !== entryId || (await this.gate.blocked(authorId, parent.authorId))) throw new DomainError('not_found');
    }
    const now = this.clock.now();
    checkRate(await this.store.comments.countSince(authorId, now - 10 * 60_000), COMMENTS_PER_10_MIN);
    return this.screen.post('comment', [text], () => this.store.comments.insert({ entryId, authorId, replyTo, body: text, createdAt: now }));
  }

  /**
   * Comments the viewer may see: members who may read the entry see them, minus anyone hidden from
   * the viewer. Guests reading a public entry see none: commenters chose no audience beyond members.
   */
  async list(viewerId: number | null, entryId: number): Promise<DiaryComment[]> {
    return this.listOn(viewerId, await this.diary.read(viewerId, entryId));
  }

  /**
   * As `list`, for an entry this viewer has just been given by DiaryService.read in the same
   * request (the entry page): the entry is not read, nor put through the gate, a second time.
   */
  async listOn(viewerId: number | null, entry: DiaryEntry): Promise<DiaryComment[]> {
    const entryId = entry.id;
    if (viewerId === null) return [];
    const v = this.gate.viewer(viewerId);
    return v.shown('comment', await v.withoutHidden(await this.store.comments.listForEntry(entryId), (c) => c.authorId), (c) => c.id, (c) => c.authorId);
  }

  /** The comment's author, or the entry's author, may delete it. */
  async delete(memberId: number, commentId: number): Promise<number> {
    const c = await this.store.comments.find(commentId);
    const entry = c ? await this.store.diary.find(c.entryId) : null;
    if (!c || !entry || (c.authorId !== memberId && entry.memberId !== memberId)) throw new DomainError('not_found');
    await this.store.comments.delete(commentId);
    return entry.id;
  }
}
