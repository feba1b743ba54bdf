import { digest, randomToken } from '../crypto.js';
import type { Clock, MemberVersions } from '../ports.js';
import type { SessionRepository } from './ports.js';
import type { Member } from '../members/ports.js';

export interface SessionPolicy {
  /** Signed out after this long without a request. */
  idleMs: number;
  /** Signed out this long after sign-in, however active. */
  absoluteMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 2 * 3600_000, absoluteMs: 14 * 86400_000 };

/** Writes last-seen at most this often: a keitai member clicks every few seconds. */
const TOUCH_EVERY = 60_000;

export interface ActiveSession {
  token: string;
  memberId: number;
}

/**
 * A session resumed, with its member as stored now (read with it; null when the row is gone) and
 * the member's counters read in the same statement (null: none, so nothing kept is trusted).
 */
export interface ResumedSession extends ActiveSession {
  member: Member | null;
  versions: MemberVersions | null;
}

/** Sign-in sessions. Only a digest of the token is stored, so a database dump signs nobody in. */
export class SessionService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly clock: Clock,
    private readonly policy: SessionPolicy = DEFAULT_SESSION_POLICY,
  ) {}

  /**
   * Starts a fresh session (a new ID at every sign-in); ends `previous` if given. `onGateway`:
   * the handset came from its carrier's gateway network, so the session is honoured only from it.
   */
  async start(memberId: number, carrier: string, previous?: string | null, onGateway = false): Promise<ActiveSession> {
    if (previous) await this.end(previous);
    const token = randomToken(24);
    const now = this.clock.now();
    await this.sessions.insert({ idHash: digest(token), memberId, carrier, createdAt: now, lastSeenAt: now, expiresAt: now + this.policy.absoluteMs, onGateway });
    return { token, memberId };
  }

  /**
   * The live session for a token, or null when unknown, idle too long, past its end, or
   * presented by another kind of handset (a session URL copied from a phone to a PC), or
   * 'elsewhere' when a session begun on a carrier's gateway network is presented from outside it
   * (a copied URL with a forged UA): refused, but left alive for its owner.
   */
  async resume(token: string, carrier: string, onGateway = false): Promise<ResumedSession | 'elsewhere' | null> {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return null;
    const idHash = this.idHashOf(token);
    const found = await this.sessions.findWithMember(idHash);
    const s = found?.session;
    if (!s || s.carrier !== carrier) return null;
    const now = this.clock.now();
    if (s.expiresAt <= now || s.lastSeenAt + this.policy.idleMs <= now) {
      await this.sessions.delete(idHash);
      return null;
    }
    if (s.onGateway && !onGateway) return 'elsewhere';
    if (now - s.lastSeenAt >= TOUCH_EVERY) await this.sessions.touch(idHash, now);
    return { token, memberId: s.memberId, member: found.member, versions: found.versions };
  }

  /**
   * The stored digest of a token, remembered for the tokens seen lately (every signed-in request
   * presents one; hashing it was 2 % of a top page's CPU). Bounded, emptied whole when full; it
   * says nothing about whether the session is live, which the database answers every time.
   */
  private readonly hashes = new Map<string, string>();
  private idHashOf(token: string): string {
    let h = this.hashes.get(token);
    if (h === undefined) {
      h = digest(token);
      if (this.hashes.size >= 10_000) this.hashes.clear();
      this.hashes.set(token, h);
    }
    return h;
  }

  async end(token: string): Promise<void> {
    await this.sessions.delete(digest(token));
  }

  async endAll(memberId: number): Promise<void> {
    await this.sessions.deleteForMember(memberId);
  }

  async purge(): Promise<number> {
    const now = this.clock.now();
    return this.sessions.deleteExpired(now, now - this.policy.idleMs);
  }
}
