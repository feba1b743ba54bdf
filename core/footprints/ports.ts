/** What the footprints feature needs from the outside world; db/ implements it. */
import type { UnitOfWork } from '../ports.js';
import type { ProfileRepository } from '../profiles/ports.js';

export interface Footprint {
  visitorId: number;
  visitedAt: number;
}

export interface FootprintRepository {
  insert(ownerId: number, visitorId: number, at: number): Promise<void>;
  /** When the visitor's footprint left after `since` on the owner's pages was last moved; null when there is none. */
  latestSince(ownerId: number, visitorId: number, since: number): Promise<number | null>;
  /** Moves the visitor's footprint left after `since` on the owner's pages to `at`; false when there is none. */
  touchSince(ownerId: number, visitorId: number, since: number, at: number): Promise<boolean>;
  /** Newest first, leaving out visitors in `hidden`. */
  list(ownerId: number, limit: number, hidden: readonly number[]): Promise<Footprint[]>;
  countSince(ownerId: number, since: number, hidden: readonly number[]): Promise<number>;
}

/** FootprintService's slice of the store. */
export interface FootprintStore extends UnitOfWork<{ profiles: ProfileRepository }> {
  footprints: FootprintRepository;
  profiles: ProfileRepository;
}
