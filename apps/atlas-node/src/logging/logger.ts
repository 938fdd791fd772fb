/**
 * The node's winston logger: JSON lines for collectors or a readable one-line format
 * for humans, a child per component, secrets redacted before any transport sees them.
 * Nothing is logged per message at `info`: hot paths log at `debug` at most.
 */
import type { LoggingConfig } from '@atlas/config';
import type { Writable } from 'node:stream';
import { createLogger as createWinston, format, transports, type Logger } from 'winston';
import type { transport as TransportStream } from 'winston';
import { redactFormat } from './redact';

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** Secret values to scrub from every line; read per line, so a reload may change them. */
  readonly secrets?: () => readonly string[];
  /** Where lines go. Default: a Console transport writing to stdout. */
  readonly transports?: readonly TransportStream[];
  /** A stream to write lines to instead of the console (e.g. a file, or a buffer in tests). */
  readonly stream?: Writable;
  /** Drop everything (the default in tests that do not capture). */
  readonly silent?: boolean;
  /** Fields on every line, e.g. `{ node: 'node-1' }`. */
  readonly defaultMeta?: Readonly<Record<string, unknown>>;
}

const NO_SECRETS = (): readonly string[] => [];

function pretty(): ReturnType<typeof format.combine> {
  return format.combine(
    format.timestamp({ format: 'HH:mm:ss.SSS' }),
    format.printf((info) => {
      const { level, message, timestamp, component, ...rest } = info;
      const scope = typeof component === 'string' ? ` [${component}]` : '';
      const extra = Object.keys(rest).length > 0 ? ' ' + JSON.stringify(rest) : '';
      return `${String(timestamp)} ${level.padEnd(7)}${scope} ${String(message)}${extra}`;
    }),
  );
}

/** Creates the node's root logger from `config.logging`. */
export function createLogger(config: LoggingConfig, options: CreateLoggerOptions = {}): Logger {
  const chosen: TransportStream[] =
    options.transports !== undefined
      ? [...options.transports]
      : options.stream !== undefined
        ? [new transports.Stream({ stream: options.stream })]
        : [new transports.Console()];
  return createWinston({
    level: config.level,
    silent: options.silent ?? false,
    defaultMeta: options.defaultMeta === undefined ? undefined : { ...options.defaultMeta },
    format: format.combine(
      format.errors({ stack: true }),
      redactFormat(options.secrets ?? NO_SECRETS),
      config.format === 'json' ? format.combine(format.timestamp(), format.json()) : pretty(),
    ),
    transports: chosen,
    exitOnError: false,
  });
}

/** Applies a reloaded `logging.level` (the only hot-reloadable logging key). */
export function setLogLevel(logger: Logger, level: LoggingConfig['level']): void {
  logger.level = level;
  for (const transport of logger.transports) transport.level = level;
}

/** A logger that drops everything (for code paths that need one and tests that do not look). */
export function silentLogger(): Logger {
  return createWinston({ silent: true, transports: [new transports.Console({ silent: true })] });
}

export type { Logger };
