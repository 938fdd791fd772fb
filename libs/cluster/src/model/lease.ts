/** A granted lease. `token` is a fencing token: strictly increasing per lease name, forever. */
export interface LeaseGrant {
  readonly name: string;
  readonly holder: string;
  readonly token: number;
  readonly ttlMs: number;
}

/** Who holds a lease now. */
export interface LeaseInfo {
  readonly holder: string;
  readonly token: number;
}
