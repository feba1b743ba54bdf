import { digest } from './crypto.js';
import type { AttemptRepository, Clock } from './ports.js';

/**
 * Counts failures per key in a sliding window (password guessing, join spam). Kept in the
 * database, so every gateway process (WORKERS) counts the same failures; keys are stored as
 * digests (no login names or addresses in clear).
 */
export class AttemptLimiter {
  constructor(
    private readonly attempts: AttemptRepository,
    private readonly clock: Clock,
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  async blocked(key: string): Promise<boolean> {
    return (await this.attempts.count(digest(key), this.clock.now() - this.windowMs)) >= this.max;
  }

  fail(key: string): Promise<void> {
    return this.attempts.add(digest(key), this.clock.now());
  }

  reset(key: string): Promise<void> {
    return this.attempts.clear(digest(key));
  }

  /** Forgets failures older than the window (housekeeping). */
  purge(): Promise<number> {
    return this.attempts.purge(this.clock.now() - this.windowMs);
  }
}
