/** Row types: leases (one holder of a named role until an expiry, epoch milliseconds). */

export interface LeasesTable {
  name: string;
  holder: string;
  expires_at: number;
}
