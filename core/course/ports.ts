/** What the course feature needs from the outside world; db/ implements it. */
import type { UnitOfWork } from '../ports.js';

export type CourseState = 'registered' | 'payment_failed' | 'cancelled' | 'expired';
export type OrderKind = 'join' | 'cancel';
/** requested: made here; authorising: the member was sent to the carrier; then completed or declined. */
export type OrderState = 'requested' | 'authorising' | 'completed' | 'declined';

/** One visit to the carrier's confirmation page (joining or cancelling the point course). */
export interface CourseOrder {
  token: string;
  memberId: number;
  carrier: string;
  kind: OrderKind;
  state: OrderState;
  createdAt: number;
  updatedAt: number;
}

export interface CourseSubscription {
  memberId: number;
  carrier: string;
  /** The carrier's reference for this member's contract (named in every renewal). */
  contractRef: string;
  state: CourseState;
  joinedAt: number;
  cancelledAt: number | null;
  updatedAt: number;
  /** The carrier's date of the latest notice applied to this contract, where its notices are dated. */
  lastNoticeAt?: number | null;
}

export interface CourseCharge {
  id: number;
  memberId: number;
  /** Calendar month in Japan, YYYY-MM. */
  month: string;
  carrier: string;
  contractRef: string;
  amountYen: number;
  /** billed: the carrier charged it and points were granted; failed: not collected, points reversed. */
  status: 'billed' | 'failed';
  /** Bumped on each change of status, so each grant and reversal has its own ledger ref. */
  attempt: number;
  createdAt: number;
}

export interface SettlementRecord {
  carrier: string;
  month: string;
  settlementId: string;
  records: number;
  matched: number;
  report: string;
  receivedAt: number;
}

export interface CourseRepository {
  insertOrder(o: CourseOrder): Promise<void>;
  findOrder(token: string): Promise<CourseOrder | null>;
  setOrderState(token: string, state: OrderState, now: number): Promise<void>;
  subscription(memberId: number): Promise<CourseSubscription | null>;
  subscriptionByContract(carrier: string, contractRef: string): Promise<CourseSubscription | null>;
  /** Inserts or replaces the member's one subscription row. */
  putSubscription(s: CourseSubscription): Promise<void>;
  charge(memberId: number, month: string): Promise<CourseCharge | null>;
  /** Inserts a charge; false when the member already has one for that month. */
  insertCharge(c: Omit<CourseCharge, 'id'>): Promise<boolean>;
  setChargeStatus(id: number, status: CourseCharge['status'], attempt: number, now: number): Promise<void>;
  chargesFor(carrier: string, month: string): Promise<CourseCharge[]>;
  /** The latest month this member was billed and not reversed. */
  paidThrough(memberId: number): Promise<string | null>;
  /** Remembers a carrier notification; false when it was received before (a replay). */
  recordNotification(carrier: string, id: string, kind: string, outcome: string, now: number): Promise<boolean>;
  findSettlement(carrier: string, month: string): Promise<SettlementRecord | null>;
  putSettlement(s: SettlementRecord): Promise<void>;
  /** Subscriptions in these states (the sandbox carrier restores its memory from them). */
  subscriptionsIn(states: readonly CourseState[]): Promise<CourseSubscription[]>;
}

export interface PointEntry {
  id: number;
  memberId: number;
  delta: number;
  kind: string;
  /** Unique across the ledger: the same grant or spend can never be written twice. */
  ref: string;
  note: string;
  createdAt: number;
}

export interface PointRepository {
  /**
   * Appends one entry and moves the balance with it. 'duplicate': that ref is already in the
   * ledger (nothing written). 'insufficient': a debit with `keepNonNegative` would take the
   * balance below zero; the ledger row is written, so the caller must roll back its transaction.
   * Call only inside a transaction.
   */
  append(e: Omit<PointEntry, 'id'>, o?: { keepNonNegative?: boolean }): Promise<'ok' | 'duplicate' | 'insufficient'>;
  balance(memberId: number): Promise<number>;
  history(memberId: number, limit: number, offset: number): Promise<PointEntry[]>;
  /** Sum of the member's ledger entries (audits compare it with the balance). */
  ledgerSum(memberId: number): Promise<number>;
}

/** The ledger, as a caller's transaction sees it. */
export interface PointsTx {
  points: PointRepository;
}

/** PointService's slice of the store. */
export interface PointStore extends UnitOfWork<PointsTx> {
  points: PointRepository;
}

/** What settling an order or a charge writes together: course rows and the ledger. */
export type CourseTx = PointsTx & { course: CourseRepository };

/** CourseService's slice of the store. */
export interface CourseStore extends UnitOfWork<CourseTx> {
  course: CourseRepository;
}
