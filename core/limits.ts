import type { Clock } from './ports.js';

/**
 * Counts failures per key in a sliding window (password guessing, join spam). In memory:
 * per process, which is enough for one machine; a cluster would back it with the database.
 */
export class AttemptLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(
    private readonly clock: Clock,
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  blocked(key: string): boolean {
    return this.recent(key).length >= this.max;
  }

  fail(key: string): void {
    const list = this.recent(key);
    list.push(this.clock.now());
    this.hits.set(key, list);
    if (this.hits.size > 100_000) this.sweep();
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.clock.now() - this.windowMs;
    return (this.hits.get(key) ?? []).filter((t) => t > since);
  }

  private sweep(): void {
    for (const k of [...this.hits.keys()]) if (this.recent(k).length === 0) this.hits.delete(k);
  }
}
