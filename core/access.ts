import { DomainError } from './errors.js';
import type { Member, MemberRecord, MemberRepository } from './members/ports.js';
import type { BlockRepository, FriendshipRepository } from './friends/ports.js';
import type { Visibility } from './diary/ports.js';
import type { ContentKind, HiddenContentRepository } from './staff/ports.js';

/** How a viewer stands to a member whose content they want to read. */
export type Relation = 'self' | 'friend' | 'friend-of-friend' | 'member' | 'guest' | 'blocked';

type Graph = { friendships: FriendshipRepository; blocks: BlockRepository; members: MemberRepository; hiddenContent?: Pick<HiddenContentRepository, 'hiddenAmong'> };

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

/** A signed-in viewer whose `blocks` counter (core/ports.ts: MemberVersions) the request read with its session. */
export interface KnownViewer {
  viewerId: number;
  blocks: number;
}

/**
 * Members' hidden sets as last read, each under the `blocks` counter its request read before
 * reading it (the database bumps the counter, in the writer's own transaction, with every block or
 * unblock naming the member, either way: migration 0035). So a set is never older than the counter
 * it is filed under, and a block written by any process is seen at the member's next request.
 * Per process, bounded: the longest-filed go first.
 */
export class KeptHiddenSets {
  private readonly sets = new Map<number, { version: number; set: ReadonlySet<number> }>();

  constructor(private readonly max = 20_000) {}

  get(memberId: number, version: number): ReadonlySet<number> | null {
    const e = this.sets.get(memberId);
    return e !== undefined && e.version === version ? e.set : null;
  }

  put(memberId: number, version: number, set: ReadonlySet<number>): void {
    this.sets.delete(memberId);
    this.sets.set(memberId, { version, set });
    if (this.sets.size > this.max) this.sets.delete(this.sets.keys().next().value as number);
  }
}

/**
 * One viewer's standing, for one service call, or for one request's reads when the gate is scoped
 * (AccessGate.scoped): the hidden set is read once (lazily) and serves every relation, filter and
 * name lookup; relations, members opened as owners and staff take-downs are read once per id.
 * Made fresh per call or per request, so never older than what it serves.
 */
export class ViewerAccess {
  private hiddenSet: Promise<ReadonlySet<number>> | null = null;
  private readonly known = new Map<number, Relation>();
  private readonly owners = new Map<number, Promise<MemberRecord | null>>();
  private readonly takenDown = new Map<ContentKind, Map<number, 'staff' | 'held' | null>>();

  constructor(
    private readonly g: Graph,
    readonly viewerId: number | null,
    /** The viewer's `blocks` counter as this request read it, and the sets kept under such counters. */
    private readonly kept?: { sets: KeptHiddenSets; version: number },
  ) {}

  /**
   * Members hidden from this viewer: everyone they blocked or were blocked by (one query, or none
   * when the set kept under the viewer's `blocks` counter, read by this request, is still current).
   */
  hidden(): Promise<ReadonlySet<number>> {
    if (this.hiddenSet) return this.hiddenSet;
    const id = this.viewerId;
    if (id === null) return (this.hiddenSet = Promise.resolve(EMPTY));
    const k = this.kept;
    const have = k?.sets.get(id, k.version);
    if (have) return (this.hiddenSet = Promise.resolve(have));
    return (this.hiddenSet = this.g.blocks.involving(id).then((ids) => {
      const set: ReadonlySet<number> = new Set(ids);
      k?.sets.put(id, k.version, set);
      return set;
    }));
  }

  /**
   * How the viewer stands to each of these owners, in at most three queries however many owners:
   * blocks, friendships, shared friends (only for those not already friends).
   */
  async relations(ownerIds: readonly number[]): Promise<Map<number, Relation>> {
    const viewerId = this.viewerId;
    const out = new Map<number, Relation>();
    const ids = [...new Set(ownerIds)];
    if (viewerId === null) {
      for (const id of ids) out.set(id, 'guest');
      return out;
    }
    const hidden = await this.hidden();
    const others: number[] = [];
    for (const id of ids) {
      const known = this.known.get(id);
      if (id === viewerId) out.set(id, 'self');
      else if (hidden.has(id)) out.set(id, 'blocked');
      else if (known) out.set(id, known);
      else others.push(id);
    }
    if (others.length === 0) return out;
    const friends = new Set(await this.g.friendships.friendsAmong(viewerId, others));
    const rest = others.filter((id) => !friends.has(id));
    const fof = new Set(rest.length ? await this.g.friendships.sharingFriendAmong(viewerId, rest) : []);
    for (const id of others) {
      const r: Relation = friends.has(id) ? 'friend' : fof.has(id) ? 'friend-of-friend' : 'member';
      out.set(id, r);
      this.known.set(id, r);
    }
    return out;
  }

