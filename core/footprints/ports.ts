/** What the footprints feature needs from the outside world; db/ implements it. */
import type { UnitOfWork } from '../ports.js';
import type { ProfileRepository } from '../profiles/ports.js';

export interface Footprint {
  visitorId: number;
  visitedAt: number;
}

export interface FootprintRepository {
  /** The visitor's latest footprint on the owner's pages, if any. */
  latest(ownerId: number, visitorId: number): Promise<{ id: number; visitedAt: number } | null>;
  insert(ownerId: number, visitorId: number, at: number): Promise<void>;
  touch(id: number, at: number): Promise<void>;
  /** Newest first, leaving out visitors in `hidden`. */
  list(ownerId: number, limit: number, hidden: readonly number[]): Promise<Footprint[]>;
  countSince(ownerId: number, since: number, hidden: readonly number[]): Promise<number>;
}

/** FootprintService's slice of the store. */
export interface FootprintStore extends UnitOfWork<{ profiles: ProfileRepository }> {
  footprints: FootprintRepository;
  profiles: ProfileRepository;
}
