/** What the sessions feature needs from the outside world; db/ implements it. */
import type { Member } from '../members/ports.js';
import type { MemberVersions } from '../ports.js';

export interface SessionRecord {
  idHash: string;
  memberId: number;
  /** The kind of handset that signed in; a session is refused from any other kind. */
  carrier: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  /** Began on its carrier's gateway network: resumed only from there (a copied URL is useless elsewhere). */
  onGateway: boolean;
}

export interface SessionRepository {
  insert(s: SessionRecord): Promise<void>;
  /**
   * The session, its member (null when the member row is gone; never the password's hash) and the
   * member's counters (null when it has none) in one read: every request asks.
   */
  findWithMember(idHash: string): Promise<{ session: SessionRecord; member: Member | null; versions: MemberVersions | null } | null>;
  touch(idHash: string, at: number): Promise<void>;
  delete(idHash: string): Promise<void>;
  deleteForMember(memberId: number): Promise<void>;
  deleteExpired(now: number, idleBefore: number): Promise<number>;
}

export interface NonceRepository {
  /** Records a one-time token; false when it was used before (a replayed form). */
  use(nonceHash: string, at: number): Promise<boolean>;
  purge(before: number): Promise<number>;
}