  async relation(ownerId: number): Promise<Relation> {
    return (await this.relations([ownerId])).get(ownerId)!;
  }

  /** The viewer's relation when it may read content of `level` by this owner; not_found otherwise. */
  async require(ownerId: number, level: Visibility): Promise<Relation> {
    const r = await this.relation(ownerId);
    if (!canSee(r, level)) throw new DomainError('not_found');
    return r;
  }

  /**
   * An active member whose own pages the viewer may open (see MEMBER_PAGES), with the relation;
   * not_found for a missing, inactive, blocked (either way) member, or for a guest.
   */
  async owner(ownerId: number): Promise<{ member: Member; relation: Relation }> {
    if (!Number.isSafeInteger(ownerId)) throw new DomainError('not_found');
    let found = this.owners.get(ownerId);
    if (!found) this.owners.set(ownerId, (found = this.g.members.findById(ownerId)));
    const m = await found;
    if (!m || m.status !== 'active') throw new DomainError('not_found');
    const relation = await this.require(m.id, MEMBER_PAGES);
    const { passwordHash: _, ...member } = m;
    return { member, relation };
  }

  /** Items whose owner the viewer may read at the item's visibility (one relations lookup). */
  async filterVisible<T>(items: readonly T[], ownerOf: (t: T) => number, visibilityOf: (t: T) => Visibility): Promise<T[]> {
    const rel = await this.relations(items.map(ownerOf));
    return items.filter((t) => canSee(rel.get(ownerOf(t))!, visibilityOf(t)));
  }

  /** Items that name no member hidden from the viewer (every member each item shows). */
  async withoutHidden<T>(items: readonly T[], membersOf: (t: T) => number | readonly number[]): Promise<T[]> {
    const hidden = await this.hidden();
    if (hidden.size === 0) return [...items];
    return items.filter((t) => {
      const m = membersOf(t);
      return typeof m === 'number' ? !hidden.has(m) : !m.some((id) => hidden.has(id));
    });
  }

  /**
   * Items not taken down by staff (core/staff): hidden content vanishes for everyone, its author
   * included; content held for review by an NG word is shown to its author only (one query).
   */
  async shown<T>(kind: ContentKind, items: readonly T[], idOf: (t: T) => number, authorOf: (t: T) => number): Promise<T[]> {
    if (items.length === 0 || !this.g.hiddenContent) return [...items];
    let known = this.takenDown.get(kind);
    if (!known) this.takenDown.set(kind, (known = new Map()));
    const unknown = [...new Set(items.map(idOf))].filter((id) => !known.has(id));
    if (unknown.length) {
      const found = await this.g.hiddenContent.hiddenAmong(kind, unknown);
      for (const id of unknown) known.set(id, found.get(id) ?? null);
    }
    return items.filter((t) => {
      const why = known.get(idOf(t));
      return !why || (why === 'held' && authorOf(t) === this.viewerId);
    });
  }

  /** One item as `shown` judges it; not_found (like missing) when it is taken down for this viewer. */
  async requireShown(kind: ContentKind, id: number, authorId: number): Promise<void> {
    if ((await this.shown(kind, [id], (x) => x, () => authorId)).length === 0) throw new DomainError('not_found');
  }

  /**
   * Nicknames of active members the viewer may see named, for lists. Anyone hidden from the viewer
   * is simply absent, so a list that forgot to filter still never shows a hidden member's name.
   */
  async names(ids: readonly number[]): Promise<Map<number, string>> {
    const hidden = await this.hidden();
    const wanted = [...new Set(ids)].filter((id) => !hidden.has(id));
    if (wanted.length === 0) return new Map();
    const rows = await this.g.members.namesOf(wanted);
    return new Map(rows.filter((m) => m.status === 'active').map((m) => [m.id, m.nickname]));
  }

