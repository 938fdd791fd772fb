import * as E from 'fp-ts/lib/Either.js';
import { ClusterErrors, type ClusterError } from '../model/errors';
import type { SweepResult } from '../model/events';
import { NodeStatus, type NodeInfo } from '../model/node';
import { ServerStatus, type GameServerInfo } from '../model/server';
import { normaliseNode, normaliseServer, validateNodeHeartbeat, validateServerLoad } from '../model/validate';
import type { Membership, Result, ServerRegistry, StoreTimings } from '../store/cluster-store';
import { decodeNodeColumns, decodeServerColumns, encodeNodeLoad, encodeNodeRec, encodeServerLoad, encodeServerRec } from './codec';
import type { RedisConnection } from './connection';
import { entityKeyList, type ClusterKeys } from './keys';
import { LuaScript } from './script';
import { GET_ROW, HEARTBEAT, REGISTER_NODE, REGISTER_SERVER, REMOVE, SNAPSHOT, SWEEP } from './scripts';

/** Internal: what the Redis parts share. */
export interface RedisContext {
  readonly connection: RedisConnection;
  readonly keys: ClusterKeys;
  readonly timings: StoreTimings;
  /** Whole-key TTL refreshed on every write, so an abandoned cluster's keys disappear on their own. */
  readonly keyTtlMs: number;
}

const scripts = {
  registerNode: new LuaScript(REGISTER_NODE),
  registerServer: new LuaScript(REGISTER_SERVER),
  heartbeat: new LuaScript(HEARTBEAT),
  remove: new LuaScript(REMOVE),
  sweep: new LuaScript(SWEEP),
  snapshot: new LuaScript(SNAPSHOT),
  getRow: new LuaScript(GET_ROW),
};

type Columns<T> = (rec: string, status: string, load: string, hb: string, what: string) => E.Either<ClusterError, T>;

function chain<A, B>(result: E.Either<ClusterError, A>, f: (a: A) => E.Either<ClusterError, B>): E.Either<ClusterError, B> {
  return E.isLeft(result) ? result : f(result.right);
}

function pairs(flat: unknown): Map<string, string> {
  const map = new Map<string, string>();
  if (!Array.isArray(flat)) return map;
  for (let i = 0; i + 1 < flat.length; i += 2) map.set(String(flat[i]), String(flat[i + 1]));
  return map;
}

async function listRows<T>(ctx: RedisContext, keys: string[], decode: Columns<T>): Result<readonly T[]> {
  const reply = await ctx.connection.attempt((c) => scripts.snapshot.run(c, keys, []));
  return chain(reply, (raw) => {
    const [recs, statuses, loads, hbs] = (Array.isArray(raw) ? raw : []).map(pairs);
    const out: T[] = [];
    for (const [id, rec] of recs ?? []) {
      const status = statuses?.get(id);
      const load = loads?.get(id);
      const hb = hbs?.get(id);
      // A row caught between writes is skipped; scripts keep the columns consistent, so this is defensive.
      if (status === undefined || load === undefined || hb === undefined) continue;
      const item = decode(rec, status, load, hb, `record ${id}`);
      if (E.isLeft(item)) return item;
      out.push(item.right);
    }
    return E.right(out);
  });
}

async function getRow<T>(ctx: RedisContext, keys: string[], id: string, decode: Columns<T>): Result<T | null> {
  const reply = await ctx.connection.attempt((c) => scripts.getRow.run(c, keys, [id]));
  return chain(reply, (raw) => {
    const [rec, status, load, hb] = Array.isArray(raw) ? raw : [];
    if (typeof rec !== 'string' || typeof status !== 'string' || typeof load !== 'string' || hb === null || hb === undefined) {
      return E.right(null);
    }
    return decode(rec, status, load, String(hb), `record ${id}`);
  });
}

function heartbeatReply(entity: 'node' | 'server', id: string, raw: unknown): E.Either<ClusterError, number> {
  const value = Number(raw);
  if (value === -1) return E.left(ClusterErrors.notFound(entity, id));
  if (value === -2) return E.left(ClusterErrors.notFound(entity, id, 'failed'));
  return E.right(value);
}

/** The HEARTBEAT script, shared by nodes and servers: a `status` of '' keeps the stored one. Resolves to store time. */
async function heartbeatRow(ctx: RedisContext, keys: string[], entity: 'node' | 'server', id: string, status: string, load: string): Result<number> {
  const reply = await ctx.connection.attempt((c) =>
    scripts.heartbeat.run(c, keys, [id, status, load, ctx.keys.channel, ctx.keyTtlMs, ctx.timings.publishHeartbeats ? '1' : '0', entity]),
  );
  return chain(reply, (raw) => heartbeatReply(entity, id, raw));
}

