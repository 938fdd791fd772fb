/** @atlas/config: Atlas node configuration from TOML, environment and CLI flags, validated with io-ts. */
export { loadConfig, selectedConfigFile } from './load';
export type { LoadOptions } from './load';
export { watchConfig } from './watch';
export type {
  ConfigChangeEvent,
  ConfigRejectedEvent,
  ConfigReload,
  ConfigRestartRequiredEvent,
  ConfigWatcher,
  ConfigWatchEvents,
  WatchOptions,
} from './watch';
export { diffConfig } from './diff';
export type { KeyChange } from './diff';
export { formatConfigError, formatConfigErrors, formatSource, formatValue } from './errors';
export type {
  BadFlagError,
  ConfigError,
  CrossFieldError,
  InvalidValueError,
  TomlSyntaxError,
  UnknownKeyError,
  UnreadableFileError,
} from './errors';
export { REDACTED, isSecretKey, publicUrl, redactConfig, redactUrl, redactValue } from './redact';
export { formatConfig } from './format';
export { CONFIG_KEYS, CONFIG_SECTIONS, DEFAULT_CONFIG, getConfigValue, isConfigKeyPath, keyInfo } from './keys';
export type { ConfigKeyInfo } from './keys';
export { CROSS_FIELD_RULES, isLoopbackAddress } from './rules';
export type { CrossFieldRule } from './rules';
export { CONFIG_FILE_ENV } from './layers/env-layer';
export { parseConfigArgs } from './layers/cli-layer';
export { parseCommandLine } from './command-line';
export type { CommandLineOption, CommandLineSpec, CommandLineValues } from './command-line';
export { didYouMean } from './did-you-mean';
export type { ConfigArgs } from './layers/cli-layer';
export { defaultNodeId } from './node-id';
export { renderConfigReference, renderExampleToml, GENERATED_BEGIN, GENERATED_END } from './docs';
export { VALUE_PROBLEMS } from './codecs';
export { parseCidrs } from './cidr';
export { parseGhostRings } from './ghost-rings';
export type { GhostRing } from './ghost-rings';
export type { Cidr } from './cidr';
export type { ValueCodec, ValueKind, ValueProblem } from './codecs';
export { CLUSTER_STORES, COMPRESSION_ALGORITHMS, HORIZON_UPSTREAMS, LOG_FORMATS, LOG_LEVELS, MAP_PLANES, PROVISIONING_PROVIDERS, SESSION_POLICIES } from './config-types';
export type {
  AdminConfig,
  AtlasConfig,
  ClusterConfig,
  ClusterStore,
  CompressionAlgorithm,
  CompressionConfig,
  ConfigKeyPath,
  ConfigOverrides,
  ConfigSection,
  ConfigSource,
  ConfigSources,
  GameServersConfig,
  HorizonUpstream,
  LimitsConfig,
  LoadedConfig,
  LogFormat,
  LoggingConfig,
  LogLevel,
  MapPlaneSetting,
  ProvisioningConfig,
  RebalanceConfig,
  TracingConfig,
  ProvisioningProvider,
  SecurityConfig,
  ServerConfig,
  SessionPolicy,
  SpatialConfig,
} from './config-types';
