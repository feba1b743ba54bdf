import { DomainError } from '../errors.js';
import { defaultProfile } from '../profiles/service.js';
import type { AccessGate } from '../access.js';
import type { Clock } from '../ports.js';
import type { Footprint, FootprintStore } from './ports.js';

/** Answers whether a member's point course is active now (its benefits apply). */
export type CourseCheck = (memberId: number) => Promise<boolean>;

/** Repeat visits within this window leave one footprint (its time moves forward). */
export const FOOTPRINT_COLLAPSE_MS = 10 * 60_000;
const MINUTE_MS = 60_000;

/** 足あと: who came by a member's profile and diary. */
export class FootprintService {
  constructor(
    private readonly store: FootprintStore,
    private readonly clock: Clock,
    private readonly gate: AccessGate,
    private readonly courseActive: CourseCheck = async () => false,
  ) {}

  /**
   * Records a visit (a repeat one in the minute the footprint shows changes nothing); none for
   * guests, for oneself, between blocked members, or from a point-course member who chose to
   * leave no footprint (honoured only while the course is active).
   */
  async record(visitorId: number | null, ownerId: number): Promise<void> {
    if (visitorId === null || visitorId === ownerId) return;
    const now = this.clock.now();
    const since = now - FOOTPRINT_COLLAPSE_MS;
    // Read before writing: a repeat visit in the minute its footprint already shows (the page
    // shows minutes) changes nothing, so it is not even checked further, and a first visit takes
    // no write lock for a touch that finds nothing. A footprint can only move forward, so one
    // that vanished since is left anew.
    const last = await this.store.footprints.latestSince(ownerId, visitorId, since);
    if (last !== null && Math.floor(last / MINUTE_MS) >= Math.floor(now / MINUTE_MS)) return;
    if (await this.gate.blocked(visitorId, ownerId)) return;
    if ((await this.store.profiles.hidesFootprints(visitorId)) && (await this.courseActive(visitorId))) return;
    if (last === null || !(await this.store.footprints.touchSince(ownerId, visitorId, since, now))) await this.store.footprints.insert(ownerId, visitorId, now);
  }

  /** The latest footprints on this member's pages, newest first. */
  async list(ownerId: number, limit = 30): Promise<Footprint[]> {
    return this.store.footprints.list(ownerId, limit, [...(await this.gate.hiddenFor(ownerId))]);
  }

  /** Footprints left since a moment (the top page shows today's). */
  async countSince(ownerId: number, since: number): Promise<number> {
    return this.store.footprints.countSince(ownerId, since, [...(await this.gate.hiddenFor(ownerId))]);
  }

  /** Whether this member's visits leave no footprint right now. */
  async hidden(memberId: number): Promise<{ chosen: boolean; effective: boolean }> {
    const chosen = await this.store.profiles.hidesFootprints(memberId);
    return { chosen, effective: chosen && (await this.courseActive(memberId)) };
  }

  /** Sets the preference; only a point-course member may turn it on. */
  async setHidden(memberId: number, on: boolean): Promise<void> {
    if (on && !(await this.courseActive(memberId))) throw new DomainError('course_not_active');
    const now = this.clock.now();
    await this.store.transaction(async (tx) => {
      if (!(await tx.profiles.find(memberId))) await tx.profiles.upsert(defaultProfile(memberId), now);
      await tx.profiles.setHideFootprints(memberId, on, now);
    });
  }

  now(): number {
    return this.clock.now();
  }
}
