/** The protocol version this build speaks; it is the first byte of every binary frame. */
export const PROTOCOL_VERSION = 1;

/** Every protocol version this build can decode (a peer with another one is refused). */
export const SUPPORTED_VERSIONS: readonly number[] = [PROTOCOL_VERSION];

/** Default upper bound on one frame's size; decoders refuse larger frames with `oversize`. */
export const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;

/** Bytes in the binary frame header: version (u8) then message type (u8). */
export const FRAME_HEADER_BYTES = 2;

/** True when `version` is one this build speaks. */
export function isSupportedVersion(version: number): boolean {
  return version === PROTOCOL_VERSION || SUPPORTED_VERSIONS.includes(version);
}
