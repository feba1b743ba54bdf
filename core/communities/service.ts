import { z } from 'zod';
import { DomainError } from '../errors.js';
import { listableReaders, type AccessGate } from '../access.js';
import { LIMITS, type AttemptLimiter } from '../limits.js';
import type { Clock } from '../ports.js';
import { charLength, cleanText } from '../text.js';
import { parseOrInvalid, textField } from '../validate.js';
import { CATEGORIES, COMMUNITY_READERS, JOIN_POLICIES, MEMBER_ROLES, type Category, type Community, type CommunityStore, type Topic } from './ports.js';
import { standing, type Standing } from './rules.js';

export const COMMUNITY_NAME_MAX = 50;
export const COMMUNITY_PAGE_SIZE = 20;

const communityInput = z.object({
  name: textField('コミュニティ名', 1, COMMUNITY_NAME_MAX, false),
  category: z.enum(CATEGORIES, { message: 'カテゴリを選んでください' }),
  description: textField('説明', 1, 2000),
  joinPolicy: z.enum(JOIN_POLICIES, { message: '参加方法を選んでください' }),
  readers: z.enum(COMMUNITY_READERS, { message: 'トピックの公開範囲を選んでください' }),
});

/** As a front received it: nothing is trusted until parsed. */
export interface CommunityInput {
  name: string;
  category: string;
  description: string;
  joinPolicy: string;
  readers: string;
}

/** What finding communities asks: a keyword and/or a category, an order, a page. */
export interface CommunityQuery {
  keyword?: string;
  category?: string;
  order?: 'members' | 'activity';
  page?: number;
}

/** A community's newest topic, as the top page lists them. */
export interface NewPost {
  community: Community;
  topic: Topic;
}

/** Communities: creating, editing, closing; finding them; the top page's new posts. */
export class CommunityService {
  constructor(
    private readonly store: CommunityStore,
    private readonly clock: Clock,
    private readonly gate: AccessGate,
    private readonly limiter: AttemptLimiter,
    /** Decodes and stores an uploaded photo (PhotoService.addAttached: its budget and rules). */
    private readonly storePhoto: (memberId: number, bytes: Uint8Array) => Promise<number> = async () => {
      throw new DomainError('not_found');
    },
  ) {}

  async create(memberId: number, input: CommunityInput): Promise<number> {
    const data = parseOrInvalid(communityInput, input);
    if (!(await this.limiter.reserve([{ key: `community:create:${memberId}`, ...LIMITS.communitiesMade }]))) throw new DomainError('rate_limited');
    const now = this.clock.now();
    return this.store.transaction(async (tx) => {
      const id = await tx.communities.insert({ adminId: memberId, ...data, photoId: null, status: 'open', memberCount: 1, lastActivityAt: now, createdAt: now });
      await tx.communityMembers.add({ communityId: id, memberId, role: 'admin', joinedAt: now });
      return id;
    });
  }

  /** The community's front page as this viewer may see it. */
  view(viewerId: number | null, communityId: number): Promise<Standing> {
    return standing(this.store, viewerId, communityId, 'front');
  }

  /** The administrator edits name, category, description, join policy and readers. */
  async edit(memberId: number, communityId: number, input: CommunityInput): Promise<void> {
    const s = await this.view(memberId, communityId);
    if (s.role !== 'admin') throw new DomainError('not_found');
    await this.store.communities.update(s.community.id, parseOrInvalid(communityInput, input));
  }

  /** The administrator sets (or replaces) the community's image. */
  async setImage(memberId: number, communityId: number, bytes: Uint8Array): Promise<void> {
    const s = await this.view(memberId, communityId);
    if (s.role !== 'admin') throw new DomainError('not_found');
    const id = await this.storePhoto(memberId, bytes);
    await this.store.transaction(async (tx) => {
      await tx.communities.setPhoto(s.community.id, id);
      if (s.community.photoId !== null) await tx.photos.delete(s.community.photoId);
    });
  }

  /** For the photo service: false when the photo is no community's image; true when the viewer may see that community; not_found otherwise. */
  async photoReadable(viewerId: number | null, photoId: number): Promise<boolean> {
    const id = await this.store.communities.ofPhoto(photoId);
    if (id === null) return false;
    await this.view(viewerId, id);
    return true;
  }

