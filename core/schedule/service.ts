import type { Clock } from '../ports.js';
import type { LeaseRepository } from './ports.js';

/** The lease every gateway process competes for; its holder runs the schedule (housekeeping, billing runs). */
export const SCHEDULE_LEASE = 'schedule';

/**
 * One schedule runner among any number of gateway processes and machines, elected through the
 * database: a lease row with an expiry. Every process renews (or tries to take) it a few times a
 * lease's length; the holder runs the jobs; when it dies its lease runs out and the next process
 * to try takes it over. A process runs jobs only while it is sure it still holds the lease: up to
 * a third of the length before the expiry it wrote, so a holder that cannot reach the database
 * stops before anyone else may start. The clocks of the machines must agree to well within that.
 */
export class ScheduleLease {
  private heldUntil = 0;

  constructor(
    private readonly leases: LeaseRepository,
    private readonly clock: Clock,
    readonly holder: string,
    readonly lengthMs: number,
    private readonly name = SCHEDULE_LEASE,
  ) {}

  /** Takes or renews the lease; 'taken' the first time, 'kept' after, 'lost'/'other' when another has it. */
  async renew(): Promise<'taken' | 'kept' | 'lost' | 'other'> {
    const had = this.heldUntil > 0; // it believed it held the lease (even if that ran out meanwhile)
    const now = this.clock.now();
    let ok = false;
    try {
      ok = await this.leases.take(this.name, this.holder, now, now + this.lengthMs);
    } catch {
      ok = false; // the database did not answer (or another node won the row): not ours this round
    }
    if (ok) this.heldUntil = now + this.lengthMs;
    else this.heldUntil = 0;
    return ok ? (had ? 'kept' : 'taken') : had ? 'lost' : 'other';
  }

  /** True while this process may run the schedule's jobs. */
  holds(): boolean {
    return this.clock.now() < this.heldUntil - this.lengthMs / 3;
  }

  /** Runs `job` only in the process holding the lease. */
  async ifHolder<T>(job: () => Promise<T>): Promise<T | undefined> {
    return this.holds() ? job() : undefined;
  }

  async release(): Promise<void> {
    if (this.heldUntil === 0) return;
    this.heldUntil = 0;
    await this.leases.release(this.name, this.holder).catch(() => {});
  }
}
