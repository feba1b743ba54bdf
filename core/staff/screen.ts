import { DomainError } from '../errors.js';
import type { Clock } from '../ports.js';
import type { ContentKind, HiddenContentRepository, NgWordRepository } from './ports.js';

/** Case, width and kana forms folded, so ＳＰＡＭ, spam, ｽﾊﾟﾑ, スパム and すぱむ match alike. */
const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\u30a1-\u30f6]/g, (k) => String.fromCharCode(k.charCodeAt(0) - 0x60));
/**
 * Letters and digits only: spaces, punctuation, pictograms and invisible marks put between the
 * letters of a word (s p a m, ス📱パム, spa\u200bm) do not break a match.
 */
const bare = (s: string) => fold(s).replace(/[^\p{L}\p{N}]/gu, '');

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
    const letters = texts.map(bare);
    // A word of symbols or pictograms only has no letters to compare: it is matched as typed.
    const hits = words.filter((w) => {
      const b = bare(w.word);
      return b ? letters.some((t) => t.includes(b)) : text.includes(fold(w.word));
    });
    if (hits.some((w) => w.action === 'refuse')) throw new DomainError('invalid_input', { body: '利用規約で禁止されている言葉が含まれているため、投稿できません。' });
    return hits[0]?.word ?? null;
  }

  /**
   * For text that cannot wait for review (a name, a photo comment, an endorsement: nothing can
   * hold them): any NG word, held or refused in posts, refuses it, the error on `field`.
   */
  async refuseAny(field: string, ...texts: readonly string[]): Promise<void> {
    let word: string | null;
    try {
      word = await this.check(...texts);
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== 'invalid_input') throw e;
      word = '';
    }
    if (word !== null) throw new DomainError('invalid_input', { [field]: '利用規約で禁止されている言葉が含まれているため、使えません。' });
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
export type ContentScreen = Pick<PostScreen, 'check' | 'held' | 'post' | 'refuseAny'>;

export const OPEN_SCREEN: ContentScreen = {
  check: async () => null,
  refuseAny: async () => undefined,
  held: async () => undefined,
  post: (_kind, _texts, write) => write(),
};
