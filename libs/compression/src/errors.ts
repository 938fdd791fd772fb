import type { CompressionAlgorithm } from './algorithm';

/** Discriminants of `CompressionError`. */
export const CompressionErrorKind = {
  /** The input ends before a header field or an op does. */
  Truncated: 'truncated',
  /** The flag byte names no known algorithm. */
  UnknownAlgorithm: 'unknown-algorithm',
  /** The declared (or actual) decompressed size exceeds the configured maximum. */
  TooLarge: 'too-large',
  /** The body does not decode to exactly the declared bytes (or a checksum fails). */
  Corrupt: 'corrupt',
  /** A delta written by a format version this code does not know. */
  UnsupportedVersion: 'unsupported-version',
  /** A delta applied to a base other than the one it was made against. */
  WrongBase: 'wrong-base',
} as const;

/** One of the `CompressionErrorKind` values. */
export type CompressionErrorKind = (typeof CompressionErrorKind)[keyof typeof CompressionErrorKind];

/** What a frame or delta was being decoded as when it failed. */
export type CompressionSubject = CompressionAlgorithm | 'delta';

interface ErrorBase {
  /** Byte offset in the input where the offending field starts. */
  readonly offset: number;
  /** One line for logs; never includes payload bytes. */
  readonly message: string;
}

/** Why a frame or delta could not be decoded. Decoders return these; they never throw. */
export type CompressionError =
  | (ErrorBase & { readonly kind: 'truncated'; readonly subject: CompressionSubject })
  | (ErrorBase & { readonly kind: 'unknown-algorithm'; readonly flag: number })
  | (ErrorBase & {
      readonly kind: 'too-large';
      readonly subject: CompressionSubject;
      readonly declared: number;
      readonly limit: number;
    })
  | (ErrorBase & { readonly kind: 'corrupt'; readonly subject: CompressionSubject })
  | (ErrorBase & { readonly kind: 'unsupported-version'; readonly version: number })
  | (ErrorBase & {
      readonly kind: 'wrong-base';
      readonly expectedLength: number;
      readonly actualLength: number;
      readonly expectedHash: number;
      readonly actualHash: number;
    });

/** Builds a `truncated` error. */
export function truncated(subject: CompressionSubject, offset: number, what: string): CompressionError {
  return { kind: 'truncated', subject, offset, message: `${subject}: input ends inside ${what} at byte ${offset}` };
}

/** Builds a `corrupt` error. */
export function corrupt(subject: CompressionSubject, offset: number, why: string): CompressionError {
  return { kind: 'corrupt', subject, offset, message: `${subject}: ${why} (at byte ${offset})` };
}

/** Builds a `too-large` error. */
export function tooLarge(subject: CompressionSubject, offset: number, declared: number, limit: number): CompressionError {
  return {
    kind: 'too-large',
    subject,
    offset,
    declared,
    limit,
    message: `${subject}: ${declared} decompressed bytes exceed the limit of ${limit}`,
  };
}