  /**
   * How many of a member's friends this viewer would see named (as `names` would keep them:
   * active, not hidden from the viewer), counted by the database without reading them.
   */
  async friendsShownCount(memberId: number): Promise<number> {
    return this.g.friendships.countActiveFriends(memberId, [...(await this.hidden())]);
  }
}

/**
 * The one gate every read of member content goes through. It alone knows the block rule (a block,
 * either way, outranks everything: the two see nothing of each other, and refused looks exactly
 * like missing) and how a viewer stands to an owner. Services ask it; nothing else reads blocks.
 * Each method below is one call's worth; a service making several asks `viewer()` once.
 */
export class AccessGate {
  constructor(
    protected readonly g: Graph,
    /** Signed-in viewers' hidden sets, kept for request gates told the viewer's counter (see scoped). */
    protected readonly keptHidden = new KeptHiddenSets(),
  ) {}

  /** One viewer's standing for one service call (the hidden set read at most once). */
  viewer(viewerId: number | null): ViewerAccess {
    return new ViewerAccess(this.g, viewerId);
  }

  /**
   * The gate for one request's reads: each viewer's standing is made once and serves every
   * service call of the request (see ViewerAccess), so a page asking several services reads the
   * viewer's blocks, relations and take-downs once, not once per call. Only for requests whose
   * reads no write of their own precedes (pages): a write to what the gate reads (a block, a
   * friendship, a staff hide) would not be seen by a scope made before it. `known`: the signed-in
   * viewer and the `blocks` counter read with the session; that viewer's hidden set then comes from
   * the sets kept under it when current (KeptHiddenSets), and is filed there when read.
   */
  scoped(known?: KnownViewer): AccessGate {
    return new RequestGate(this.g, this.keptHidden, known);
  }

  hiddenFor(viewerId: number | null): Promise<ReadonlySet<number>> {
    return this.viewer(viewerId).hidden();
  }

  /** True when a block stands between the two, either way. */
  async blocked(a: number, b: number): Promise<boolean> {
    return (await this.hiddenFor(a)).has(b);
  }

  /** Whom this member blocked, for their own list (where they unblock). */
  blockedBy(blockerId: number): Promise<number[]> {
    return this.g.blocks.blockedBy(blockerId);
  }

  relations(viewerId: number | null, ownerIds: readonly number[]): Promise<Map<number, Relation>> {
    return this.viewer(viewerId).relations(ownerIds);
  }

  relation(viewerId: number | null, ownerId: number): Promise<Relation> {
    return this.viewer(viewerId).relation(ownerId);
  }

  require(viewerId: number | null, ownerId: number, level: Visibility): Promise<Relation> {
    return this.viewer(viewerId).require(ownerId, level);
  }

  owner(viewerId: number | null, ownerId: number): Promise<{ member: Member; relation: Relation }> {
    return this.viewer(viewerId).owner(ownerId);
  }

  /**
   * Another active member this one may address (friend request, message, bookmark): not oneself,
   * no block either way. Refused looks like missing.
   */
  async contact(viewerId: number, otherId: number): Promise<Member> {
    if (otherId === viewerId) throw new DomainError('not_found');
    return (await this.owner(viewerId, otherId)).member;
  }

  filterVisible<T>(viewerId: number | null, items: readonly T[], ownerOf: (t: T) => number, visibilityOf: (t: T) => Visibility): Promise<T[]> {
    return this.viewer(viewerId).filterVisible(items, ownerOf, visibilityOf);
  }

  withoutHidden<T>(viewerId: number | null, items: readonly T[], membersOf: (t: T) => number | readonly number[]): Promise<T[]> {
    return this.viewer(viewerId).withoutHidden(items, membersOf);
  }

  names(viewerId: number | null, ids: readonly number[]): Promise<Map<number, string>> {
    return this.viewer(viewerId).names(ids);
  }

  shown<T>(viewerId: number | null, kind: ContentKind, items: readonly T[], idOf: (t: T) => number, authorOf: (t: T) => number): Promise<T[]> {
    return this.viewer(viewerId).shown(kind, items, idOf, authorOf);
  }

  requireShown(viewerId: number | null, kind: ContentKind, id: number, authorId: number): Promise<void> {
    return this.viewer(viewerId).requireShown(kind, id, authorId);
  }
}

