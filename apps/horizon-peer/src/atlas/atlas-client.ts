/**
 * Horizon's registration and heartbeat loop, failure behaviour included: one registration
 * attempt, never retried; heartbeats at a fixed interval (the answer's
 * `heartbeat_interval_secs` is parsed and ignored), the first at once; the first failed
 * heartbeat (transport error, a status without 200/201, or an answer serde cannot parse)
 * stops heartbeats for good. A 200 with `success: false` only logs. Never unregisters.
 *
 * Followed: Far-Beyond-Dev/Horizon `crates/game_server/src/atlas_client.rs` (b11774f)
 * lines 130-163 (`register`), 166-215 (`heartbeat`), 262-293 (`start_heartbeat_loop`:
 * tokio `interval` ticks at once, `connected=false` on error, later ticks skip),
 * 349-381 (`register_with_atlas`: no retry); `crates/horizon/src/app.rs` 110-118
 * (registration before the server starts listening).
 */
import * as E from 'fp-ts/lib/Either.js';
import { heartbeatBody, registrationBody, type RegistrationSource } from './payloads';
import { horizonRequest } from './raw-http';
import { parseHeartbeat, parseRegistration } from './responses';

/** Horizon's `AtlasConfig::heartbeat_interval_secs` default (the env sets no other). */
export const HORIZON_HEARTBEAT_INTERVAL_MS = 30_000;

/** A line of what happened, for the peer's stdout. */
export type Report = (event: string, data: Record<string, unknown>) => void;

/** The running heartbeat loop. */
export interface HeartbeatLoop {
  /** Whether heartbeats still go out (false after the first failure). */
  connected(): boolean;
  stop(): void;
}

/** The one registration attempt; Right is the assigned server id. */
export async function registerOnce(atlas: string, src: RegistrationSource, report: Report): Promise<E.Either<string, string>> {
  const body = registrationBody(src);
  report('registering', { atlas, body });
  const answer = await horizonRequest(atlas, 'POST', '/api/v1/servers/register', body);
  const parsed = E.flatMap(parseRegistration)(answer);
  if (E.isLeft(parsed)) {
    report('registration_failed', { error: parsed.left });
    return parsed;
  }
  const r = parsed.right;
  if (!r.success) {
    report('registration_failed', { error: r.message });
    return E.left(r.message);
  }
  report('registered', { serverId: r.server_id, heartbeatIntervalSecs: r.heartbeat_interval_secs, adjacent: r.adjacent_servers.map((a) => a.server_id) });
  return E.right(r.server_id);
}

/** Starts heartbeating `serverId` every `intervalMs`, the first at once. */
export function startHeartbeats(atlas: string, serverId: string, capacity: number, intervalMs: number, report: Report): HeartbeatLoop {
  let connected = true;
  let sent = 0;
  const beat = async (): Promise<void> => {
    if (!connected) return; // "Heartbeat skipped: not connected to Atlas"
    const n = ++sent;
    const answer = await horizonRequest(atlas, 'PUT', `/api/v1/servers/${serverId}/heartbeat`, heartbeatBody(serverId, capacity));
    const parsed = E.flatMap(parseHeartbeat)(answer);
    if (E.isLeft(parsed)) {
      connected = false;
      report('heartbeat_failed', { n, error: parsed.left, stopped: true });
      return;
    }
    const r = parsed.right;
    report('heartbeat', { n, success: r.success, message: r.message, commands: r.commands.map((c) => c.type) });
  };
  void beat();
  const timer = setInterval(() => void beat(), intervalMs);
  return {
    connected: () => connected,
    stop: () => clearInterval(timer),
  };
}
