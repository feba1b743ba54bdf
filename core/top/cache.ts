interface Entry<T> {
  version: string;
  computedAt: number;
  expiresAt: number;
  value: T;
}

/**
 * What one member sees, computed once per version of that member (see MemberVersionRepository:
 * the database bumps it in the writer's own transaction, so a write by anyone, in any process,
 * is seen on the next request) and per stretch of time (`expiresAt`: where the value depends on
 * the clock, e.g. "today" or "the last three days"). The caller reads the version before
 * computing, so a write racing the computation leaves a value filed under the older version,
 * never a newer one; null (no version) computes every time.
 * Bounded: the least recently used members are forgotten first. Per process, holding only that
 * member's own view (never shared between members).
 */
export class VersionedCache<T> {
  private readonly entries = new Map<number, Entry<T>>();

  constructor(private readonly max = 5_000) {}

  async get(memberId: number, version: string | null, now: number, compute: () => Promise<{ value: T; expiresAt: number }>): Promise<T> {
    const e = this.entries.get(memberId);
    if (e && version !== null && e.version === version && now >= e.computedAt && now < e.expiresAt) {
      this.entries.delete(memberId);
      this.entries.set(memberId, e);
      return e.value;
    }
    const { value, expiresAt } = await compute();
    if (version === null) return value;
    this.entries.delete(memberId);
    this.entries.set(memberId, { version, computedAt: now, expiresAt, value });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as number);
    return value;
  }

  /**
   * Write-through: the member's kept value, filed under `from`, becomes `update(value)` under `to`
   * (the caller knows the one write between the two versions and what it changes); nothing when
   * the value kept is not exactly at `from` (something else changed: the next view computes), or
   * when `update` cannot tell (returns null).
   */
  advance(memberId: number, from: string, to: string, update: (value: T) => T | null): boolean {
    const e = this.entries.get(memberId);
    if (!e || e.version !== from) return false;
    const value = update(e.value);
    if (value === null) return false;
    this.entries.set(memberId, { ...e, version: to, value });
    return true;
  }
}
