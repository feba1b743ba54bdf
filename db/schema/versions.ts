/** Row types: per-member version counters, bumped by the database's triggers (migration 0027). */

export interface MemberVersionsTable {
  member_id: number;
  v: number;
  /** Friends' echoes only (migration 0031). */
  ev: number;
  /** Friends whose status is 'active', kept by triggers (migration 0034). */
  active_friends: number;
  /** Blocks naming the member, either way (migration 0035). */
  bv: number;
}
