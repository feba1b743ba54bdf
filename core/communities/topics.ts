import { z } from 'zod';
import { DomainError } from '../errors.js';
import type { AccessGate } from '../access.js';
import { OPEN_SCREEN, type ContentScreen } from '../staff/screen.js';
import { LIMITS, type AttemptLimiter } from '../limits.js';
import type { Clock } from '../ports.js';
import { fromJapanWallClock } from '../time.js';
import { memberText, parseOrInvalid, textField } from '../validate.js';
import type { CommunityComment, CommunityStore, Topic, TopicKind } from './ports.js';
import { manages, requireBelongs, standing, type Standing } from './rules.js';

export const TOPIC_TITLE_MAX = 50;
export const COMMENTS_PAGE_SIZE = 20;
export const TOPICS_PAGE_SIZE = 20;
export const POLL_CHOICES_MAX = 10;
export const TOPIC_PHOTOS_MAX = 3;

/** As a front received it: every field a topic, event or poll form may send. */
export interface TopicInput {
  title: string;
  body: string;
  /** Events: YYYY-MM-DD and HH:MM (Japan time); events and polls: the last day (YYYY-MM-DD). */
  date?: string;
  time?: string;
  place?: string;
  deadline?: string;
  capacity?: string;
  /** Polls: one choice a line. */
  choices?: string;
}

const DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

/** A Japan-time day and time as an instant; `endOfDay` gives the start of the next day (a deadline). */
function japanInstant(date: string, time: string, endOfDay: boolean): number | null {
  const d = DATE.exec(date.trim());
  const t = /^(\d{1,2}):(\d{2})$/.exec(time.trim() || '00:00');
  if (!d || !t) return null;
  const [y, mo, da, h, mi] = [Number(d[1]), Number(d[2]), Number(d[3]), Number(t[1]), Number(t[2])];
  const wall = Date.UTC(y, mo - 1, da + (endOfDay ? 1 : 0), endOfDay ? 0 : h, endOfDay ? 0 : mi);
  const check = new Date(Date.UTC(y, mo - 1, da));
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== da || y < 2000 || y > 2100 || h > 23 || mi > 59) return null;
  return fromJapanWallClock(wall);
}

const base = z.object({ title: textField('タイトル', 1, TOPIC_TITLE_MAX, false), body: textField('本文', 1, 5000) });

/** The validated fields of one kind of topic. */
function parseTopic(kind: TopicKind, input: TopicInput): Pick<Topic, 'title' | 'body' | 'eventAt' | 'place' | 'deadline' | 'capacity'> & { choices: string[] } {
  const { title, body } = parseOrInvalid(base, input);
  const fields: Record<string, string> = {};
  let eventAt: number | null = null;
  let place: string | null = null;
  let capacity: number | null = null;
  let choices: string[] = [];
  const deadline = input.deadline?.trim() ? japanInstant(input.deadline, '', true) : null;
  if (input.deadline?.trim() && deadline === null) fields.deadline = '締切日はYYYY-MM-DDの形で入力してください';
  if (kind === 'event') {
    eventAt = japanInstant(input.date ?? '', input.time ?? '', false);
    if (eventAt === null) fields.date = '開催日はYYYY-MM-DD、時刻はHH:MMの形で入力してください';
    try {
      place = memberText('place', '場所', input.place ?? '', 1, 50, false);
    } catch (e) {
      Object.assign(fields, (e as DomainError).fields);
    }
    const cap = (input.capacity ?? '').trim();
    if (cap && !/^\d{1,4}$/.test(cap)) fields.capacity = '定員は数字で入力してください';
    else if (cap) capacity = Math.max(1, Number(cap));
  }
  if (kind === 'poll') {
    choices = (input.choices ?? '').split('\n').map((c) => c.trim()).filter(Boolean);
    const bad = choices.some((c) => [...c].length > 30);
    if (choices.length < 2 || choices.length > POLL_CHOICES_MAX || bad) fields.choices = `選択肢は1行に1つ、2〜${POLL_CHOICES_MAX}個(各30文字まで)です`;
    else choices = choices.map((c) => memberText('choices', '選択肢', c, 1, 30, false));
  }
  if (Object.keys(fields).length) throw new DomainError('invalid_input', fields);
  return { title, body, eventAt, place, deadline, capacity, choices };
}

/** A topic as one viewer may read it. */
export interface TopicRead extends Standing {
  topic: Topic;
}

/** Topics, events and polls with their numbered comments: writing, reading, editing, deleting. */
export class TopicService {
  constructor(
    private readonly store: CommunityStore,
    private readonly clock: Clock,
    private readonly gate: AccessGate,
    private readonly limiter: AttemptLimiter,
    /** Decodes and stores an uploaded photo (PhotoService.addAttached: its budget and rules). */
    private readonly storePhoto: (memberId: number, bytes: Uint8Array) => Promise<number> = async () => {
      throw new DomainError('not_found');
    },
    /** The NG-word screen (core/staff/screen.ts): refuses or holds new topics and comments. */
    private readonly screen: ContentScreen = OPEN_SCREEN,
  ) {}