/** See AccessGate.scoped. */
class RequestGate extends AccessGate {
  private readonly viewers = new Map<number | null, ViewerAccess>();

  constructor(
    g: Graph,
    keptHidden: KeptHiddenSets,
    private readonly known: KnownViewer | undefined,
  ) {
    super(g, keptHidden);
  }

  override viewer(viewerId: number | null): ViewerAccess {
    let v = this.viewers.get(viewerId);
    if (!v) {
      const k = this.known;
      v = new ViewerAccess(this.g, viewerId, k !== undefined && k.viewerId === viewerId ? { sets: this.keptHidden, version: k.blocks } : undefined);
      this.viewers.set(viewerId, v);
    }
    return v;
  }

  override scoped(): AccessGate {
    return this;
  }
}

/**
 * Per service object: how its request views are made (see throughGate). One constructor per
 * service, so every view of it has the same shape, and a view is made at the cost of a plain
 * object, not of an object built property by property (Object.create with descriptors: a tenth
 * of a signed-in page's own code in a profile).
 */
type ViewMaker = new (gate: AccessGate, made: Map<object, object>) => object;
const viewMakers = new WeakMap<object, ViewMaker>();

function viewMakerOf(service: object): ViewMaker {
  let maker = viewMakers.get(service);
  if (maker) return maker;
  const fields = Object.keys(service).filter((k) => k !== 'gate' && asksGate((service as Record<string, unknown>)[k]));
  maker = class {
    constructor(gate: AccessGate, made: Map<object, object>) {
      made.set(service, this);
      const self = this as unknown as Record<string, unknown>;
      self.gate = gate;
      for (const k of fields) self[k] = throughGate((service as Record<string, unknown>)[k], gate, made);
    }
  };
  Object.setPrototypeOf(maker.prototype, service);
  viewMakers.set(service, maker);
  return maker;
}

function asksGate(o: unknown): o is { gate: AccessGate } {
  return typeof o === 'object' && o !== null && (o as { gate?: unknown }).gate instanceof AccessGate;
}

/**
 * A service as one request sees it: the same object (its store, clock, caches: all shared through
 * the prototype) but asking `gate` (AccessGate.scoped) for every read, and so do the services it
 * was given (a diary entry's comments are listed after the entry is read again through the diary
 * service). Services keep their gate in a field named `gate` and never assign fields outside their
 * constructor (checked by test/request-gate.test.ts); anything else is returned as it is.
 */
export function throughGate<T>(service: T, gate: AccessGate, made = new Map<object, object>()): T {
  if (!asksGate(service)) return service;
  const done = made.get(service);
  if (done) return done as T;
  const Maker = viewMakerOf(service);
  return new Maker(gate, made) as T;
}

/** Who may read a community's topics (see core/communities/ports.ts: CommunityReaders). */
export type CommunityReadersLevel = 'everyone' | 'members' | 'community';
/** The viewer's row in the community, if any (`banned`: shut out of everything the community holds). */
export type CommunityStanding = 'admin' | 'sub' | 'member' | 'pending' | 'banned' | null;

/**
 * The community rule, next to the member rule: a closed community and anything of a community
 * that banned the viewer look missing; its front page (name, description, how to join) is for
 * signed-in members, and for guests when its topics are open to everyone; its topics, events,
 * polls and comments follow `readers`. Blocks between members apply on top, per author, through
 * `ViewerAccess.withoutHidden` / `names` (a blocked author's posts and name are simply absent).
 */
export function mayReadCommunity(
  viewerId: number | null,
  c: { status: string; readers: CommunityReadersLevel },
  standing: CommunityStanding,
  part: 'front' | 'posts',
): boolean {
  if (c.status !== 'open' || standing === 'banned') return false;
  if (viewerId === null) return c.readers === 'everyone';
  if (part === 'front' || c.readers !== 'community') return true;
  return standing === 'admin' || standing === 'sub' || standing === 'member';
}

/** Readers levels whose communities a viewer may find in lists (guests: only those open to everyone). */
export function listableReaders(viewerId: number | null): readonly CommunityReadersLevel[] {
  return viewerId === null ? ['everyone'] : ['everyone', 'members', 'community'];
}
