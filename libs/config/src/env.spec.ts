import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { CONFIG_KEYS, loadConfig, type ConfigError, type LoadedConfig } from './index';

function load(env: Record<string, string>): LoadedConfig {
  const result = loadConfig({ env });
  if (isLeft(result)) throw new Error(JSON.stringify(result.left));
  return result.right;
}

function errorsOf(env: Record<string, string>): ConfigError[] {
  const result = loadConfig({ env });
  if (isRight(result)) throw new Error('expected errors');
  return result.left;
}

/** A valid, non-default string for every key, with the value it must read as; consistent together. */
const SAMPLES: Record<string, [string, unknown]> = {
  'server.address': ['127.0.0.2', '127.0.0.2'],
  'server.port': ['9000', 9000],
  'server.max_connections': ['20_000', 20_000],
  'server.drain_timeout': ['2.5', 2.5],
  'server.link_address': ['10.0.0.4', '10.0.0.4'],
  'server.link_port': ['7300', 7300],
  'cluster.node_id': ['node-a', 'node-a'],
  'cluster.advertise_address': ['atlas-1.internal:9000', 'atlas-1.internal:9000'],
  'cluster.discovery_interval': ['20', 20],
  'cluster.health_check_interval': ['2', 2],
  'cluster.heartbeat_timeout': ['7.5', 7.5],
  'cluster.store': ['redis', 'redis'],
  'cluster.redis_url': ['redis://:pw@127.0.0.1:6379/1', 'redis://:pw@127.0.0.1:6379/1'],
  'cluster.key_prefix': ['atlas-eu', 'atlas-eu'],
  'security.require_encryption': ['false', false],
  'security.key_rotation_interval': ['600', 600],
  'security.token_secret': ['t'.repeat(32), 't'.repeat(32)],
  'security.psk': ['p'.repeat(16), 'p'.repeat(16)],
  'security.psk_clients': ['true', true],
  'security.node_identity_key_file': ['/etc/atlas/node.pem', '/etc/atlas/node.pem'],
  // Empty: set together with the key file it would break the one-node-identity-key rule.
  'security.node_identity_key': ['', ''],
  'security.psk_salt': ['deployment-salt-2026', 'deployment-salt-2026'],
  'security.pbkdf2_iterations': ['100000', 100_000],
  'security.admin_token': ['a'.repeat(16), 'a'.repeat(16)],
  'security.registration_secret': ['r'.repeat(16), 'r'.repeat(16)],
  'security.allow_anonymous': ['no', false],
  'security.session_policy': ['refuse', 'refuse'],
  'security.resume_ticket_ttl': ['0', 0],
  'game_servers.startup_timeout': ['90', 90],
  'game_servers.shutdown_timeout': ['10', 10],
  'game_servers.max_idle_time': ['0', 0],
  'game_servers.heartbeat_interval': ['1', 1],
  'game_servers.transfer_timeout': ['0.5', 0.5],
  'game_servers.public_metadata_keys': ['zone,shard', 'zone,shard'],
  'game_servers.horizon_heartbeat_timeout': ['95', 95],
  'game_servers.horizon_revive_grace': ['0', 0],
  'game_servers.horizon_sources': ['10.0.0.0/8, fd00::/8', '10.0.0.0/8, fd00::/8'],
  'game_servers.horizon_upstream': ['atlas', 'atlas'],
  'game_servers.horizon_z_half_extent': ['100', 100],
  'game_servers.horizon_move_event': ['walk', 'walk'],
  'game_servers.horizon_position_path': ['data.pos', 'data.pos'],
  'provisioning.provider': ['agones', 'agones'],
  'provisioning.command': ['{node} sim.js --region {region}', '{node} sim.js --region {region}'],
  'provisioning.max_restarts': ['0', 0],
  'provisioning.restart_window': ['30', 30],
  'provisioning.max_servers': ['4', 4],
  'provisioning.on_demand': ['true', true],
  'provisioning.cell_size': ['250.5', 250.5],
  'provisioning.agones_namespace': ['games', 'games'],
  'provisioning.agones_fleet': ['world-eu', 'world-eu'],
  'provisioning.kubeconfig': ['/etc/atlas/kubeconfig', '/etc/atlas/kubeconfig'],
  'rebalance.enabled': ['false', false],
  'rebalance.split_players': ['100', 100],
  'rebalance.split_after': ['2.5', 2.5],
  'rebalance.merge_players': ['10', 10],
  'rebalance.merge_after': ['60', 60],
  'rebalance.damping': ['0', 0],
  'rebalance.max_servers': ['8', 8],
  'rebalance.min_region_size': ['12.5', 12.5],
  'rebalance.rehome_per_second': ['50', 50],
  'spatial.preload_distance': ['64.5', 64.5],
  'spatial.transfer_distance': ['32', 32],
  'spatial.hysteresis': ['0', 0],
  'spatial.ghost_distance': ['30', 30],
  'spatial.ghost_rings': ['0.5:0,1:0.2', '0.5:0,1:0.2'],
  'spatial.sync_interval': ['1e-2', 0.01],
  'compression.enable': ['OFF', false],
  'compression.algorithm': ['deflate', 'deflate'],
  'compression.threshold': ['0', 0],
  'logging.level': ['debug', 'debug'],
  'logging.format': ['pretty', 'pretty'],
  'limits.max_frame_bytes': ['4096', 4096],
  'limits.max_messages_per_second': ['30', 30],
  'limits.max_backpressure_bytes': ['65536', 65_536],
  'limits.handshake_timeout': ['3', 3],
  'limits.idle_timeout': ['15', 15],
  'limits.transfer_buffer_messages': ['64', 64],
  'tracing.endpoint': ['http://otel:4318/v1/traces', 'http://otel:4318/v1/traces'],
  'tracing.service_name': ['atlas-eu', 'atlas-eu'],
  'tracing.sample_ratio': ['0.25', 0.25],
  'tracing.headers': ['authorization=Bearer k,x-team=atlas', 'authorization=Bearer k,x-team=atlas'],
  'limits.held_messages': ['32', 32],
  'limits.held_bytes': ['65536', 65_536],
  'limits.held_timeout': ['2.5', 2.5],
  'admin.enabled': ['1', true],
  'admin.address': ['0.0.0.0', '0.0.0.0'],
  'admin.port': ['9191', 9191],
  'admin.map_plane': ['xz', 'xz'],
};

