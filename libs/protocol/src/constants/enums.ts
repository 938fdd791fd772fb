// Small wire enumerations (one byte each). `as const` objects with derived unions,
// never TS enums, so they cost nothing at runtime and read well in JSON.

/** Delivery channel of a PlayerAction. */
export const ActionChannel = {
  /** Delivered once, in order, never dropped. */
  Reliable: 0,
  /** Only the newest message per `tag` matters: a queued older one may be replaced. */
  UnreliableLatest: 1,
} as const;
/** One of the `ActionChannel` values. */
export type ActionChannel = (typeof ActionChannel)[keyof typeof ActionChannel];

/** Whether a StateSync carries a full snapshot or a delta against `baseSeq`. */
export const SyncMode = { Full: 0, Delta: 1 } as const;
/** One of the `SyncMode` values. */
export type SyncMode = (typeof SyncMode)[keyof typeof SyncMode];

/** Phase of a transfer as told to the client by ServerTransfer. */
export const TransferPhase = { Started: 1, Completed: 2, Aborted: 3 } as const;
/** One of the `TransferPhase` values. */
export type TransferPhase = (typeof TransferPhase)[keyof typeof TransferPhase];

/** Why a player is moved to another server. */
export const TransferReason = {
  /** The player crossed a region border (beyond the hysteresis margin). */
  Boundary: 1,
  /** Load balancing or a region split/merge moved the region. */
  Rebalance: 2,
  /** The source server is draining. */
  ServerShutdown: 3,
  /** The source server died; the player is re-homed. */
  ServerFailed: 4,
  /** An operator asked for it. */
  Admin: 5,
} as const;
/** One of the `TransferReason` values. */
export type TransferReason = (typeof TransferReason)[keyof typeof TransferReason];

/** Why a transfer was aborted (the player stays on the source server). */
export const AbortReason = {
  Timeout: 1,
  TargetRefused: 2,
  SourceRefused: 3,
  TargetFailed: 4,
  SourceFailed: 5,
  BufferOverflow: 6,
  PlayerLeft: 7,
  Superseded: 8,
} as const;
/** One of the `AbortReason` values. */
export type AbortReason = (typeof AbortReason)[keyof typeof AbortReason];

/** Why a player is detached from a game server. */
export const DetachReason = {
  /** The client disconnected (or its resume window ran out). */
  Disconnected: 1,
  /** The player moved to another server; the source forgets it. */
  Transferred: 2,
  /** The game server (or an operator) removed the player. */
  Kicked: 3,
  /** The node is shutting down; the player may resume elsewhere. */
  NodeShutdown: 4,
  /** The client is gone but may still resume with its ticket. */
  Suspended: 5,
} as const;
/** One of the `DetachReason` values. */
export type DetachReason = (typeof DetachReason)[keyof typeof DetachReason];

/** Which side of a transfer a TransferPrepare addresses. */
export const TransferRole = {
  /** The current owner: hand over the player's state. */
  Source: 0,
  /** The next owner: get ready to receive the player. */
  Target: 1,
} as const;
/** One of the `TransferRole` values. */
export type TransferRole = (typeof TransferRole)[keyof typeof TransferRole];

/** Why a ghost ended (GhostEnd). */
export const GhostEndReason = {
  /** The player moved out of the neighbour's interest distance. */
  LeftZone: 1,
  /** The player now lives on this server: the ghost became the real player (Attach came first). */
  Transferred: 2,
  /** The player disconnected (or its owner lost it). */
  Disconnected: 3,
} as const;
/** One of the `GhostEndReason` values. */
export type GhostEndReason = (typeof GhostEndReason)[keyof typeof GhostEndReason];

/** Addressing mode of a Deliver message. */
export const DeliverMode = { Player: 0, Players: 1, Region: 2, Radius: 3 } as const;
/** One of the `DeliverMode` values. */
export type DeliverMode = (typeof DeliverMode)[keyof typeof DeliverMode];

/**
 * Well-known codec names offered in PlayerConnect and chosen in Welcome. The frame encoding
 * (binary or JSON) is not negotiated: it is whatever the client's first frame used.
 */
export const Codec = {
  /** No compression. */
  Raw: 'raw',
  /** LZ4 compression (lz4js). */
  Lz4: 'lz4',
  /** Deflate compression (fflate). */
  Deflate: 'deflate',
  /** X25519 + HKDF-SHA256 + AES-256-GCM session channel. */
  X25519Aes256Gcm: 'x25519-aes256gcm',
  /** ECDH P-256 + HKDF-SHA256 + AES-256-GCM (fallback when X25519 is missing). */
  P256Aes256Gcm: 'p256-aes256gcm',
  /** Pre-shared-key channel for closed deployments. */
  PskAes256Gcm: 'psk-aes256gcm',
  /** No encryption (only for local development and tests). */
  Plaintext: 'plaintext',
} as const;

/** Every valid value of each wire enum, for decoders and arbitraries. */
export const EnumValues = {
  actionChannel: Object.values(ActionChannel) as readonly ActionChannel[],
  syncMode: Object.values(SyncMode) as readonly SyncMode[],
  transferPhase: Object.values(TransferPhase) as readonly TransferPhase[],
  transferReason: Object.values(TransferReason) as readonly TransferReason[],
  abortReason: Object.values(AbortReason) as readonly AbortReason[],
  detachReason: Object.values(DetachReason) as readonly DetachReason[],
  transferRole: Object.values(TransferRole) as readonly TransferRole[],
  deliverMode: Object.values(DeliverMode) as readonly DeliverMode[],
  ghostEndReason: Object.values(GhostEndReason) as readonly GhostEndReason[],
} as const;
