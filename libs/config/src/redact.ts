// Secrets never leave the process in clear: anything printed or logged goes
// through these functions first.
import type { AtlasConfig, ConfigKeyPath } from './config-types';
import { buildConfig, CONFIG_KEYS, getConfigValue, keyInfo } from './keys';

/** What a redacted secret reads as. */
export const REDACTED = '<redacted>';

/** Hides the password (and a `password=` query parameter) of a URL, keeping the rest readable. */
export function redactUrl(url: string): string {
  return url
    .replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#@]*)@/, (_match, scheme: string, userinfo: string) => {
      const colon = userinfo.indexOf(':');
      // A userinfo without a colon may be a bare password (some Redis clients read it so).
      return colon < 0 ? `${scheme}${REDACTED}@` : `${scheme}${userinfo.slice(0, colon)}:${REDACTED}@`;
    })
    .replace(/([?&]password=)[^&#]*/gi, `$1${REDACTED}`);
}

/** The value as it may be shown for `path`: secrets hidden, everything else unchanged. */
export function redactValue(path: string, value: unknown): unknown {
  const redact = keyInfo(path)?.redact ?? 'none';
  if (redact === 'none' || value === '') return value;
  if (redact === 'url-password' && typeof value === 'string') return redactUrl(value);
  return REDACTED;
}

/** A copy of `config` that is safe to print or log: secrets and URL passwords are redacted. */
export function redactConfig(config: AtlasConfig): AtlasConfig {
  return buildConfig(new Map(CONFIG_KEYS.map((info) => [info.path, redactValue(info.path, getConfigValue(config, info.path))])));
}

/** Whether a key holds a secret (fully or partly redacted). */
export function isSecretKey(path: ConfigKeyPath): boolean {
  return (keyInfo(path)?.redact ?? 'none') !== 'none';
}
