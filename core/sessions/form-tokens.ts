import type { Clock } from '../ports.js';
import type { NonceRepository } from './ports.js';

/** Used form tokens are kept this long: a handset resending a form later than this is not expected. */
const KEEP_USED_MS = 2 * 86_400_000;

/**
 * One-time form tokens: a form a handset sends twice (a retry, back-and-resubmit) is acted on once.
 * Tokens are stored as digests, never as sent.
 */
export class FormTokenService {
  constructor(
    private readonly nonces: NonceRepository,
    private readonly clock: Clock,
  ) {}

  /** Claims a token by its digest: false when it was claimed before (a replayed form). */
  claim(tokenHash: string): Promise<boolean> {
    return this.nonces.use(tokenHash, this.clock.now());
  }

  /** Forgets tokens used long enough ago that no handset will send them again. */
  purge(): Promise<number> {
    return this.nonces.purge(this.clock.now() - KEEP_USED_MS);
  }
}
