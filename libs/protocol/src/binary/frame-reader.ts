// What both links' binary decoders share: the frame header (`u8 version | u8 type`) and
// the top-level decode around a link's body reader. Never throws.
import * as E from 'fp-ts/lib/Either.js';
import { isSupportedVersion } from '../constants/version';
import { invalidField, oversize, unsupportedVersion, type ProtocolError } from '../errors';
import type { ByteReader } from './byte-reader';
import { limitsOf, type DecodeOptions, type Limits } from './options';

/** Reads the body of a message of `typeId` whose header was already read. */
export type BodyReader<M> = (r: ByteReader, typeId: number, version: number, typeAt: number, limits: Limits) => M | undefined;

const EMPTY = new Uint8Array(0);

/**
 * Reads `u8 version | u8 type | body` up to `r.end` with the link's body reader.
 * `batchAllowed` is false inside a Batch: batches do not nest.
 */
export function readFrame<M>(r: ByteReader, limits: Limits, batchAllowed: boolean, batchTypeId: number, readBody: BodyReader<M>): M | undefined {
  const version = r.u8();
  if (r.error !== undefined) return undefined;
  if (!isSupportedVersion(version) || version > limits.maxVersion) {
    r.fail(unsupportedVersion(r.pos - 1, version));
    return undefined;
  }
  const typeAt = r.pos;
  const typeId = r.u8();
  if (r.error !== undefined) return undefined;
  if (typeId === batchTypeId && !batchAllowed) {
    r.fail(invalidField(typeAt, 'type', 'a Batch cannot contain a Batch'));
    return undefined;
  }
  return readBody(r, typeId, version, typeAt, limits);
}

/**
 * Decodes one whole frame with `reader` (a link's own, reused: decoding is synchronous),
 * checking the size limit first and the end of the frame last.
 */
export function decodeFrame<M>(
  reader: ByteReader,
  frame: Uint8Array,
  options: DecodeOptions | undefined,
  readOne: (r: ByteReader, limits: Limits, batchAllowed: boolean) => M | undefined,
): E.Either<ProtocolError, M> {
  const limits = limitsOf(options);
  if (frame.length > limits.maxFrameBytes) return E.left(oversize(0, frame.length, limits.maxFrameBytes));
  const r = reader.reset(frame);
  const m = readOne(r, limits, true);
  r.expectEnd();
  const error = r.error;
  r.reset(EMPTY); // drop the reference to the caller's frame
  return error === undefined ? E.right(m as M) : E.left(error);
}
