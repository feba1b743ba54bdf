import { DomainError } from '../errors.js';
import type { Clock } from '../ports.js';
import type { PointEntry, PointStore, PointsTx } from './ports.js';

/**
 * Appends one ledger entry inside the caller's transaction. A ref already in the ledger is a
 * no-op (false): that is what makes every grant and spend happen exactly once.
 */
export async function appendPoints(tx: PointsTx, e: Omit<PointEntry, 'id'>): Promise<boolean> {
  const r = await tx.points.append(e);
  return r === 'ok';
}

/**
 * Spends points inside the caller's transaction, once per `ref`: 'spent', or 'already' when that
 * ref was spent before. Never takes the balance below zero (insufficient_points, and the caller's
 * transaction rolls back).
 */
export async function spendPoints(tx: PointsTx, s: { memberId: number; amount: number; ref: string; note: string; at: number }): Promise<'spent' | 'already'> {
  const r = await tx.points.append({ memberId: s.memberId, delta: -s.amount, kind: 'spend', ref: s.ref, note: s.note, createdAt: s.at }, { keepNonNegative: true });
  if (r === 'duplicate') return 'already';
  if (r === 'insufficient') throw new DomainError('insufficient_points');
  return 'spent';
}

/** Points: balance and history for members; spending for the features that cost points. */
export class PointService {
  constructor(
    private readonly store: PointStore,
    private readonly clock: Clock,
  ) {}

  balance(memberId: number): Promise<number> {
    return this.store.points.balance(memberId);
  }

  history(memberId: number, limit: number, offset = 0): Promise<PointEntry[]> {
    return this.store.points.history(memberId, limit, offset);
  }

  /**
   * Spends points once per `ref` (a purchase id the caller makes before asking): 'spent', or
   * 'already' when that ref was spent before. Never takes the balance below zero.
   */
  async spend(memberId: number, amount: number, ref: string, note: string): Promise<'spent' | 'already'> {
    if (!Number.isInteger(amount) || amount <= 0) throw new DomainError('invalid_input', { amount: 'ポイント数が正しくありません' });
    return this.store.transaction((tx) => spendPoints(tx, { memberId, amount, ref: `spend:${ref}`, note, at: this.clock.now() }));
  }
}
