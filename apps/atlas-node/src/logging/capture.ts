/**
 * Logs in tests: a logger whose lines are kept as records (after redaction, exactly
 * what a real transport would receive), so a test can assert on them, or assert that
 * nothing was logged (`expectNoLogs`), which turns an unexpected log line into a failure.
 */
import type { LoggingConfig } from '@atlas/config';
import { Writable } from 'node:stream';
import type { Logger } from 'winston';
import { createLogger } from './logger';

/** One captured line: its level, message and metadata (already redacted). */
export interface LogRecord {
  readonly level: string;
  readonly message: string;
  readonly [field: string]: unknown;
}

/** An object-mode sink: winston's Stream transport then hands it each info object, synchronously. */
function recordSink(records: LogRecord[]): Writable {
  return new Writable({
    objectMode: true,
    write(info: Record<string, unknown>, _encoding, done) {
      const { level, message, ...rest } = info;
      records.push({ ...rest, level: String(level), message: String(message) });
      done();
    },
  });
}

/** A logger plus what it logged. */
export interface CapturedLogs {
  readonly logger: Logger;
  /** Every record so far, oldest first. */
  readonly records: readonly LogRecord[];
  /** Returns and forgets the records so far. */
  take(): LogRecord[];
  /** Throws (failing the test) if anything was logged since the last `take()`. */
  expectNoLogs(): void;
}

/** Creates a capturing logger (JSON format, so records look like production lines). */
export function captureLogs(options: { level?: LoggingConfig['level']; secrets?: () => readonly string[] } = {}): CapturedLogs {
  const records: LogRecord[] = [];
  const logger = createLogger(
    { level: options.level ?? 'debug', format: 'json' },
    { stream: recordSink(records), ...(options.secrets === undefined ? {} : { secrets: options.secrets }) },
  );
  return {
    logger,
    get records() {
      return records;
    },
    take: () => records.splice(0, records.length),
    expectNoLogs: () => {
      if (records.length === 0) return;
      const lines = records.map((r) => `${r.level}: ${r.message}`).join('\n');
      throw new Error(`unexpected log lines:\n${lines}`);
    },
  };
}
