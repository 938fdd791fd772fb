import * as E from 'fp-ts/lib/Either.js';
import { ClusterErrors, type ClusterError } from '../model/errors';

/** Characters allowed in a key prefix: no hash-tag braces and no SCAN glob characters. */
const PREFIX_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

/** The column keys of one entity type (nodes or servers); all four share one hash tag. */
export interface EntityKeys {
  /** Hash id -> static JSON record (written by the client, never re-encoded by Lua). */
  readonly rec: string;
  /** Hash id -> status string. */
  readonly status: string;
  /** Hash id -> load JSON. */
  readonly load: string;
  /** Sorted set id -> last heartbeat (Redis TIME, ms). */
  readonly hb: string;
}

/** Every key and channel the Redis store uses, for one prefix. See README "Key layout". */
export interface ClusterKeys {
  readonly prefix: string;
  readonly nodes: EntityKeys;
  readonly servers: EntityKeys;
  /** The registry keys in script order (nodes then servers). */
  readonly registry: readonly string[];
  readonly lease: (name: string) => string;
  readonly leaseSeq: (name: string) => string;
  /** The versioned region map (one JSON string); shares the registry's hash tag, since registration reads it. */
  readonly regionMap: string;
  /** Sessions hash on the player id, so they spread over a Redis Cluster. */
  readonly session: (playerId: string) => string;
  readonly channel: string;
  /** SCAN patterns that match every key of this prefix (for cleanup). */
  readonly patterns: readonly string[];
}

/** Builds the key layout; registry and lease keys share the `{prefix}` hash tag so Lua may touch them together. */
export function clusterKeys(prefix: string): E.Either<ClusterError, ClusterKeys> {
  if (!PREFIX_PATTERN.test(prefix)) {
    return E.left(ClusterErrors.invalid('key prefix must be 1..64 characters of A-Z a-z 0-9 _ . : -'));
  }
  const tag = `{${prefix}}`;
  const entity = (name: string): EntityKeys => ({
    rec: `${tag}:${name}:rec`,
    status: `${tag}:${name}:status`,
    load: `${tag}:${name}:load`,
    hb: `${tag}:${name}:hb`,
  });
  const nodes = entity('nodes');
  const servers = entity('servers');
  return E.right({
    prefix,
    nodes,
    servers,
    registry: [nodes.rec, nodes.status, nodes.load, nodes.hb, servers.rec, servers.status, servers.load, servers.hb],
    lease: (name) => `${tag}:lease:${name}`,
    leaseSeq: (name) => `${tag}:lease-seq:${name}`,
    regionMap: `${tag}:region-map`,
    session: (playerId) => `${prefix}:session:{${playerId}}`,
    channel: `${prefix}:events`,
    patterns: [`${tag}:*`, `${prefix}:session:*`],
  });
}

/** The four keys of an entity in script order. */
export function entityKeyList(keys: EntityKeys): string[] {
  return [keys.rec, keys.status, keys.load, keys.hb];
}
