// Protocol versions. Version 1 is what every released peer speaks; version 2 adds fields
// and messages (a signed Welcome, link acks, ...). Both are spoken side by side: a session
// runs at the version its handshake settled, and a message is sent only to a peer whose
// version has it (`since.ts`).

/** The protocol versions, by name. */
export const ProtocolVersion = { V1: 1, V2: 2 } as const;

/** A protocol version this build speaks. */
export type ProtocolVersion = (typeof ProtocolVersion)[keyof typeof ProtocolVersion];

/** The version every peer decodes: encoders use it unless told otherwise, so v1 frames stay byte-identical. */
export const BASE_VERSION: ProtocolVersion = ProtocolVersion.V1;

/** The newest version this build speaks: what a client announces and a node or game server accepts at most. */
export const LATEST_VERSION: ProtocolVersion = ProtocolVersion.V2;

/** @deprecated the base version (1); say `BASE_VERSION` or `LATEST_VERSION` for what you mean. */
export const PROTOCOL_VERSION = BASE_VERSION;

/** Every protocol version this build can decode (a peer with another one is refused). */
export const SUPPORTED_VERSIONS: readonly ProtocolVersion[] = [ProtocolVersion.V1, ProtocolVersion.V2];

/** Default upper bound on one frame's size; decoders refuse larger frames with `oversize`. */
export const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;

/** Bytes in the binary frame header: version (u8) then message type (u8). */
export const FRAME_HEADER_BYTES = 2;

/** True when `version` is one this build speaks. */
export function isSupportedVersion(version: number): version is ProtocolVersion {
  return version === ProtocolVersion.V1 || version === ProtocolVersion.V2;
}

/**
 * The version a session runs at when the peer announced `offered`: the newest both speak.
 * A peer newer than this build is answered at LATEST_VERSION; undefined when `offered` is
 * older than every version this build speaks (refuse with 4001).
 */
export function negotiateVersion(offered: number): ProtocolVersion | undefined {
  if (!Number.isInteger(offered) || offered < ProtocolVersion.V1) return undefined;
  return offered >= LATEST_VERSION ? LATEST_VERSION : (offered as ProtocolVersion);
}
