// The shape of a validated Atlas configuration. Durations are in seconds
// (fractions allowed), sizes in bytes, distances in world units.

/** Cluster store backends. */
export const CLUSTER_STORES = ['memory', 'redis'] as const;
/** `memory` (single node, the default) or `redis` (several nodes). */
export type ClusterStore = (typeof CLUSTER_STORES)[number];

/** Compression algorithms for frames above the threshold. */
export const COMPRESSION_ALGORITHMS = ['lz4', 'deflate', 'none'] as const;
/** `lz4`, `deflate` or `none`. */
export type CompressionAlgorithm = (typeof COMPRESSION_ALGORITHMS)[number];

/** Log levels, most to least severe (winston's npm levels). */
export const LOG_LEVELS = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'] as const;
/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Log output formats. */
export const LOG_FORMATS = ['json', 'pretty'] as const;
/** `json` (one object per line) or `pretty` (human readable). */
export type LogFormat = (typeof LOG_FORMATS)[number];

/** What happens when a player id connects while already connected. */
export const SESSION_POLICIES = ['refuse', 'takeover'] as const;
/** Upstream kinds a Horizon-form registration may get. */
export const HORIZON_UPSTREAMS = ['horizon', 'atlas'] as const;
/** One of {@link HORIZON_UPSTREAMS}. */
export type HorizonUpstream = (typeof HORIZON_UPSTREAMS)[number];
/** `refuse` the new connection, or let it `takeover` (the old one is closed). */
export type SessionPolicy = (typeof SESSION_POLICIES)[number];

/** Who starts game servers: nobody (they start themselves), child processes, or Agones. */
export const PROVISIONING_PROVIDERS = ['none', 'process', 'agones'] as const;
/** One of {@link PROVISIONING_PROVIDERS}. */
export type ProvisioningProvider = (typeof PROVISIONING_PROVIDERS)[number];

/** `[server]`: the client-facing WebSocket listener. */
export interface ServerConfig {
  /** Bind address of the client listener. */
  readonly address: string;
  /** Port of the client listener; 0 picks a free port. */
  readonly port: number;
  /** Connections beyond this are refused at upgrade. */
  readonly max_connections: number;
  /** Seconds SIGTERM waits for players to leave before closing. */
  readonly drain_timeout: number;
  /** Bind address of the private listener game servers dial links to. */
  readonly link_address: string;
  /** Port of that listener; 0: none (links dialled to the public port, PSK required). */
  readonly link_port: number;
}

/** `[cluster]`: membership and the shared store. */
export interface ClusterConfig {
  /** This node's unique id in the cluster. */
  readonly node_id: string;
  /** `host[:port]` others use to reach this node; empty derives it. */
  readonly advertise_address: string;
  /** Seconds between full re-reads of cluster membership and the server registry. */
  readonly discovery_interval: number;
  /** Seconds between this node's heartbeats and its checks of peers and game servers. */
  readonly health_check_interval: number;
  /** Seconds without a heartbeat after which a node or game server is dead. */
  readonly heartbeat_timeout: number;
  /** Cluster store backend. */
  readonly store: ClusterStore;
  /** Redis URL (secret password) for the redis store. */
  readonly redis_url: string;
  readonly key_prefix: string;
}

/** `[security]`: encryption, tokens and secrets. */
export interface SecurityConfig {
  /** Clients must encrypt (false: plaintext offered first, encryption still granted to clients that insist). */
  readonly require_encryption: boolean;
  /** Seconds between session key rotations. */
  readonly key_rotation_interval: number;
  /** HMAC-SHA256 key for player tokens and resume tickets (secret). */
  readonly token_secret: string;
  /** Pre-shared key for PSK mode; empty disables it (secret). */
  readonly psk: string;
  readonly psk_clients: boolean;
  /** PBKDF2 salt for the pre-shared key. */
  readonly psk_salt: string;
  /** PBKDF2 iterations for the pre-shared key. */
  readonly pbkdf2_iterations: number;
  /** Bearer token for the admin endpoints (secret). */
  readonly admin_token: string;
  /** Shared secret game servers present to register (secret). */
  readonly registration_secret: string;
  /** Accept players without a token. */
  readonly allow_anonymous: boolean;
  /** Policy for a second connection of the same player. */
  readonly session_policy: SessionPolicy;
  /** PEM file of the node identity key (Ed25519); empty: Welcomes are unsigned. */
  readonly node_identity_key_file: string;
  /** The node identity key as PEM text, instead of the file (secret). */
  readonly node_identity_key: string;
  /** Seconds a resume ticket stays valid after a disconnect. */
  readonly resume_ticket_ttl: number;
}

