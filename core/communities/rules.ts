import { DomainError } from '../errors.js';
import { mayReadCommunity } from '../access.js';
import { MEMBER_ROLES, type Community, type CommunityRepository, type CommunityMemberRepository, type CommunityRole } from './ports.js';

/** A community as one viewer stands to it. */
export interface Standing {
  community: Community;
  /** The viewer's row (null: none, or a guest). */
  role: CommunityRole | null;
}

type Reads = { communities: CommunityRepository; communityMembers: CommunityMemberRepository };

/**
 * The community and the viewer's role, when the access rule lets the viewer see `part` of it;
 * not_found otherwise (missing, closed, banned and refused all look the same).
 */
export async function standing(store: Reads, viewerId: number | null, communityId: number, part: 'front' | 'posts'): Promise<Standing> {
  const community = Number.isSafeInteger(communityId) ? await store.communities.find(communityId) : null;
  if (!community) throw new DomainError('not_found');
  const role = viewerId === null ? null : await store.communityMembers.role(community.id, viewerId);
  if (!mayReadCommunity(viewerId, community, role, part)) throw new DomainError('not_found');
  return { community, role };
}

export function belongs(role: CommunityRole | null): boolean {
  return role !== null && MEMBER_ROLES.includes(role);
}

/** Administrators: the admin and the sub-admins. */
export function manages(role: CommunityRole | null): boolean {
  return role === 'admin' || role === 'sub';
}

/** Only members of the community write in it (reading may be wider). */
export function requireBelongs(s: Standing): void {
  if (!belongs(s.role)) throw new DomainError('forbidden');
}
