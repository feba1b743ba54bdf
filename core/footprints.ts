import type { Clock, Footprint, Store } from './ports.js';

/** Repeat visits within this window leave one footprint (its time moves forward). */
export const FOOTPRINT_COLLAPSE_MS = 10 * 60_000;

/** 足あと: who came by a member's profile and diary. */
export class FootprintService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Records a visit; none for guests, for oneself, or between blocked members. */
  async record(visitorId: number | null, ownerId: number): Promise<void> {
    if (visitorId === null || visitorId === ownerId) return;
    if (await this.store.blocks.between(visitorId, ownerId)) return;
    const now = this.clock.now();
    const last = await this.store.footprints.latest(ownerId, visitorId);
    if (last && now - last.visitedAt < FOOTPRINT_COLLAPSE_MS) await this.store.footprints.touch(last.id, now);
    else await this.store.footprints.insert(ownerId, visitorId, now);
  }

  /** The latest footprints on this member's pages, newest first. */
  async list(ownerId: number, limit = 30): Promise<Footprint[]> {
    return this.store.footprints.list(ownerId, limit, await this.store.blocks.involving(ownerId));
  }

  /** Footprints left since a moment (the top page shows today's). */
  async countSince(ownerId: number, since: number): Promise<number> {
    return this.store.footprints.countSince(ownerId, since, await this.store.blocks.involving(ownerId));
  }

  now(): number {
    return this.clock.now();
  }
}
