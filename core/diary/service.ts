import { z } from 'zod';
import { DomainError } from '../errors.js';
import { visibleLevels, type AccessGate } from '../access.js';
import { OPEN_SCREEN, type ContentScreen } from '../staff/screen.js';
import { VISIBILITIES, type DiaryEntry, type Visibility, type DiaryStore, type PublishRepos } from './ports.js';
import type { Clock } from '../ports.js';
import type { Member } from '../members/ports.js';
import { charLength, cleanText } from '../text.js';
import { parseOrInvalid, textField } from '../validate.js';
import { fromJapanWallClock } from '../time.js';

export const DIARY_TITLE_MAX = 50;
export const DIARY_BODY_MAX = 10_000;
export const DIARY_PAGE_SIZE = 10;

const entry = z.object({
  title: textField('タイトル', 1, DIARY_TITLE_MAX, false),
  body: textField('本文', 1, DIARY_BODY_MAX),
  visibility: z.enum(VISIBILITIES, { message: '公開範囲を選んでください' }),
});

/** As a front received it: nothing is trusted until parsed. */
export interface DiaryInput {
  title: string;
  body: string;
  visibility: string;
}

/**
 * Stores a new entry and puts it in the feeds of the author's friends, in the caller's
 * transaction. Every writer (the diary form, blog import, demo data) goes through here.
 */
export async function publishEntry(tx: PublishRepos, e: Omit<DiaryEntry, 'id'>): Promise<number> {
  const id = await tx.diary.insert(e);
  if (e.visibility !== 'self') await tx.feeds.fanOut({ id, memberId: e.memberId, createdAt: e.createdAt }, await tx.friendships.friendsOf(e.memberId));
  return id;
}

/** A member's diary as one viewer may see it: the owner, the months, one page or one month. */
export interface DiaryListing {
  owner: Member;
  months: { month: string; count: number }[];
  entries: DiaryEntry[];
}

/** Diaries: writing, and reading through the one access gate (refused and missing look the same). */
export class DiaryService {
  constructor(
    private readonly store: DiaryStore,
    private readonly clock: Clock,
    private readonly gate: AccessGate,
    /** The NG-word screen (core/staff/screen.ts): refuses or holds new and edited entries. */
    private readonly screen: ContentScreen = OPEN_SCREEN,
  ) {}

  async write(authorId: number, input: DiaryInput): Promise<number> {
    const data = parseOrInvalid(entry, input);
    const now = this.clock.now();
    return this.screen.post('diary', [data.title, data.body], () => this.store.transaction((tx) => publishEntry(tx, { memberId: authorId, ...data, createdAt: now, updatedAt: now })));
  }

  /** An entry the viewer may read; not_found otherwise (whether missing or refused). */
  async read(viewerId: number | null, entryId: number): Promise<DiaryEntry> {
    const e = Number.isSafeInteger(entryId) ? await this.store.diary.find(entryId) : null;
    if (!e) throw new DomainError('not_found');
    const v = this.gate.viewer(viewerId);
    await v.require(e.memberId, e.visibility);
    await v.requireShown('diary', e.id, e.memberId);
    return e;
  }

  /**
   * A member's diary page: one page of entries (newest first) or one month (YYYY-MM, Japan time),
   * with the months, all at the viewer's levels. The owner's pages are for members only and
   * never for anyone a block stands between (not_found, as for a missing member).
   */
  async listing(viewerId: number | null, ownerId: number, o: { page?: number; month?: string | null } = {}): Promise<DiaryListing> {
    const { member: owner, relation } = await this.gate.owner(viewerId, ownerId);
    const levels = visibleLevels(relation);
    const months = await this.store.diary.months(owner.id, levels);
    const shown = (list: DiaryEntry[]) => this.gate.shown(viewerId, 'diary', list, (e) => e.id, (e) => e.memberId);
    if (o.month) return { owner, months, entries: await shown(await this.inMonth(owner.id, levels, o.month)) };
    const page = Math.max(o.page ?? 1, 1);
    return { owner, months, entries: await shown(await this.store.diary.listByMember(owner.id, levels, DIARY_PAGE_SIZE, (page - 1) * DIARY_PAGE_SIZE)) };
  }

  /** The author edits an entry (title, body, visibility). */
  async edit(memberId: number, entryId: number, input: DiaryInput): Promise<void> {
    const e = await this.store.diary.find(entryId);
    if (!e || e.memberId !== memberId) throw new DomainError('not_found');
    const data = parseOrInvalid(entry, input);
    const word = await this.screen.check(data.title, data.body);
    await this.store.transaction(async (tx) => {
      await tx.diary.update(entryId, { ...data, updatedAt: this.clock.now() });
      // Made visible to friends: into their feeds (a feed is re-checked against visibility on read).
      if (data.visibility !== 'self') await tx.feeds.fanOut(e, await tx.friendships.friendsOf(memberId));
    });
    await this.screen.held('diary', entryId, word);
  }

  /** Entries of one month (YYYY-MM, Japan time) at these levels. */
  private async inMonth(ownerId: number, levels: readonly Visibility[], month: string): Promise<DiaryEntry[]> {
    const m = /^(\d{4})-(\d{2})$/.exec(month);
    if (!m) throw new DomainError('not_found');
    const from = fromJapanWallClock(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
    const to = fromJapanWallClock(Date.UTC(Number(m[1]), Number(m[2]), 1));
    return this.store.diary.inMonth(ownerId, levels, from, to);
  }

  /**
   * Entries containing a keyword among what the viewer may read: their own, their friends' and
   * friends-of-friends' (at those levels) and everyone's members/public entries; never anyone
   * blocked either way. (Friends of friends are capped at 5,000 authors per search.)
   */
  async search(viewerId: number, keyword: string): Promise<DiaryEntry[]> {
    const k = cleanText(keyword);
    if (charLength(k) < 1 || charLength(k) > 50) return [];
    const v = this.gate.viewer(viewerId);
    const hidden = await v.hidden();
    const friends = (await this.store.friendships.friendsOf(viewerId)).filter((id) => !hidden.has(id));
    const fof = (await this.store.friendships.friendsOfFriends(viewerId, 5000)).filter((id) => !hidden.has(id));
    const found = await this.store.diary.search({
      keyword: k,
      scopes: [
        { authorIds: [viewerId], visibilities: visibleLevels('self') },
        { authorIds: friends, visibilities: visibleLevels('friend') },
        { authorIds: fof, visibilities: visibleLevels('friend-of-friend') },
        { authorIds: 'any', visibilities: visibleLevels('member') },
      ],
      excludingAuthors: [...hidden],
      limit: 30,
    });
    // The scopes narrow the query; the gate still has the last word on each result.
    return v.shown('diary', await v.filterVisible(found, (e) => e.memberId, (e) => e.visibility), (e) => e.id, (e) => e.memberId);
  }

  /** The author deletes an entry, with every comment on it. */
  async delete(memberId: number, entryId: number): Promise<void> {
    const e = await this.store.diary.find(entryId);
    if (!e || e.memberId !== memberId) throw new DomainError('not_found');
    await this.store.transaction(async (tx) => {
      await tx.comments.deleteForEntry(entryId);
      for (const p of await tx.photos.forEntry(entryId)) await tx.photos.delete(p.id);
      await tx.feeds.removeEntry(entryId);
      await tx.diary.delete(entryId);
    });
  }

  /** Friends' visibility default for new entries. */
  static readonly defaultVisibility: Visibility = 'friends';
}