/** The REMOVE script, shared by nodes and servers: announces `change` (with `status`, '' for as stored); false if it was not there. */
async function removeRow(ctx: RedisContext, keys: string[], entity: 'node' | 'server', id: string, change: string, status: string): Result<boolean> {
  const reply = await ctx.connection.attempt((c) => scripts.remove.run(c, keys, [id, ctx.keys.channel, entity, change, status]));
  return E.map((raw: unknown) => Number(raw) === 1)(reply);
}

/** Node membership on Redis. */
export function redisMembership(ctx: RedisContext): Membership {
  const keys = entityKeyList(ctx.keys.nodes);
  const { connection } = ctx;
  return {
    register: async (registration) => {
      const valid = normaliseNode(registration);
      if (E.isLeft(valid)) return valid;
      const node = valid.right;
      const args = [node.id, encodeNodeRec(node), node.status, encodeNodeLoad(node.connections, node.load)];
      const reply = await connection.attempt((c) =>
        scripts.registerNode.run(c, keys, [...args, ctx.keys.channel, ctx.keyTtlMs, 'node', 'joined']),
      );
      return E.map((now: unknown): NodeInfo => ({ ...node, lastHeartbeat: Number(now) }))(reply);
    },
    heartbeat: async (nodeId, heartbeat) => {
      const valid = validateNodeHeartbeat(heartbeat);
      if (E.isLeft(valid)) return valid;
      const { status, connections, load } = valid.right;
      return heartbeatRow(ctx, keys, 'node', nodeId, status ?? '', encodeNodeLoad(connections, load));
    },
    leave: (nodeId) => removeRow(ctx, keys, 'node', nodeId, 'left', NodeStatus.Stopped),
    get: (nodeId) => getRow(ctx, keys, nodeId, decodeNodeColumns),
    list: () => listRows(ctx, keys, decodeNodeColumns),
  };
}

/** The game-server registry on Redis; the region claim runs inside the registration script. */
export function redisServers(ctx: RedisContext): ServerRegistry {
  const keys = entityKeyList(ctx.keys.servers);
  const { connection } = ctx;
  return {
    register: async (registration) => {
      const valid = normaliseServer(registration);
      if (E.isLeft(valid)) return valid;
      const server = valid.right;
      const reply = await connection.attempt((c) =>
        scripts.registerServer.run(c, [...keys, ctx.keys.regionMap], [
          server.id,
          encodeServerRec(server),
          encodeServerLoad(server.load),
          ctx.keys.channel,
          ctx.keyTtlMs,
          server.region === null ? '0' : '1',
        ]),
      );
      return chain(reply, (raw) => {
        const [outcome, value] = Array.isArray(raw) ? raw : [];
        if (outcome === 'conflict') return E.left(ClusterErrors.regionConflict(server.id, String(value)));
        const info: GameServerInfo = { ...server, status: ServerStatus.Active, lastHeartbeat: Number(value) };
        return E.right(info);
      });
    },
    heartbeat: async (serverId, load) => {
      const valid = validateServerLoad(load);
      if (E.isLeft(valid)) return valid;
      return heartbeatRow(ctx, keys, 'server', serverId, '', encodeServerLoad(valid.right));
    },
    deregister: (serverId) => removeRow(ctx, keys, 'server', serverId, 'deregistered', ''),
    get: (serverId) => getRow(ctx, keys, serverId, decodeServerColumns),
    list: () => listRows(ctx, keys, decodeServerColumns),
  };
}

/** The failure detector's atomic sweep on Redis. */
export async function redisSweep(ctx: RedisContext, by = ''): Result<SweepResult> {
  const { heartbeatTimeoutMs, serverTimeoutMs, retentionMs } = ctx.timings;
  const reply = await ctx.connection.attempt((c) =>
    scripts.sweep.run(c, ctx.keys.registry, [heartbeatTimeoutMs, serverTimeoutMs, retentionMs, ctx.keys.channel, by]),
  );
  return E.map((raw: unknown): SweepResult => {
    const [failedNodes, removedNodes, failedServers, removedServers] = (Array.isArray(raw) ? raw : []).map((ids: unknown) =>
      Array.isArray(ids) ? ids.map(String) : [],
    );
    return {
      failedNodes: failedNodes ?? [],
      removedNodes: removedNodes ?? [],
      failedServers: failedServers ?? [],
      removedServers: removedServers ?? [],
    };
  })(reply);
}