/** `[game_servers]`: lifecycle of registered game servers. */
export interface GameServersConfig {
  /** Seconds a starting game server has to become ready. */
  readonly startup_timeout: number;
  /** Seconds a stopping game server has to hand its players over. */
  readonly shutdown_timeout: number;
  /** Seconds an empty game server may idle before it is released. */
  readonly max_idle_time: number;
  /** Seconds between heartbeats a game server is expected to send. */
  readonly heartbeat_interval: number;
  /** Seconds a transfer target has to acknowledge before the transfer aborts. */
  readonly transfer_timeout: number;
  /** Registration metadata keys `/servers` shows (comma-separated); empty: none. */
  readonly public_metadata_keys: string;
  /** Seconds without a heartbeat before a Horizon-form registration is failed. */
  readonly horizon_heartbeat_timeout: number;
  /** Seconds after its failure during which a Horizon server's late heartbeat re-activates it. */
  readonly horizon_revive_grace: number;
  /** Source networks (CIDRs) Horizon-form registrations and their heartbeats are accepted from. */
  readonly horizon_sources: string;
  /** Upstream for Horizon-form registrations: `horizon` (per-player JSON passthrough) or `atlas` (an Atlas link). */
  readonly horizon_upstream: HorizonUpstream;
  /** Half the Z extent of a Horizon region around its centre; 0 = every Z (a column). */
  readonly horizon_z_half_extent: number;
  /** `event` of the Horizon client messages that carry the player's position. */
  readonly horizon_move_event: string;
  /** Dotted path of `{x, y, z}` inside such a message. */
  readonly horizon_position_path: string;
}

/** `[provisioning]`: starting and stopping game servers for regions. */
export interface ProvisioningConfig {
  /** Who starts game servers. */
  readonly provider: ProvisioningProvider;
  /** Process provider: the command line, with `{placeholders}` for the region. */
  readonly command: string;
  /** Restarts of a crashed server per region within `restart_window`. */
  readonly max_restarts: number;
  /** Seconds over which `max_restarts` is counted. */
  readonly restart_window: number;
  /** Most provisioned servers at once. */
  readonly max_servers: number;
  /** Start a server for an unowned cell a player walks into. */
  readonly on_demand: boolean;
  /** Edge, in world units, of the x/y cells `on_demand` starts servers for. */
  readonly cell_size: number;
  /** Agones: namespace of the fleet and the allocations. */
  readonly agones_namespace: string;
  /** Agones: the Fleet whose Ready game servers are allocated. */
  readonly agones_fleet: string;
  /** Agones: kubeconfig file; empty means in-cluster service account. */
  readonly kubeconfig: string;
}

/** `[spatial]`: preload and transfer decisions. */
export interface SpatialConfig {
  /** Distance to a neighbouring region at which it preloads the player. */
  readonly preload_distance: number;
  /** Distance to the border at which the handover starts. */
  readonly transfer_distance: number;
  /** Margin past the border that prevents ping-pong transfers. */
  readonly hysteresis: number;
  /** Distance to a neighbouring region within which a player is ghosted there (0: preload_distance). */
  readonly ghost_distance: number;
  /** Ghost update rings, `fraction:seconds,...` (parse with parseGhostRings). */
  readonly ghost_rings: string;
  /** Seconds between state syncs to clients. */
  readonly sync_interval: number;
}

/** `[compression]`: frame compression. */
export interface CompressionConfig {
  /** Compress frames above the threshold. */
  readonly enable: boolean;
  /** Algorithm for compressed frames. */
  readonly algorithm: CompressionAlgorithm;
  /** Bytes below which frames are sent uncompressed. */
  readonly threshold: number;
}

/** `[logging]`. */
export interface LoggingConfig {
  /** Least severe level that is logged. */
  readonly level: LogLevel;
  /** Output format. */
  readonly format: LogFormat;
}