  private async spend(budget: 'communityTopics' | 'communityComments', memberId: number): Promise<void> {
    if (!(await this.limiter.reserve([{ key: `${budget}:${memberId}`, ...LIMITS[budget] }]))) throw new DomainError('rate_limited');
  }

  /** A community member starts a topic, event or poll. */
  async create(authorId: number, communityId: number, kind: TopicKind, input: TopicInput): Promise<number> {
    const s = await standing(this.store, authorId, communityId, 'posts');
    requireBelongs(s);
    const data = parseTopic(kind, input);
    await this.spend('communityTopics', authorId);
    const now = this.clock.now();
    const { choices, ...fields } = data;
    return this.screen.post('topic', [fields.title, fields.body, ...(kind === 'poll' ? choices : [])], () => this.store.transaction(async (tx) => {
      const id = await tx.communityTopics.insert({ communityId: s.community.id, authorId, kind, ...fields, commentCount: 0, lastCommentAt: now, createdAt: now, updatedAt: now });
      await tx.communityPolls.addChoices(id, kind === 'poll' ? choices : []);
      await tx.communities.touch(s.community.id, now);
      return id;
    }));
  }

  /** A topic the viewer may read: its community's readers allow it and no block stands between viewer and author. */
  async read(viewerId: number | null, communityId: number, topicId: number): Promise<TopicRead> {
    return this.locate(viewerId, communityId, topicId, false);
  }

  /**
   * The topic as `read` gives it; when `moderating`, the community's administrators reach it even
   * across a block with its author (blocking the admin must not put posts beyond moderation).
   */
  private async locate(viewerId: number | null, communityId: number, topicId: number, moderating: boolean): Promise<TopicRead> {
    const s = await standing(this.store, viewerId, communityId, 'posts');
    const topic = Number.isSafeInteger(topicId) ? await this.store.communityTopics.find(topicId) : null;
    if (!topic || topic.communityId !== s.community.id) throw new DomainError('not_found');
    if (viewerId !== null && !(moderating && manages(s.role)) && (await this.gate.blocked(viewerId, topic.authorId))) throw new DomainError('not_found');
    if (!moderating) await this.gate.requireShown(viewerId, 'topic', topic.id, topic.authorId);
    return { ...s, topic };
  }

  /** Whether `r`'s viewer may delete what `authorId` wrote: their own, or as an administrator (a sub-admin not the admin's). */
  private mayRemove(r: TopicRead, memberId: number, authorId: number): boolean {
    if (authorId === memberId) return true;
    return r.role === 'admin' || (r.role === 'sub' && authorId !== r.community.adminId);
  }

  /** Topics (or events, or polls) newest activity first, 20 a page, none by anyone hidden from the viewer. */
  async list(viewerId: number | null, communityId: number, kind: TopicKind | null, page: number): Promise<Topic[]> {
    return (await this.page(viewerId, communityId, kind, page)).topics;
  }

  /** As `list`, with whether a next page exists (decided before the hidden are left out, so their absence never hides it). */
  async page(viewerId: number | null, communityId: number, kind: TopicKind | null, page: number): Promise<{ topics: Topic[]; more: boolean }> {
    const s = await standing(this.store, viewerId, communityId, 'posts');
    const p = Math.max(1, Math.min(page, 1000));
    const rows = await this.store.communityTopics.list(s.community.id, kind, TOPICS_PAGE_SIZE + 1, (p - 1) * TOPICS_PAGE_SIZE);
    const v = this.gate.viewer(viewerId);
    const topics = await v.shown('topic', await v.withoutHidden(rows.slice(0, TOPICS_PAGE_SIZE), (t) => t.authorId), (t) => t.id, (t) => t.authorId);
    return { topics, more: rows.length > TOPICS_PAGE_SIZE };
  }

  /** The author edits the title, text and details (a poll's choices stay as voted on). */
  async edit(memberId: number, communityId: number, topicId: number, input: TopicInput): Promise<void> {
    const r = await this.read(memberId, communityId, topicId);
    const { topic } = r;
    if (topic.authorId !== memberId) throw new DomainError('not_found');
    requireBelongs(r);
    const { choices: _, ...data } = parseTopic(topic.kind, { ...input, choices: 'a\nb' });
    await this.store.communityTopics.update(topic.id, { ...data, updatedAt: this.clock.now() });
  }