describe('environment overrides', () => {
  it('has a sample for every key', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(CONFIG_KEYS.map((k) => k.path).sort());
  });

  describe('ATLAS_<SECTION>_<KEY> for every key, parsed to its type', () => {
    const env = Object.fromEntries(CONFIG_KEYS.map((info) => [info.env, SAMPLES[info.path]?.[0] ?? '']));
    const loaded = load(env);
    it.each(CONFIG_KEYS.map((info) => [info.env, info] as const))('%s', (name, info) => {
      const section = loaded.config[info.section] as unknown as Record<string, unknown>;
      expect(section[info.key]).toEqual(SAMPLES[info.path]?.[1]);
      expect(loaded.sources[info.path]).toEqual({ kind: 'env', name });
    });
  });

  it('accepts the original HORIZON_* names', () => {
    const loaded = load({ HORIZON_SERVER_ADDRESS: '10.0.0.1', HORIZON_SERVER_PORT: '7000', HORIZON_CLUSTER_NODE_ID: 'horizon-1' });
    expect(loaded.config.server).toMatchObject({ address: '10.0.0.1', port: 7000 });
    expect(loaded.config.cluster.node_id).toBe('horizon-1');
    expect(loaded.sources['server.port']).toEqual({ kind: 'env', name: 'HORIZON_SERVER_PORT' });
  });

  it('prefers the ATLAS_ name over its HORIZON_ alias', () => {
    const loaded = load({ HORIZON_SERVER_PORT: '7000', ATLAS_SERVER_PORT: '7001' });
    expect(loaded.config.server.port).toBe(7001);
    expect(loaded.sources['server.port']).toEqual({ kind: 'env', name: 'ATLAS_SERVER_PORT' });
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    ['yes', true],
    ['on', true],
    ['1', true],
    ['false', false],
    ['No', false],
    ['off', false],
    ['0', false],
  ])('reads boolean %s as %s', (raw, value) => {
    expect(load({ ATLAS_COMPRESSION_ENABLE: raw }).config.compression.enable).toBe(value);
  });

  it('validates env strings like file values, naming the variable', () => {
    const errors = errorsOf({ ATLAS_SERVER_PORT: 'eighty', ATLAS_LIMITS_IDLE_TIMEOUT: '-1', ATLAS_LOGGING_LEVEL: 'loud', ATLAS_SERVER_MAX_CONNECTIONS: '1.5' });
    expect(errors).toEqual(
      expect.arrayContaining([
        { kind: 'wrong_type', path: 'server.port', value: 'eighty', expected: 'integer 0..65535', source: { kind: 'env', name: 'ATLAS_SERVER_PORT' } },
        { kind: 'out_of_range', path: 'limits.idle_timeout', value: -1, expected: 'seconds 1..86400', source: { kind: 'env', name: 'ATLAS_LIMITS_IDLE_TIMEOUT' } },
        expect.objectContaining({ kind: 'bad_enum', path: 'logging.level', value: 'loud' }),
        expect.objectContaining({ kind: 'wrong_type', path: 'server.max_connections', value: 1.5 }),
      ]),
    );
    expect(errors).toHaveLength(4);
  });

  it('treats an empty variable as a value, not as unset', () => {
    expect(errorsOf({ ATLAS_SERVER_PORT: '' })[0]).toMatchObject({ kind: 'wrong_type', value: '' });
  });

  it('rejects a misspelt variable of a known section with a suggestion, and ignores other ATLAS_ names', () => {
    expect(errorsOf({ ATLAS_SERVER_PROT: '1', ATLAS_SOMETHING_ELSE: 'x' })).toEqual([
      { kind: 'unknown_key', path: 'ATLAS_SERVER_PROT', suggestion: 'ATLAS_SERVER_PORT', source: { kind: 'env', name: 'ATLAS_SERVER_PROT' } },
    ]);
    expect(isRight(loadConfig({ env: { ATLAS_SOMETHING_ELSE: 'x', ATLAS_CONFIG: '' } }))).toBe(true);
  });
});
