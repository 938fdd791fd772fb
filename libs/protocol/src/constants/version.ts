/**
 * The header byte of every message that version 1 defined (their layouts are unchanged in
 * version 2, so a version 1 peer decodes them).
 */
export const PROTOCOL_VERSION = 1;

/** The newest protocol version this build speaks: what it announces in LinkHello. */
export const LATEST_VERSION = 2;

/** The version that added ForwardAck (its header byte); sent only on links that negotiated it. */
export const ACK_VERSION = 2;

/** Every protocol version this build can decode (a peer with another one is refused). */
export const SUPPORTED_VERSIONS: readonly number[] = [PROTOCOL_VERSION, LATEST_VERSION];

/** Default upper bound on one frame's size; decoders refuse larger frames with `oversize`. */
export const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;

/** Bytes in the binary frame header: version (u8) then message type (u8). */
export const FRAME_HEADER_BYTES = 2;

/** Type ids whose frames carry the sender's version (the handshakes, Welcome included): any supported one. */
const HANDSHAKE_TYPES: ReadonlySet<number> = new Set([1, 2, 64, 65]);
/**
 * Type ids whose layout version 2 extends with a trailing field (PlayerAction's oseq,
 * Resume's lastOseq, Attach's replayAfter): header byte 1 without it, 2 with it.
 */
const EXTENDED_TYPES: ReadonlySet<number> = new Set([4, 9, 66]);
/** Server-link type ids version 2 added (ForwardAck, GhostUpdate, GhostEnd, PeerMessage, Traced, SeqHandover, RegionBounds): header byte 2. */
const V2_TYPES: ReadonlySet<number> = new Set([80, 81, 82, 83, 84, 85, 86]);

/**
 * The header byte a frame of `typeId` must carry (undefined: any supported version, for
 * the handshakes and the types version 2 extends, whose header byte says the layout). One
 * layout per header byte keeps the encoding canonical.
 */
export function frameVersionOf(typeId: number): number | undefined {
  if (HANDSHAKE_TYPES.has(typeId) || EXTENDED_TYPES.has(typeId)) return undefined;
  return V2_TYPES.has(typeId) ? LATEST_VERSION : PROTOCOL_VERSION;
}

/** The protocol versions, by name. */
export const ProtocolVersion = { V1: 1, V2: 2 } as const;

/** A protocol version this build speaks. */
export type ProtocolVersion = (typeof ProtocolVersion)[keyof typeof ProtocolVersion];

/**
 * The version a session runs at when the peer announced `offered`: the newest both speak
 * (a peer newer than this build gets LATEST_VERSION); undefined below version 1 (4001).
 */
export function negotiateVersion(offered: number): ProtocolVersion | undefined {
  if (!Number.isInteger(offered) || offered < ProtocolVersion.V1) return undefined;
  return (offered >= LATEST_VERSION ? LATEST_VERSION : offered) as ProtocolVersion;
}

/** True when `version` is one this build speaks. */
export function isSupportedVersion(version: number): boolean {
  return version === PROTOCOL_VERSION || SUPPORTED_VERSIONS.includes(version);
}
