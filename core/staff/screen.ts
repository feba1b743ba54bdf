import { DomainError } from '../errors.js';
import type { Clock } from '../ports.js';
import type { ContentKind, HiddenContentRepository, NgWordRepository } from './ports.js';

/** Case, width and kana forms folded, so ＳＰＡＭ, spam and ｽﾊﾟﾑ/スパム match alike. */
const fold = (s: string) => s.normalize('NFKC').toLowerCase();

/**
 * The NG-word screen every new post passes (diary, comments, messages, community posts, Echo):
 * a word marked `refuse` refuses the post (the member is told, without naming the word); a word
 * marked `hold` lets it be written but holds it for review (hidden from everyone but its author
 * until staff release it, through the access gate).
 */
export class PostScreen {
  constructor(
    private readonly store: { ngWords: NgWordRepository; hiddenContent: HiddenContentRepository },
    private readonly clock: Clock,
  ) {}

  /** Throws on a refused word; returns the hold word, if any, to pass to `held` once written. */
  async check(...texts: readonly string[]): Promise<string | null> {
    const words = await this.store.ngWords.all();
    if (words.length === 0) return null;
    const text = fold(texts.join('\n'));
    const hits = words.filter((w) => text.includes(fold(w.word)));
    if (hits.some((w) => w.action === 'refuse')) throw new DomainError('invalid_input', { body: '利用規約で禁止されている言葉が含まれているため、投稿できません。' });
    return hits[0]?.word ?? null;
  }

  /** Holds a post just written for review (no-op when `word` is null). */
  async held(kind: ContentKind, id: number, word: string | null): Promise<void> {
    if (word === null) return;
    await this.store.hiddenContent.hide({ kind, targetId: id, reason: 'held', word, createdAt: this.clock.now() });
  }

  /** Checks, runs the write, then holds what it wrote when a hold word matched. */
  async post(kind: ContentKind, texts: readonly string[], write: () => Promise<number>): Promise<number> {
    const word = await this.check(...texts);
    const id = await write();
    await this.held(kind, id, word);
    return id;
  }
}

/** The screen as posting services use it (tests and tools without an NG list pass OPEN_SCREEN). */
export type ContentScreen = Pick<PostScreen, 'check' | 'held' | 'post'>;

export const OPEN_SCREEN: ContentScreen = {
  check: async () => null,
  held: async () => undefined,
  post: (_kind, _texts, write) => write(),
};
