import { digest } from './crypto.js';
import type { AttemptRepository, Clock } from './ports.js';

/** One budget: at most `max` uses of `key` in a window of `windowMs` (from the window's first use). */
export interface Budget {
  key: string;
  max: number;
  windowMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The limits, in one place (README "Throttling"). Password checks are reserved before the slow
 * hash and given back only when the password was right, so a budget counts failures and checks in
 * flight; joins and mails count every use.
 */
export const LIMITS = {
  /** Wrong passwords for one login from clients the account does not know (a stranger). */
  passwordAccount: { max: 10, windowMs: 15 * MINUTE },
  /** Wrong passwords from one client the account knows (its session, device cookie, bound handset). */
  passwordOwnDevice: { max: 10, windowMs: 15 * MINUTE },
  /** Wrong passwords re-entered in settings by one member (a stolen session cannot guess on). */
  passwordReentry: { max: 10, windowMs: 15 * MINUTE },
  /** Wrong passwords from one address or subscriber, whatever the login (one client, many accounts). */
  passwordAddress: { max: 30, windowMs: 15 * MINUTE },
  /** Join forms refused (bad fields, taken login, wrong code) from one address. */
  joinFailures: { max: 10, windowMs: 15 * MINUTE },
  /** Joins from one address or subscriber. */
  joinAddress: { max: 5, windowMs: HOUR },
  /** Joins with one invitation code (a leaked code is not drained in a minute). */
  joinInvitation: { max: 10, windowMs: HOUR },
  /** Verification mails to one mail address. */
  mailRecipient: { max: 3, windowMs: HOUR },
  /** Verification mails asked for from one address or subscriber. */
  mailAddress: { max: 5, windowMs: HOUR },
  /** Verification mails for one member. */
  mailMember: { max: 3, windowMs: HOUR },
  /**
   * Photos one member sends (each is decoded, up to about a second of a core at the pixel budget):
   * a diary a day with its three photos and a new profile picture fit many times over.
   */
  photoUploads: { max: 20, windowMs: HOUR },
  /** Communities one member creates. */
  communitiesMade: { max: 3, windowMs: 24 * HOUR },
  /** Topics, events and polls one member starts, across communities. */
  communityTopics: { max: 10, windowMs: HOUR },
  /** Comments one member writes in communities (a lively thread, not a flood). */
  communityComments: { max: 30, windowMs: 10 * MINUTE },
  /** Echoes (and replies) one member posts: a chatty evening, not a flood. */
  echoes: { max: 30, windowMs: HOUR },
  /** Mails one member posts by mail (each may carry photos to decode). */
  mailPosts: { max: 20, windowMs: HOUR },
  /**
   * Communities one member joins or asks to join (a join/leave loop is not a message flood; the
   * managers also get at most one request notice per member and community a day).
   */
  communityJoins: { max: 20, windowMs: HOUR },
  /** Wrong staff-console passwords per login and per client (staff accounts reach everything). */
  staffPassword: { max: 5, windowMs: 15 * MINUTE },
  /** Nickname changes by one member (a name others recognise does not change by the minute). */
  nicknameChanges: { max: 3, windowMs: 24 * HOUR },
  /** Invitation codes one member makes. */
  invitationsMade: { max: 10, windowMs: 24 * HOUR },
  /**
   * A carrier gateway address is shared by many subscribers: a budget per address there would
   * let one handset lock out everyone behind it, so it is this many times larger (and a verified
   * subscriber ID, when the carrier sends one, gets the ordinary budget instead).
   */
  sharedAddressFactor: 10,
} as const;

/** Who is asking, as far as limits care. */
export interface Client {
  /** The client's address as the gateway determined it (TRUST_PROXY applied). */
  address: string;
  /** The address is one of a carrier's gateways (shared by many subscribers). */
  sharedAddress: boolean;
  /** The subscriber ID the carrier sent from its gateway, when it sent one. */
  subscriber: { carrier: string; id: string } | null;
}

/** The budget of one client (its subscriber ID, else its address) under `prefix`. */
export function clientBudget(prefix: string, client: Client, limit: { max: number; windowMs: number }): Budget {
  if (client.subscriber) return { key: `${prefix}:sub:${client.subscriber.carrier}:${client.subscriber.id}`, ...limit };
  const max = client.sharedAddress ? limit.max * LIMITS.sharedAddressFactor : limit.max;
  return { key: `${prefix}:addr:${client.address}`, max, windowMs: limit.windowMs };
}

/** Uses taken from several budgets together; give them back when the attempt did not count. */
export class Reservation {
  private given = false;
  constructor(
    private readonly attempts: AttemptRepository,
    private readonly clock: Clock,
    private readonly keyHashes: readonly string[],
  ) {}

  async release(): Promise<void> {
    if (this.given) return;
    this.given = true;
    const now = this.clock.now();
    for (const k of this.keyHashes) await this.attempts.release(k, now);
  }
}

/**
 * Budgets kept in the database, so every gateway process (WORKERS) counts the same uses; keys
 * are stored as digests (no login names or addresses in clear). A use is taken before the work
 * it guards, in one atomic statement, so parallel requests cannot exceed a budget.
 */
export class AttemptLimiter {
  constructor(
    private readonly attempts: AttemptRepository,
    private readonly clock: Clock,
  ) {}

  /** Takes one use from every budget, or from none: null when any of them is spent. */
  async reserve(budgets: readonly Budget[]): Promise<Reservation | null> {
    const now = this.clock.now();
    const taken: string[] = [];
    for (const b of budgets) {
      const h = digest(b.key);
      if (!(await this.attempts.reserve(h, b.max, b.windowMs, now))) {
        for (const t of taken) await this.attempts.release(t, now);
        return null;
      }
      taken.push(h);
    }
    return new Reservation(this.attempts, this.clock, taken);
  }

  /** Forgets windows that have ended (housekeeping). */
  purge(): Promise<number> {
    return this.attempts.purge(this.clock.now());
  }
}
