/** A named lease held by one process until it expires (epoch milliseconds). */
export interface LeaseRepository {
  /**
   * Takes or renews the lease for `holder` until `until`: true when it is free, expired (`now`
   * past its expiry) or already held by `holder`; false when another holder has it.
   */
  take(name: string, holder: string, now: number, until: number): Promise<boolean>;
  /** Gives it up early (a clean stop), only if `holder` still has it. */
  release(name: string, holder: string): Promise<void>;
  /** Who holds it and until when, or null. */
  holder(name: string): Promise<{ holder: string; expiresAt: number } | null>;
}
