import { isRight } from 'fp-ts/lib/Either.js';
import { CONFIG_KEYS, DEFAULT_CONFIG, defaultNodeId, loadConfig } from './index';

/** Every key's documented default, written out by hand so a changed default is a deliberate edit here too. */
const EXPECTED_DEFAULTS = {
  server: { address: '0.0.0.0', port: 8080, max_connections: 10_000, drain_timeout: 30, link_address: '0.0.0.0', link_port: 0 },
  cluster: {
    node_id: defaultNodeId(),
    advertise_address: '',
    discovery_interval: 10,
    health_check_interval: 5,
    heartbeat_timeout: 15,
    store: 'memory',
    redis_url: '',
    key_prefix: 'atlas',
  },
  security: {
    require_encryption: true,
    key_rotation_interval: 3600,
    token_secret: '',
    psk: '',
    psk_clients: false,
    psk_salt: '',
    pbkdf2_iterations: 600_000,
    admin_token: '',
    registration_secret: '',
    allow_anonymous: true,
    session_policy: 'takeover',
    node_identity_key_file: '',
    node_identity_key: '',
    resume_ticket_ttl: 60,
  },
  game_servers: {
    startup_timeout: 60,
    shutdown_timeout: 30,
    max_idle_time: 300,
    heartbeat_interval: 5,
    transfer_timeout: 5,
    horizon_heartbeat_timeout: 100,
    horizon_revive_grace: 120,
    horizon_sources: '127.0.0.0/8,::1/128',
    horizon_upstream: 'horizon',
    horizon_z_half_extent: 0,
    horizon_move_event: 'move',
    horizon_position_path: 'data.new_position',
    public_metadata_keys: '',
  },
  provisioning: {
    provider: 'none',
    command: '',
    max_restarts: 3,
    restart_window: 300,
    max_servers: 64,
    on_demand: false,
    cell_size: 1000,
    agones_namespace: 'default',
    agones_fleet: 'atlas-game-server',
    kubeconfig: '',
  },
  rebalance: { enabled: false, split_players: 500, split_after: 10, merge_players: 50, merge_after: 30, damping: 30, max_servers: 16, min_region_size: 50, rehome_per_second: 200 },
  spatial: { preload_distance: 100, transfer_distance: 50, hysteresis: 5, ghost_distance: 0, ghost_rings: '0.25:0,0.6:0.1,1:0.25', sync_interval: 0.05 },
  compression: { enable: true, algorithm: 'lz4', threshold: 1024 },
  logging: { level: 'info', format: 'json' },
  limits: {
    max_frame_bytes: 65_536,
    max_messages_per_second: 120,
    max_backpressure_bytes: 1_048_576,
    handshake_timeout: 10,
    idle_timeout: 60,
    transfer_buffer_messages: 256,
    held_messages: 256,
    held_bytes: 262_144,
    held_timeout: 30,
  },
  tracing: { endpoint: '', service_name: 'atlas-node', sample_ratio: 1, headers: '' },
  admin: { enabled: true, address: '127.0.0.1', port: 9090, map_plane: 'auto' },
};

describe('defaults', () => {
  it('DEFAULT_CONFIG holds the documented default of every key', () => {
    expect(DEFAULT_CONFIG).toEqual(EXPECTED_DEFAULTS);
  });

  it.each(CONFIG_KEYS.map((info) => [info.path, info] as const))('%s has a default its own codec accepts', (_path, info) => {
    expect(info.codec.is(info.default)).toBe(true);
    expect((EXPECTED_DEFAULTS as Record<string, Record<string, unknown>>)[info.section]?.[info.key]).toEqual(info.default);
  });

  it('no file, no environment, no flags: a working single node on the memory store, every value from its default', () => {
    const loaded = loadConfig({ env: {} });
    expect(isRight(loaded)).toBe(true);
    if (!isRight(loaded)) return;
    expect(loaded.right.config).toEqual(DEFAULT_CONFIG);
    expect(loaded.right.config.cluster.store).toBe('memory');
    expect(loaded.right.file).toBeUndefined();
    expect(new Set(Object.values(loaded.right.sources).map((s) => s.kind))).toEqual(new Set(['default']));
    expect(Object.keys(loaded.right.sources)).toHaveLength(CONFIG_KEYS.length);
  });

  it('derives node_id from the hostname and pid, reduced to allowed characters', () => {
    expect(DEFAULT_CONFIG.cluster.node_id).toBe(defaultNodeId());
    expect(defaultNodeId('game-host.example', 4242)).toBe('game-host.example-4242');
    expect(defaultNodeId('weird host/ü', 7)).toBe('weird-host-7');
    expect(defaultNodeId('', 7)).toBe('atlas-7');
    expect(defaultNodeId('x'.repeat(200), 123456).length).toBeLessThanOrEqual(64);
  });

  it('returns a frozen config', () => {
    expect(Object.isFrozen(DEFAULT_CONFIG)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CONFIG.server)).toBe(true);
  });
});
