/** Whether the store can be reached. `degraded`: calls fail fast with `unavailable`; views are stale. */
export const StoreStatus = { Ok: 'ok', Degraded: 'degraded', Closed: 'closed' } as const;
/** One of {@link StoreStatus}'s values. */
export type StoreStatus = (typeof StoreStatus)[keyof typeof StoreStatus];

/** Current health of a store; `since` is local ms when the status last changed. */
export interface StoreHealth {
  readonly status: StoreStatus;
  readonly since: number;
  readonly reason: string | null;
}

/** Call it to stop listening. */
export type Unsubscribe = () => void;
