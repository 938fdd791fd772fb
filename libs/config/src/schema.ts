// The schema: every key with its codec, default, reloadability, secrecy and
// documentation. Docs, the example file, env names and validation all derive
// from this one table, so they cannot drift apart.
import {
  advertiseAddress,
  boolean,
  bytes,
  cidrList,
  dottedPath,
  ghostRings,
  decimal,
  host,
  headerList,
  httpUrl,
  integer,
  label,
  nodeId,
  oneOf,
  metadataKeys,
  redisUrl,
  salt,
  secret,
  seconds,
  text,
  type ValueCodec,
} from './codecs';
import {
  CLUSTER_STORES,
  COMPRESSION_ALGORITHMS,
  HORIZON_UPSTREAMS,
  LOG_FORMATS,
  LOG_LEVELS,
  MAP_PLANES,
  PROVISIONING_PROVIDERS,
  SESSION_POLICIES,
  type AtlasConfig,
} from './config-types';
import { defaultNodeId } from './node-id';

/** How a secret value is hidden when printed: entirely, or only a URL's password. */
export type Redaction = 'none' | 'whole' | 'url-password';

/** Everything known about one key. */
export interface KeySpec<A> {
  readonly codec: ValueCodec<A>;
  readonly default: A;
  /** How the default reads in docs when it is computed (node_id). */
  readonly defaultText: string | undefined;
  readonly reloadable: boolean;
  readonly redact: Redaction;
  readonly doc: string;
  /** Accepted environment names besides `ATLAS_<SECTION>_<KEY>`. */
  readonly envAliases: readonly string[];
}

/** A schema entry per key of T. */
export type SchemaFor<T> = { readonly [S in keyof T]: { readonly [K in keyof T[S]]: KeySpec<T[S][K]> } };

interface KeyFlags {
  reloadable?: boolean;
  redact?: Redaction;
  defaultText?: string;
  envAliases?: readonly string[];
}

function key<A>(codec: ValueCodec<A>, value: A, doc: string, flags: KeyFlags = {}): KeySpec<A> {
  return {
    codec,
    default: value,
    doc,
    defaultText: flags.defaultText,
    reloadable: flags.reloadable ?? false,
    redact: flags.redact ?? 'none',
    envAliases: flags.envAliases ?? [],
  };
}

const reloadable = { reloadable: true } as const;
const whole = { redact: 'whole' } as const;
const port = integer(0, 65_535);
const DAY = 86_400;