  /** The administrator closes the community: it is gone from every page and list. */
  async close(memberId: number, communityId: number): Promise<void> {
    const s = await this.view(memberId, communityId);
    if (s.role !== 'admin') throw new DomainError('not_found');
    await this.store.communities.setStatus(s.community.id, 'closed');
  }

  /** Ids of communities that banned this viewer: they never show to them. */
  private async bannedFrom(viewerId: number | null): Promise<number[]> {
    return viewerId === null ? [] : (await this.store.communityMembers.ofMember(viewerId, ['banned'], 1000)).map((m) => m.communityId);
  }

  /** Search by keyword and category, or the ranking (by members, by recent activity), 20 a page. */
  async find(viewerId: number | null, q: CommunityQuery): Promise<Community[]> {
    const keyword = cleanText(q.keyword ?? '');
    if (charLength(keyword) > 50) return [];
    const category = (CATEGORIES as readonly string[]).includes(q.category ?? '') ? (q.category as Category) : null;
    const page = Math.max(1, Math.min(q.page ?? 1, 500));
    return this.store.communities.search({
      keyword: keyword || null,
      category,
      readers: listableReaders(viewerId),
      excluding: await this.bannedFrom(viewerId),
      order: q.order ?? 'members',
      limit: COMMUNITY_PAGE_SIZE,
      offset: (page - 1) * COMMUNITY_PAGE_SIZE,
    });
  }

  /** Communities the viewer's マイミク joined (never a hidden friend's), with how many of them. */
  async friendsJoined(viewerId: number): Promise<{ community: Community; friends: number }[]> {
    const v = this.gate.viewer(viewerId);
    const friends = await v.withoutHidden(await this.store.friendships.friendsOf(viewerId), (id) => id);
    const counts = await this.store.communityMembers.joinedBy(friends, 30);
    const banned = new Set(await this.bannedFrom(viewerId));
    const byId = new Map((await this.store.communities.findMany(counts.map((c) => c.communityId))).map((c) => [c.id, c]));
    return counts
      .map((c) => ({ community: byId.get(c.communityId)!, friends: c.count }))
      .filter((x) => x.community && x.community.status === 'open' && !banned.has(x.community.id));
  }

  /** A member's communities, for their profile (members only, no block either way). */
  async ofMember(viewerId: number, ownerId: number): Promise<{ owner: { id: number; nickname: string }; communities: Community[] }> {
    const { member } = await this.gate.owner(viewerId, ownerId);
    const rows = await this.store.communityMembers.ofMember(member.id, MEMBER_ROLES, 100);
    const banned = new Set(await this.bannedFrom(viewerId));
    const found = await this.store.communities.findMany(rows.map((r) => r.communityId));
    const byId = new Map(found.map((c) => [c.id, c]));
    const list = rows.map((r) => byId.get(r.communityId)).filter((c): c is Community => !!c && c.status === 'open' && !banned.has(c.id));
    return { owner: { id: member.id, nickname: member.nickname }, communities: list };
  }

  /**
   * New posts in the member's communities for the top page: each community's newest topic, the
   * most recently active communities first, in one indexed query (then the names of the shown
   * communities). A community whose newest topic is by someone hidden from the member, or taken
   * down by staff, is left out. (The top page keeps this for a while, under the member's version:
   * see TopService.kept; a take-down bumps every member of the topic's community, migration 0035.)
   */
  async newPosts(memberId: number, limit = 5): Promise<NewPost[]> {
    const v = this.gate.viewer(memberId);
    const hidden = await v.hidden();
    // A few more than `limit`: as many as the member's blocks might leave out.
    const visible = await v.withoutHidden(await this.store.communityTopics.newestOfMember(memberId, limit + Math.min(hidden.size, 20)), (t) => t.authorId);
    const byId = new Map((await this.store.communities.findMany(visible.map((t) => t.communityId))).map((c) => [c.id, c]));
    const open = visible.filter((t) => byId.get(t.communityId)?.status === 'open').map((topic) => ({ community: byId.get(topic.communityId)!, topic }));
    // A topic staff took down is left out too (core/staff: hidden through the gate).
    return (await v.shown('topic', open, (p) => p.topic.id, (p) => p.topic.authorId)).slice(0, limit);
  }
}