/** `[limits]`: per-connection limits. */
export interface LimitsConfig {
  /** Largest inbound frame in bytes. */
  readonly max_frame_bytes: number;
  /** Inbound messages per second per connection. */
  readonly max_messages_per_second: number;
  /** Outbound bytes queued per connection before the node acts. */
  readonly max_backpressure_bytes: number;
  /** Seconds a client has to finish the handshake. */
  readonly handshake_timeout: number;
  /** Seconds of silence after which a connection is closed. */
  readonly idle_timeout: number;
  /** Messages buffered per player during a transfer. */
  readonly transfer_buffer_messages: number;
  /** Reliable actions held per player while unroutable or unacknowledged. */
  readonly held_messages: number;
  /** Bytes of reliable actions held per player. */
  readonly held_bytes: number;
  /** Seconds a held action may wait for a game server. */
  readonly held_timeout: number;
}

/** `[tracing]`: OpenTelemetry traces over OTLP/HTTP (protobuf); off while `endpoint` is empty. */
export interface TracingConfig {
  /** OTLP/HTTP traces endpoint URL; empty turns tracing off. */
  readonly endpoint: string;
  /** `service.name` of the spans. */
  readonly service_name: string;
  /** Fraction of root traces sampled, 0..1. */
  readonly sample_ratio: number;
  /** Export headers, `name=value` pairs separated by commas. */
  readonly headers: string;
}

/** Planes the admin map can draw: `auto` picks the two axes the regions divide. */
export const MAP_PLANES = ['auto', 'xy', 'xz', 'yz'] as const;
/** One of {@link MAP_PLANES}. */
export type MapPlaneSetting = (typeof MAP_PLANES)[number];

/** `[admin]`: the admin HTTP listener (/admin, /servers). */
export interface AdminConfig {
  /** Serve the admin endpoints. */
  readonly enabled: boolean;
  /** Bind address of the admin listener. */
  readonly address: string;
  /** Port of the admin listener; 0 picks a free port. */
  readonly port: number;
  /** The two world axes the admin map draws. */
  readonly map_plane: MapPlaneSetting;
}

/** `[rebalance]`: live region split and merge. */
export interface RebalanceConfig {
  /** Split hot regions and merge cold neighbours. */
  readonly enabled: boolean;
  /** Players above which a region is hot. */
  readonly split_players: number;
  /** Seconds a region stays hot before it splits. */
  readonly split_after: number;
  /** Players below which a region is cold. */
  readonly merge_players: number;
  /** Seconds two neighbours stay cold before they merge. */
  readonly merge_after: number;
  /** Seconds after a change before the next may start. */
  readonly damping: number;
  /** Most regions the map may hold. */
  readonly max_servers: number;
  /** Narrowest half a split may leave, in world units. */
  readonly min_region_size: number;
  /** Players handed over per second per node after a change. */
  readonly rehome_per_second: number;
}

/** A complete, validated Atlas configuration. */
export interface AtlasConfig {
  readonly server: ServerConfig;
  readonly cluster: ClusterConfig;
  readonly security: SecurityConfig;
  readonly game_servers: GameServersConfig;
  readonly provisioning: ProvisioningConfig;
  readonly rebalance: RebalanceConfig;
  readonly spatial: SpatialConfig;
  readonly compression: CompressionConfig;
  readonly logging: LoggingConfig;
  readonly limits: LimitsConfig;
  readonly tracing: TracingConfig;
  readonly admin: AdminConfig;
}

/** A section name, e.g. `server`. */
export type ConfigSection = keyof AtlasConfig;

/** A dotted key path, e.g. `server.port`. */
export type ConfigKeyPath = {
  [S in ConfigSection]: `${S}.${keyof AtlasConfig[S] & string}`;
}[ConfigSection];

/** Where a value came from. */
export type ConfigSource =
  | { readonly kind: 'default' }
  | { readonly kind: 'file'; readonly file: string; readonly line: number | undefined }
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'cli'; readonly flag: string }
  | { readonly kind: 'override' };

/** The source of every key of a loaded configuration. */
export type ConfigSources = Readonly<Record<ConfigKeyPath, ConfigSource>>;

/** A validated configuration with the source of each value. */
export interface LoadedConfig {
  readonly config: AtlasConfig;
  readonly sources: ConfigSources;
  /** Absolute path of the TOML file read, if any. */
  readonly file: string | undefined;
  /** Deprecated names that were used (`security.enable_encryption is deprecated: use ...`), for a warning. */
  readonly warnings?: readonly string[];
}

/** A partial configuration, for programmatic overrides. */
export type ConfigOverrides = { readonly [S in ConfigSection]?: Partial<AtlasConfig[S]> };
