import type { Repositories, Visibility } from './ports.js';

/** How a viewer stands to a member whose content they want to read. */
export type Relation = 'self' | 'friend' | 'friend-of-friend' | 'member' | 'guest' | 'blocked';

type Graph = Pick<Repositories, 'friendships' | 'blocks'>;

/**
 * The one place that decides who stands where; every read of member content goes through it.
 * A block, either way, outranks everything: the two see nothing of each other.
 */
export async function relationTo(g: Graph, viewerId: number | null, ownerId: number): Promise<Relation> {
  if (viewerId === null) return 'guest';
  if (viewerId === ownerId) return 'self';
  if (await g.blocks.between(viewerId, ownerId)) return 'blocked';
  if (await g.friendships.areFriends(viewerId, ownerId)) return 'friend';
  if (await g.friendships.shareFriend(viewerId, ownerId)) return 'friend-of-friend';
  return 'member';
}

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
