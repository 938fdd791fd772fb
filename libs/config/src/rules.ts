// Cross-field rules: values valid on their own that do not make a working node
// together. Each rule names its keys so errors point at every source involved.
import type { AtlasConfig, ConfigKeyPath } from './config-types';

/** A rule over several keys; `check` returns a message when the config breaks it. */
export interface CrossFieldRule {
  readonly id: string;
  readonly paths: readonly ConfigKeyPath[];
  /** The rule in one sentence, for the docs. */
  readonly description: string;
  readonly check: (config: AtlasConfig) => string | undefined;
}

/** Whether a bind address only accepts connections from this machine. */
export function isLoopbackAddress(address: string): boolean {
  const a = address.toLowerCase().replace(/^\[|\]$/g, '');
  return a === 'localhost' || a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a) || a === '::ffff:127.0.0.1';
}

/** Every cross-field rule, in documentation order. */
export const CROSS_FIELD_RULES: readonly CrossFieldRule[] = [
  {
    id: 'transfer-below-preload',
    paths: ['spatial.transfer_distance', 'spatial.preload_distance'],
    description: '`spatial.transfer_distance` must be below `spatial.preload_distance`, so a neighbour preloads a player before the handover starts.',
    check: ({ spatial }) =>
      spatial.transfer_distance < spatial.preload_distance
        ? undefined
        : `spatial.transfer_distance (${spatial.transfer_distance}) must be below spatial.preload_distance (${spatial.preload_distance})`,
  },
  {
    id: 'ghosts-within-preload',
    paths: ['spatial.ghost_distance', 'spatial.preload_distance'],
    description: '`spatial.ghost_distance` must not exceed `spatial.preload_distance`: ghosts ride on the preload zone, so far players cost nothing extra.',
    check: ({ spatial }) =>
      spatial.ghost_distance <= spatial.preload_distance
        ? undefined
        : `spatial.ghost_distance (${spatial.ghost_distance}) must not exceed spatial.preload_distance (${spatial.preload_distance})`,
  },
  {
    id: 'redis-needs-url',
    paths: ['cluster.store', 'cluster.redis_url'],
    description: '`cluster.store = "redis"` needs `cluster.redis_url`.',
    check: ({ cluster }) => (cluster.store === 'redis' && cluster.redis_url === '' ? 'cluster.store "redis" needs cluster.redis_url' : undefined),
  },
  {
    id: 'heartbeat-timeout-above-intervals',
    paths: ['cluster.heartbeat_timeout', 'cluster.health_check_interval', 'game_servers.heartbeat_interval'],
    description:
      '`cluster.heartbeat_timeout` must exceed `cluster.health_check_interval` and `game_servers.heartbeat_interval`, or live peers are declared dead.',
    check: ({ cluster, game_servers }) => {
      const interval = Math.max(cluster.health_check_interval, game_servers.heartbeat_interval);
      return cluster.heartbeat_timeout > interval
        ? undefined
        : `cluster.heartbeat_timeout (${cluster.heartbeat_timeout}) must exceed the heartbeat intervals (${interval})`;
    },
  },
  {
    id: 'admin-token-off-loopback',
    paths: ['admin.enabled', 'admin.address', 'security.admin_token'],
    description: 'An enabled admin listener on a non-loopback `admin.address` needs `security.admin_token`.',
    check: ({ admin, security }) =>
      admin.enabled && !isLoopbackAddress(admin.address) && security.admin_token === ''
        ? `admin listener on ${admin.address} is reachable from other machines: set security.admin_token or bind it to 127.0.0.1`
        : undefined,
  },
  {
    id: 'tokens-need-secret',
    paths: ['security.allow_anonymous', 'security.token_secret'],
    description: '`security.allow_anonymous = false` needs `security.token_secret`, or no player could ever connect.',
    check: ({ security }) =>
      !security.allow_anonymous && security.token_secret === '' ? 'security.allow_anonymous is false but no security.token_secret verifies player tokens' : undefined,
  },
  {
    id: 'one-node-identity-key',
    paths: ['security.node_identity_key', 'security.node_identity_key_file'],
    description: 'The node identity key comes from one place: `security.node_identity_key` or `security.node_identity_key_file`, not both.',
    check: ({ security }) =>
      security.node_identity_key !== '' && security.node_identity_key_file !== '' ? 'security.node_identity_key and security.node_identity_key_file are both set' : undefined,
  },
  {
    id: 'psk-needs-salt',
    paths: ['security.psk', 'security.psk_salt'],
    description: '`security.psk` needs `security.psk_salt`: the PBKDF2 salt comes from the deployment, never from code.',
    check: ({ security }) => (security.psk !== '' && security.psk_salt === '' ? 'security.psk is set but security.psk_salt is empty' : undefined),
  },
  {
    id: 'process-needs-command',
    paths: ['provisioning.provider', 'provisioning.command'],
    description: '`provisioning.provider = "process"` needs `provisioning.command`.',
    check: ({ provisioning }) =>
      provisioning.provider === 'process' && provisioning.command === '' ? 'provisioning.provider "process" needs provisioning.command' : undefined,
  },
  {
    id: 'rebalance-needs-provisioning',
    paths: ['rebalance.enabled', 'provisioning.provider'],
    description: '`rebalance.enabled` needs a `provisioning.provider` other than `none` (a split starts a server).',
    check: ({ rebalance, provisioning }) =>
      rebalance.enabled && provisioning.provider === 'none' ? 'rebalance.enabled needs provisioning.provider "process" or "agones"' : undefined,
  },
  {
    id: 'rebalance-hysteresis',
    paths: ['rebalance.merge_players', 'rebalance.split_players'],
    description: '`rebalance.merge_players` is at most half of `rebalance.split_players`, so two merged cold regions are not hot at once.',
    check: ({ rebalance }) =>
      rebalance.merge_players * 2 > rebalance.split_players ? `rebalance.merge_players (${rebalance.merge_players}) is above half of rebalance.split_players (${rebalance.split_players})` : undefined,
  },
  {
    id: 'admin-port-distinct',
    paths: ['admin.port', 'server.port'],
    description: 'An enabled admin listener needs a port other than `server.port` (0 excepted: both pick free ports).',
    check: ({ admin, server }) =>
      admin.enabled && admin.port !== 0 && admin.port === server.port ? `admin.port and server.port are both ${admin.port}` : undefined,
  },
];
