/** Every way a spatial input can be refused, as a discriminant. */
export const SpatialErrorKind = {
  InvalidVector: 'invalid-vector',
  InvalidBounds: 'invalid-bounds',
  InvalidRegion: 'invalid-region',
  DuplicateRegion: 'duplicate-region',
  UnknownRegion: 'unknown-region',
  RegionOverlap: 'region-overlap',
  InvalidOption: 'invalid-option',
  DuplicatePlayer: 'duplicate-player',
  UnknownPlayer: 'unknown-player',
} as const;
/** Union of the error discriminants. */
export type SpatialErrorKind = (typeof SpatialErrorKind)[keyof typeof SpatialErrorKind];

/** Why a bounds value was refused. */
export type BoundsProblem = 'not-finite' | 'inverted' | 'empty' | 'malformed';

/** A coordinate that is missing, NaN or infinite. `field` names where it was found (e.g. `bounds.min.x`). */
export interface InvalidVectorError {
  readonly kind: 'invalid-vector';
  readonly field: string;
  readonly message: string;
}
/** Bounds with non-finite corners, min > max (inverted) or min == max (empty: owns no point). */
export interface InvalidBoundsError {
  readonly kind: 'invalid-bounds';
  readonly problem: BoundsProblem;
  readonly field: string;
  readonly message: string;
}
/** A region whose id or owner is not a non-empty string. */
export interface InvalidRegionError {
  readonly kind: 'invalid-region';
  readonly field: 'id' | 'owner' | 'region';
  readonly message: string;
}
/** A region id that is already in the map. */
export interface DuplicateRegionError {
  readonly kind: 'duplicate-region';
  readonly id: string;
  readonly message: string;
}
/** A region id that is not in the map. */
export interface UnknownRegionError {
  readonly kind: 'unknown-region';
  readonly id: string;
  readonly message: string;
}
/** A region whose bounds would share volume with an existing region. */
export interface RegionOverlapError {
  readonly kind: 'region-overlap';
  readonly id: string;
  readonly overlaps: string;
  readonly message: string;
}
/** An option outside its allowed range. */
export interface InvalidOptionError {
  readonly kind: 'invalid-option';
  readonly option: string;
  readonly expected: string;
  readonly message: string;
}
/** A player id already in an interest grid. */
export interface DuplicatePlayerError {
  readonly kind: 'duplicate-player';
  readonly id: unknown;
  readonly message: string;
}
/** A player id not in an interest grid. */
export interface UnknownPlayerError {
  readonly kind: 'unknown-player';
  readonly id: unknown;
  readonly message: string;
}

/** Every typed error spatial returns. Each carries a human-readable `message`. */
export type SpatialError =
  | InvalidVectorError
  | InvalidBoundsError
  | InvalidRegionError
  | DuplicateRegionError
  | UnknownRegionError
  | RegionOverlapError
  | InvalidOptionError
  | DuplicatePlayerError
  | UnknownPlayerError;

/** Builds an InvalidVectorError. */
export function invalidVector(field: string, value: unknown): InvalidVectorError {
  return { kind: 'invalid-vector', field, message: `Invalid value ${String(value)} supplied to ${field}: expected a finite number` };
}

/** Builds an InvalidBoundsError. */
export function invalidBounds(problem: BoundsProblem, field: string, detail: string): InvalidBoundsError {
  return { kind: 'invalid-bounds', problem, field, message: `Invalid bounds at ${field}: ${detail}` };
}

/** Builds an InvalidOptionError. */
export function invalidOption(option: string, value: unknown, expected: string): InvalidOptionError {
  return { kind: 'invalid-option', option, expected, message: `Invalid value ${String(value)} supplied to ${option}: expected ${expected}` };
}

/** Checks that an option is a finite number >= 0; returns the error or undefined. */
export function checkNonNegative(option: string, value: unknown): InvalidOptionError | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? undefined
    : invalidOption(option, value, 'a finite number >= 0');
}

/** Checks that an option is a finite number > 0; returns the error or undefined. */
export function checkPositive(option: string, value: unknown): InvalidOptionError | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0
    ? undefined
    : invalidOption(option, value, 'a finite number > 0');
}

/** Checks a distance cap: any number >= 0, Infinity allowed (NaN is not); returns the error or undefined. */
export function checkDistanceLimit(option: string, value: unknown): InvalidOptionError | undefined {
  return typeof value === 'number' && value >= 0 ? undefined : invalidOption(option, value, 'a number >= 0 (Infinity allowed)');
}
