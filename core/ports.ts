/**
 * The ports every feature shares (clock, mailer, secrets, attempt budgets, the unit of work).
 * Each feature declares its own repositories beside its service (core/<feature>/ports.ts);
 * core/store.ts gathers them into the `Store` db/ implements. db/ implements the repositories,
 * mail/ the mailer; core imports neither.
 */

/**
 * Counters per member that the database itself bumps (triggers, in the writer's own transaction)
 * for caches of what that member sees: `all` (migration 0027) on every write that can change the
 * top page's sections but friends' echoes, `echoes` (0031) for those, `blocks` (0035) on every block
 * or unblock naming the member, either way. Read with the session (one statement per request).
 */
export interface MemberVersions {
  all: number;
  echoes: number;
  blocks: number;
}

/** Attempt budgets per key (a digest): used counts within a window that starts at the first use. */
export interface AttemptRepository {
  /** Takes one use in one atomic statement; false (nothing taken) when `max` are used in the window. */
  reserve(keyHash: string, max: number, windowMs: number, now: number): Promise<boolean>;
  /** Gives one use back (the attempt succeeded, or was never made). */
  release(keyHash: string, now: number): Promise<void>;
  used(keyHash: string, now: number): Promise<number>;
  clear(keyHash: string): Promise<void>;
  /** Forgets windows that have ended. */
  purge(now: number): Promise<number>;
}

export interface SecretRepository {
  get(name: string): Promise<string | null>;
  /** Stores the value unless one exists; returns the stored value either way. */
  putIfAbsent(name: string, value: string): Promise<string>;
}

/**
 * A unit of work over some repositories: everything `work` does through `tx` commits or none of
 * it. A service is given one over just the repositories it writes together.
 */
export interface UnitOfWork<R> {
  transaction<T>(work: (tx: R) => Promise<T>): Promise<T>;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** A whole message built elsewhere (deco-mail); sent as is, `subject` and `text` only describe it. */
  raw?: Buffer;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
