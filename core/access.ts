import { DomainError } from './errors.js';
import type { Member, Repositories, Visibility } from './ports.js';

/** How a viewer stands to a member whose content they want to read. */
export type Relation = 'self' | 'friend' | 'friend-of-friend' | 'member' | 'guest' | 'blocked';

type Graph = Pick<Repositories, 'friendships' | 'blocks' | 'members'>;

const LEVELS: Record<Relation, readonly Visibility[]> = {
  self: ['self', 'friends', 'friends-of-friends', 'members', 'public'],
  friend: ['friends', 'friends-of-friends', 'members', 'public'],
  'friend-of-friend': ['friends-of-friends', 'members', 'public'],
  member: ['members', 'public'],
  guest: ['public'],
  blocked: [],
};

/** Visibility levels a viewer with this relation may read (deny by default). */
export function visibleLevels(r: Relation): readonly Visibility[] {
  return LEVELS[r];
}

export function canSee(r: Relation, v: Visibility): boolean {
  return LEVELS[r].includes(v);
}

/**
 * What a member's own pages (profile, friend list, diary list) need: a signed-in member with no
 * block either way. Guests never browse members by id (as on mixi: members only); a guest reads a
 * diary entry only when its author made it public, by its own link.
 */
export const MEMBER_PAGES: Visibility = 'members';

const EMPTY: ReadonlySet<number> = new Set();

/**
 * The one gate every read of member content goes through. It alone knows the block rule (a block,
 * either way, outranks everything: the two see nothing of each other, and refused looks exactly
 * like missing) and how a viewer stands to an owner. Services ask it; nothing else reads blocks.
 */
export class AccessGate {
  constructor(private readonly g: Graph) {}

  /** Members hidden from this viewer: everyone they blocked or were blocked by (one query). */
  async hiddenFor(viewerId: number | null): Promise<ReadonlySet<number>> {
    if (viewerId === null) return EMPTY;
    return new Set(await this.g.blocks.involving(viewerId));
  }

  /** True when a block stands between the two, either way. */
  async blocked(a: number, b: number): Promise<boolean> {
    return (await this.hiddenFor(a)).has(b);
  }

  /** True when `blockerId` itself blocked `otherId` (the blocker keeps a way to unblock). */
  async hasBlocked(blockerId: number, otherId: number): Promise<boolean> {
    return (await this.g.blocks.blockedBy(blockerId)).includes(otherId);
  }

  /**
   * How the viewer stands to each of these owners, in three queries however many owners: blocks,
   * friendships, shared friends (only for those not already friends).
   */
  async relations(viewerId: number | null, ownerIds: readonly number[]): Promise<Map<number, Relation>> {
    const out = new Map<number, Relation>();
    const ids = [...new Set(ownerIds)];
    if (viewerId === null) {
      for (const id of ids) out.set(id, 'guest');
      return out;
    }
    const hidden = await this.hiddenFor(viewerId);
    const others: number[] = [];
    for (const id of ids) {
      if (id === viewerId) out.set(id, 'self');
      else if (hidden.has(id)) out.set(id, 'blocked');
      else others.push(id);
    }
    const friends = new Set(others.length ? await this.g.friendships.friendsAmong(viewerId, others) : []);
    const rest = others.filter((id) => !friends.has(id));
    const fof = new Set(rest.length ? await this.g.friendships.sharingFriendAmong(viewerId, rest) : []);
    for (const id of others) out.set(id, friends.has(id) ? 'friend' : fof.has(id) ? 'friend-of-friend' : 'member');
    return out;
  }

  async relation(viewerId: number | null, ownerId: number): Promise<Relation> {
    return (await this.relations(viewerId, [ownerId])).get(ownerId)!;
  }

  /** The viewer's relation when it may read content of `level` by this owner; not_found otherwise. */
  async require(viewerId: number | null, ownerId: number, level: Visibility): Promise<Relation> {
    const r = await this.relation(viewerId, ownerId);
    if (!canSee(r, level)) throw new DomainError('not_found');
    return r;
  }

  /**
   * An active member whose own pages the viewer may open (see MEMBER_PAGES), with the relation;
   * not_found for a missing, inactive, blocked (either way) member, or for a guest.
   */
  async owner(viewerId: number | null, ownerId: number): Promise<{ member: Member; relation: Relation }> {
    const m = Number.isSafeInteger(ownerId) ? await this.g.members.findById(ownerId) : null;
    if (!m || m.status !== 'active') throw new DomainError('not_found');
    const relation = await this.require(viewerId, m.id, MEMBER_PAGES);
    const { passwordHash: _, ...member } = m;
    return { member, relation };
  }

  /**
   * Another active member this one may address (friend request, message, bookmark): not oneself,
   * no block either way. Refused looks like missing.
   */
  async contact(viewerId: number, otherId: number): Promise<Member> {
    if (otherId === viewerId) throw new DomainError('not_found');
    return (await this.owner(viewerId, otherId)).member;
  }

  /** Items whose owner the viewer may read at the item's visibility (one relations lookup). */
  async filterVisible<T>(viewerId: number | null, items: readonly T[], ownerOf: (t: T) => number, visibilityOf: (t: T) => Visibility): Promise<T[]> {
    const rel = await this.relations(viewerId, items.map(ownerOf));
    return items.filter((t) => canSee(rel.get(ownerOf(t))!, visibilityOf(t)));
  }

  /** Items that name no member hidden from the viewer (every member each item shows). */
  async withoutHidden<T>(viewerId: number | null, items: readonly T[], membersOf: (t: T) => number | readonly number[]): Promise<T[]> {
    const hidden = await this.hiddenFor(viewerId);
    if (hidden.size === 0) return [...items];
    return items.filter((t) => {
      const m = membersOf(t);
      return typeof m === 'number' ? !hidden.has(m) : !m.some((id) => hidden.has(id));
    });
  }

  /**
   * Nicknames of active members the viewer may see named, for lists. Anyone hidden from the viewer
   * is simply absent, so a list that forgot to filter still never shows a hidden member's name.
   */
  async names(viewerId: number | null, ids: readonly number[]): Promise<Map<number, string>> {
    const hidden = await this.hiddenFor(viewerId);
    const wanted = [...new Set(ids)].filter((id) => !hidden.has(id));
    if (wanted.length === 0) return new Map();
    const rows = await this.g.members.findMany(wanted);
    return new Map(rows.filter((m) => m.status === 'active').map((m) => [m.id, m.nickname]));
  }
}
