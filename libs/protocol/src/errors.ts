// Decoders never throw: every failure is one of these values, with the byte offset
// (into the binary frame, or into the JSON envelope's decoded `data`) where it happened.

/** The frame ended before a field did. */
export interface TruncatedError {
  readonly kind: 'truncated';
  readonly offset: number;
  /** Bytes the field needed beyond the end. */
  readonly needed: number;
  readonly message: string;
}

/** The type byte (or JSON `message_type`) names no message of this link. */
export interface UnknownTypeError {
  readonly kind: 'unknown-type';
  readonly offset: number;
  readonly typeId: number | string;
  readonly message: string;
}

/** The version byte names a protocol version this build does not speak. */
export interface UnsupportedVersionError {
  readonly kind: 'unsupported-version';
  readonly offset: number;
  readonly version: number;
  readonly message: string;
}

/** The frame (or a count or length inside it) is larger than the limit. */
export interface OversizeError {
  readonly kind: 'oversize';
  readonly offset: number;
  readonly size: number;
  readonly limit: number;
  readonly message: string;
}

/** A field holds a value its type does not allow (bad enum, bad UTF-8, trailing bytes, bad JSON...). */
export interface InvalidFieldError {
  readonly kind: 'invalid-field';
  readonly offset: number;
  readonly field: string;
  readonly message: string;
}

/** Every way a frame can fail to decode. */
export type ProtocolError =
  | TruncatedError
  | UnknownTypeError
  | UnsupportedVersionError
  | OversizeError
  | InvalidFieldError;

/** The `kind` discriminant of a `ProtocolError`. */
export type ProtocolErrorKind = ProtocolError['kind'];

/** Builds a `truncated` error. */
export function truncated(offset: number, needed: number): TruncatedError {
  return { kind: 'truncated', offset, needed, message: `frame truncated at byte ${offset}: ${needed} more byte(s) needed` };
}

/** Builds an `unknown-type` error. */
export function unknownType(offset: number, typeId: number | string): UnknownTypeError {
  return { kind: 'unknown-type', offset, typeId, message: `unknown message type ${JSON.stringify(typeId)} at byte ${offset}` };
}

/** Builds an `unsupported-version` error. */
export function unsupportedVersion(offset: number, version: number): UnsupportedVersionError {
  return { kind: 'unsupported-version', offset, version, message: `unsupported protocol version ${version} at byte ${offset}` };
}

/** Builds an `oversize` error. */
export function oversize(offset: number, size: number, limit: number): OversizeError {
  return { kind: 'oversize', offset, size, limit, message: `size ${size} at byte ${offset} exceeds the limit ${limit}` };
}

/** Builds an `invalid-field` error. */
export function invalidField(offset: number, field: string, why: string): InvalidFieldError {
  return { kind: 'invalid-field', offset, field, message: `invalid ${field} at byte ${offset}: ${why}` };
}