/** The schema of every section and key, in documentation order. */
export const SCHEMA: SchemaFor<AtlasConfig> = {
  server: {
    address: key(host, '0.0.0.0', 'Bind address of the client WebSocket listener.', {
      envAliases: ['HORIZON_SERVER_ADDRESS'],
    }),
    port: key(port, 8080, 'Port of the client listener. 0 picks a free port (tests).', { envAliases: ['HORIZON_SERVER_PORT'] }),
    max_connections: key(integer(1, 1_000_000), 10_000, 'Client connections beyond this are refused at upgrade; existing ones stay.', reloadable),
    drain_timeout: key(seconds(0, 3_600), 30, 'On SIGTERM the node stops accepting players and waits this long for them to move or leave before it closes.'),
    link_address: key(host, '0.0.0.0', 'Bind address of the private listener game servers dial their links to (`link_port`). Bind it to the network the game servers are on.'),
    link_port: key(port, 0, 'Port of a private listener for links dialled by game servers (`ws://host:port/atlas/link`, docs/deploy.md). 0: none; such links then go to `server.port` and are accepted only with `security.psk` set.'),
  },
  cluster: {
    node_id: key(nodeId, defaultNodeId(), 'Unique id of this node in the cluster. Two live nodes with one id corrupt each other\'s sessions.', {
      defaultText: '"<hostname>-<pid>"',
      envAliases: ['HORIZON_CLUSTER_NODE_ID'],
    }),
    advertise_address: key(advertiseAddress, '', 'Address (`host` or `host:port`) other nodes and redirected clients use to reach this node. Empty: the hostname and `server.port`.'),
    discovery_interval: key(seconds(0.1, DAY), 10, 'Seconds between full re-reads of node membership and the game-server registry (changes are also pushed).'),
    health_check_interval: key(seconds(0.1, 3_600), 5, 'Seconds between this node\'s own heartbeats and its checks of peers and game servers.'),
    heartbeat_timeout: key(seconds(0.1, 3_600), 15, 'Seconds without a heartbeat after which a node or game server is declared dead. Keep it about 3x the heartbeat intervals.'),
    store: key(oneOf(CLUSTER_STORES), 'memory', '`memory`: a single node, no services. `redis`: several nodes sharing `redis_url`.'),
    redis_url: key(redisUrl, '', 'Redis URL for `store = "redis"`, e.g. `redis://:password@127.0.0.1:6379/0`.', {
      redact: 'url-password',
    }),
    key_prefix: key(label, 'atlas', 'Prefix of every Redis key and channel of this cluster. Give each cluster sharing one Redis its own: pub/sub ignores database numbers.'),
  },
  security: {
    require_encryption: key(
      boolean,
      true,
      'Clients must encrypt: the node offers only encrypted codecs (ephemeral X25519 or P-256 + HKDF-SHA256, AES-256-GCM). `false`: plaintext is offered first and chosen when the client offers it, and a client that insists on encryption still gets it. Formerly `enable_encryption` (still read, with a warning).',
      { envAliases: ['ATLAS_SECURITY_ENABLE_ENCRYPTION'] },
    ),
    key_rotation_interval: key(seconds(1, 7 * DAY), 3_600, 'Seconds between session key rotations.'),
    token_secret: key(secret(32), '', 'HMAC-SHA256 key that verifies player tokens and signs resume tickets. Empty: only anonymous players (and a per-process ticket key). Shared by all nodes.', whole),
    psk: key(secret(16), '', 'Pre-shared key for closed deployments (clients derive the same key with PBKDF2). Empty: PSK mode off.', whole),
    psk_clients: key(boolean, false, 'Require game clients to use `psk` too (closed deployments). When false, `psk` only authenticates node <-> game-server links and public clients use the ephemeral key exchange.'),
    psk_salt: key(salt, '', 'PBKDF2 salt for `psk` (at least 16 characters, unique per deployment; game servers and clients must use the same). Required when `psk` is set: there is no built-in salt.'),
    pbkdf2_iterations: key(integer(100_000, 10_000_000), 600_000, 'PBKDF2-HMAC-SHA256 iterations for `psk` (OWASP 2023 recommends 600,000).'),
    admin_token: key(secret(16), '', 'Bearer token the admin endpoints require. Empty is allowed only while `admin.address` is a loopback address.', whole),
    registration_secret: key(secret(16), '', 'Shared secret game servers present to the registration API. Empty: registration is accepted only from loopback addresses.', whole),
    allow_anonymous: key(boolean, true, 'Accept players without a token (they get a generated player id). Set false in production with `token_secret`.'),
    session_policy: key(oneOf(SESSION_POLICIES), 'takeover', 'A second connection of a connected player: `takeover` closes the old one, `refuse` rejects the new one.'),
    node_identity_key_file: key(
      text('empty, or a file path', (s) => s.trim() === s),
      '',
      'PEM file of the node identity key (Ed25519, PKCS#8: `openssl genpkey -algorithm ed25519`). The node signs its version-2 Welcome with it and logs the public key at start; clients that pin it refuse a node (or a man in the middle) without it. Use the same key on every node of a cluster. Empty: unsigned Welcomes (clients cannot authenticate the node).',
    ),
    node_identity_key: key(
      text('empty, or a PEM private key', (s) => s === '' || s.includes('-----BEGIN')),
      '',
      'The node identity key itself, as PEM text (e.g. from a secret store through `ATLAS_SECURITY_NODE_IDENTITY_KEY`), instead of `node_identity_key_file`.',
      whole,
    ),
    resume_ticket_ttl: key(seconds(0, DAY), 60, 'Seconds a disconnected player may resume with its ticket, on any node, counted from the disconnect; each ticket resumes once, never a live session, and a clean close voids it. 0 disables resume.'),
  },
  game_servers: {
    startup_timeout: key(seconds(1, 3_600), 60, 'Seconds a provisioned game server has to register and get its link up; then it is stopped and the start fails.'),
    shutdown_timeout: key(seconds(0, 3_600), 30, 'Seconds a provisioned game server has to stop after it is asked to (SIGTERM, or the GameServer deleted); then it is killed.'),
    max_idle_time: key(seconds(0, 7 * DAY), 300, 'Seconds a provisioned game server may stay without players before it is stopped. 0 keeps it forever.'),
    heartbeat_interval: key(seconds(0.1, 3_600), 5, 'Seconds between the heartbeats a game server sends (told to it at registration).'),
    transfer_timeout: key(seconds(0.1, 600), 5, 'Seconds a transfer target has to acknowledge; then the transfer aborts and the player stays.'),
    public_metadata_keys: key(
      metadataKeys,
      '',
      'Registration metadata keys `/servers` shows, comma-separated (e.g. `zone,shard`). Empty: none; every other key a game server registers stays private, whatever its name.',
      reloadable,
    ),
    horizon_heartbeat_timeout: key(seconds(1, 3_600), 100, 'Seconds without a heartbeat after which a Horizon-form registration is failed. Horizon heartbeats every 30 s, fixed, and never re-registers: keep it above 3 of its intervals (90).'),
    horizon_revive_grace: key(seconds(0, DAY), 120, 'Seconds after a Horizon server was failed during which a late heartbeat re-activates it, if its region is still free (else 404). 0: never. Bounded by the failed record\'s retention (`max(60, 10 x cluster.heartbeat_timeout)` s, and at least the session records\' TTL, docs/deploy.md).'),
    horizon_sources: key(cidrList, '127.0.0.0/8,::1/128', 'Source networks (comma-separated CIDRs) from which Horizon-form registrations and heartbeats are accepted without `security.registration_secret` (Horizon sends no credentials). Empty: only with the secret, which Horizon cannot send.'),
    horizon_upstream: key(oneOf(HORIZON_UPSTREAMS), 'horizon', 'How the node reaches a server that registered in Horizon\'s form: `horizon` (one WebSocket per player to its player endpoint, JSON passed through, see docs/horizon.md) or `atlas` (an Atlas link at `ws://host:port/atlas`).'),
    horizon_z_half_extent: key(decimal(0, 1e9), 0, 'Horizon sends only the X half-extent of its region: Atlas takes X and Y as centre +- that half-extent, and Z as centre +- this value; 0 means every Z (a column). Set it (e.g. 100 for Horizon\'s default `[server.region]`) to stack Horizon regions along Z.'),
    horizon_move_event: key(label, 'move', 'The `event` of Horizon client messages that carry the player\'s position (Horizon\'s channel-0 `gorc_event` `move`). Read for routing only; the message is forwarded unchanged.', reloadable),
    horizon_position_path: key(dottedPath, 'data.new_position', 'Dotted path of the `{x, y, z}` position inside such a message (Horizon\'s `PlayerMoveRequest.new_position`).', reloadable),
  },
  provisioning: {
    provider: key(oneOf(PROVISIONING_PROVIDERS), 'none', '`none`: game servers start themselves and register. `process`: the node runs `command` per region as child processes. `agones`: the node allocates GameServers from `agones_fleet`.'),
    command: key(text('command line', (s) => s.trim() === s), '', 'Process provider: the game-server command line, split on spaces (no shell). Placeholders: `{node}` (this Node.js binary), `{name}`, `{region}` (minX,minY,minZ,maxX,maxY,maxZ), `{min_x}`..`{max_z}`, `{node_url}` (this node\'s registration URL). The registration secret is passed as env `ATLAS_REGISTRATION_SECRET`, never on the command line.'),
    max_restarts: key(integer(0, 1_000), 3, 'Restarts of a crashed provisioned server per region within `restart_window`; past it the region stays down until asked again.'),
    restart_window: key(seconds(1, DAY), 300, 'Seconds over which `max_restarts` is counted.'),
    max_servers: key(integer(1, 100_000), 64, 'Most game servers this node provisions at once; further starts fail with `limit`.'),
    on_demand: key(boolean, false, 'Start a server for the `cell_size` cell a player walks into when no server owns it (with a provider other than `none`).'),
    cell_size: key(decimal(0, 1e9, { exclusiveMin: true }), 1_000, 'Edge, in world units, of the square x/y cells `on_demand` provisions (aligned at 0; z spans -1e6..1e6).'),
    agones_namespace: key(label, 'default', 'Agones provider: namespace of the Fleet and of the GameServerAllocations.'),
    agones_fleet: key(label, 'atlas-game-server', 'Agones provider: the Fleet whose Ready GameServers are allocated (selector `agones.dev/fleet`).'),
    kubeconfig: key(text('empty, or a file path', (s) => s.trim() === s), '', 'Agones provider: kubeconfig file. Empty: the pod\'s service account (in-cluster).'),
  },
  rebalance: {
    enabled: key(boolean, false, 'Split a region whose server stays above `split_players`, and merge two neighbours that stay below `merge_players`, while the world runs (needs a `provisioning.provider`). One node decides at a time (a cluster lease).'),
    split_players: key(integer(1, 1_000_000), 500, 'Players (as the server reports them) above which a region is hot. A region hot for `split_after` is cut in two and one half gets a newly provisioned server.'),
    split_after: key(seconds(0, DAY), 10, 'Seconds a region must stay hot before it is split.'),
    merge_players: key(integer(0, 1_000_000), 50, 'Players below which a region is cold. Two face-adjacent cold regions whose union is a box, cold for `merge_after`, merge: the survivor takes both, the other server is drained, then stopped if the deciding node provisioned it. At most half of `split_players`, so a merged region is never hot.'),
    merge_after: key(seconds(0, DAY), 30, 'Seconds two neighbours must stay cold before they merge.'),
    damping: key(seconds(0, DAY), 30, 'Seconds after a region map change (or an aborted one) during which no other split or merge starts, so the world settles and regions never flap.'),
    max_servers: key(integer(1, 100_000), 16, 'Most live regions (servers owning bounds under the region map) the world may hold: no split beyond it.'),
    min_region_size: key(decimal(0, 1e9, { exclusiveMin: true }), 50, 'Neither half of a split may be narrower than this, in world units, on the cut axis.'),
    rehome_per_second: key(integer(1, 1_000_000), 200, 'Players each node hands over per second after a map change (normal lossless transfers, reason `Rebalance`), so the new owner is not hit by everyone at once.'),
  },
  spatial: {
    preload_distance: key(decimal(0, 1e9, { exclusiveMin: true }), 100, 'A player this close to a neighbouring region is preloaded there.', reloadable),
    transfer_distance: key(decimal(0, 1e9), 50, 'Distance to the border at which the handover to the neighbour starts. Below `preload_distance`.', reloadable),
    hysteresis: key(decimal(0, 1e9), 5, 'Margin a player must pass beyond a border before being transferred (back), so border walkers do not ping-pong.', reloadable),
    ghost_distance: key(decimal(0, 1e9), 0, 'A player this close to a neighbouring region is streamed to it as a ghost (protocol v2 links only). 0: `preload_distance`; at most `preload_distance`.', reloadable),
    ghost_rings: key(ghostRings, '0.25:0,0.6:0.1,1:0.25', 'Ghost update rate by distance ring: `fraction:seconds` pairs, the fraction of `ghost_distance` each ring reaches and the least time between two updates in it (0: every move).', reloadable),
    sync_interval: key(seconds(0.001, 60), 0.05, 'Seconds between state syncs to clients (0.05 = 20 Hz).'),
  },
  compression: {
    enable: key(boolean, true, 'Compress frames above `threshold`.'),
    algorithm: key(oneOf(COMPRESSION_ALGORITHMS), 'lz4', 'Algorithm for compressed frames: `lz4` (fast), `deflate` (smaller), `none`.'),
    threshold: key(bytes(0, 16_777_216), 1_024, 'Frames smaller than this many bytes are sent uncompressed.'),
  },
  logging: {
    level: key(oneOf(LOG_LEVELS), 'info', 'Least severe level logged.', reloadable),
    format: key(oneOf(LOG_FORMATS), 'json', '`json`: one object per line (for collectors). `pretty`: for humans.'),
  },
  limits: {
    max_frame_bytes: key(bytes(64, 16_777_216), 65_536, 'Largest inbound frame; a bigger one closes the connection with a named code.', reloadable),
    max_messages_per_second: key(integer(1, 100_000), 120, 'Inbound messages per second per connection (token bucket).', reloadable),
    max_backpressure_bytes: key(bytes(1_024, 1_073_741_824), 1_048_576, 'Outbound bytes buffered per connection; beyond it updates are coalesced, then the connection is closed.', reloadable),
    handshake_timeout: key(seconds(0.1, 600), 10, 'Seconds a client has to complete the handshake.', reloadable),
    idle_timeout: key(seconds(1, DAY), 60, 'Seconds without any inbound message after which a connection is closed.', reloadable),
    transfer_buffer_messages: key(integer(1, 1_000_000), 256, 'Messages buffered per player while a transfer is in flight (the buffer is bounded).', reloadable),
    held_messages: key(integer(1, 1_000_000), 256, 'Reliable actions held per player while no game server can take them (parked, unplaced) or until its server acknowledges them.', reloadable),
    held_bytes: key(bytes(1_024, 1_073_741_824), 262_144, 'Bytes of reliable actions held per player (as for `held_messages`); what does not fit is dropped and the player told which seqs.', reloadable),
    held_timeout: key(seconds(0.1, DAY), 30, 'Seconds a reliable action may wait for a game server before it is dropped and the player told which seqs.', reloadable),
  },
  tracing: {
    endpoint: key(httpUrl, '', 'OTLP/HTTP (protobuf) traces endpoint, e.g. `http://otel-collector:4318/v1/traces`. Empty: tracing is off and no OpenTelemetry code is loaded. See docs/tracing.md.'),
    service_name: key(label, 'atlas-node', 'The `service.name` resource attribute of every span.'),
    sample_ratio: key(decimal(0, 1), 1, 'Fraction of traces kept (parent-based: a span follows its parent\'s decision; roots are sampled by trace id).'),
    headers: key(headerList, '', 'HTTP headers sent with every export, as comma-separated `name=value` pairs (e.g. an API key).', whole),
  },
  admin: {
    enabled: key(boolean, true, 'Serve `/admin` and `/servers` on their own listener.'),
    address: key(host, '127.0.0.1', 'Bind address of the admin listener.'),
    port: key(port, 9090, 'Port of the admin listener. 0 picks a free port.'),
    map_plane: key(oneOf(MAP_PLANES), 'auto', 'World axes the admin map draws (horizontal, vertical): `auto` picks the two axes the regions divide, else `xy`, `xz` or `yz`.', reloadable),
  },
};