  /** The author or an administrator deletes a topic with its comments, participants and votes. */
  async delete(memberId: number, communityId: number, topicId: number): Promise<void> {
    const r = await this.locate(memberId, communityId, topicId, true);
    const { topic } = r;
    if (!this.mayRemove(r, memberId, topic.authorId)) throw new DomainError('not_found');
    await this.store.transaction(async (tx) => {
      // The topic's lock first, as commenters and joiners take it (same order: no deadlock).
      if (!(await tx.communityTopics.lock(topic.id))) throw new DomainError('not_found');
      for (const id of await tx.communityTopics.photos(topic.id)) await tx.photos.delete(id);
      await tx.communityTopics.removePhotos(topic.id);
      await tx.communityComments.deleteForTopic(topic.id);
      await tx.communityEvents.deleteForTopic(topic.id);
      await tx.communityPolls.deleteForTopic(topic.id);
      await tx.communityTopics.delete(topic.id);
    });
  }

  /** The author adds a photo to their topic (at most TOPIC_PHOTOS_MAX). */
  async addPhoto(memberId: number, communityId: number, topicId: number, bytes: Uint8Array): Promise<number> {
    const r = await this.read(memberId, communityId, topicId);
    const { topic } = r;
    if (topic.authorId !== memberId) throw new DomainError('not_found');
    requireBelongs(r);
    const tooMany = () => new DomainError('invalid_input', { photo: `写真は${TOPIC_PHOTOS_MAX}枚までです` });
    if ((await this.store.communityTopics.photos(topic.id)).length >= TOPIC_PHOTOS_MAX) throw tooMany();
    const id = await this.storePhoto(memberId, bytes);
    // Counted again with the topic locked: parallel uploads take turns, the ones past the limit are undone.
    const added = await this.store.transaction(async (tx) => {
      if (!(await tx.communityTopics.lock(topic.id)) || (await tx.communityTopics.photos(topic.id)).length >= TOPIC_PHOTOS_MAX) return false;
      await tx.communityTopics.addPhoto(topic.id, id);
      return true;
    });
    if (added) return id;
    await this.store.transaction((tx) => tx.photos.delete(id));
    throw tooMany();
  }

  photos(topicId: number): Promise<number[]> {
    return this.store.communityTopics.photos(topicId);
  }

  /** For the photo service: false when the photo is no topic's; true when the viewer may read its topic; not_found otherwise. */
  async photoReadable(viewerId: number | null, photoId: number): Promise<boolean> {
    const topicId = await this.store.communityTopics.topicOfPhoto(photoId);
    if (topicId === null) return false;
    const topic = await this.store.communityTopics.find(topicId);
    if (!topic) throw new DomainError('not_found');
    await this.read(viewerId, topic.communityId, topic.id);
    return true;
  }

  /** A community member comments; the comment gets the topic's next number (for `>>3`). */
  async comment(authorId: number, communityId: number, topicId: number, body: string): Promise<number> {
    const r = await this.read(authorId, communityId, topicId);
    requireBelongs(r);
    const text = memberText('body', 'コメント', body, 1, 1000);
    await this.spend('communityComments', authorId);
    const now = this.clock.now();
    const word = await this.screen.check(text);
    const done = await this.store.transaction(async (tx) => {
      const number = await tx.communityTopics.nextNumber(r.topic.id, now);
      if (number === null) throw new DomainError('not_found');
      const id = await tx.communityComments.insert({ topicId: r.topic.id, number, authorId, body: text, deleted: false, createdAt: now });
      await tx.communities.touch(r.community.id, now);
      return { id, number };
    });
    await this.screen.held('ccomment', done.id, word);
    return done.number;
  }

  /**
   * One page of comments (20 by number; the last page when none is asked for), without those by
   * anyone hidden from the viewer. Deleted comments keep their number and show as deleted.
   */
  async comments(viewerId: number | null, r: TopicRead, page: number | null): Promise<{ comments: CommunityComment[]; page: number; pages: number }> {
    const pages = Math.max(1, Math.ceil(r.topic.commentCount / COMMENTS_PAGE_SIZE));
    const p = page === null ? pages : Math.max(1, Math.min(page, pages));
    const list = await this.store.communityComments.range(r.topic.id, (p - 1) * COMMENTS_PAGE_SIZE + 1, p * COMMENTS_PAGE_SIZE);
    const v = this.gate.viewer(viewerId);
    return { comments: await v.shown('ccomment', await v.withoutHidden(list, (c) => c.authorId), (c) => c.id, (c) => c.authorId), page: p, pages };
  }

  /** The comment's author, or an administrator, deletes it (its number stays). */
  async deleteComment(memberId: number, communityId: number, topicId: number, commentId: number): Promise<void> {
    const r = await this.locate(memberId, communityId, topicId, true);
    const c = await this.store.communityComments.find(commentId);
    if (!c || c.topicId !== r.topic.id || c.deleted || !this.mayRemove(r, memberId, c.authorId)) throw new DomainError('not_found');
    await this.store.communityComments.markDeleted(c.id);
  }
}
