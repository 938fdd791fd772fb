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

/**
 * A URL as it may be shown to anyone (views, logs): without userinfo, query string and
 * fragment, where tokens and passwords ride. Text that is not a URL loses the same parts.
 */
export function publicUrl(url: string): string {
  return url.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/?#]*@/, '$1').replace(/[?#].*$/s, '');
}

/**
 * A value that should have been a URL with a password, as an error may show it: everything
 * up to the last `@` after the scheme is hidden, so a malformed URL (`rediss//:pw@host`,
 * `pw@host:6379`) leaks nothing either.
 */
export function redactUserinfo(text: string): string {
  const at = text.lastIndexOf('@');
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/*/.exec(text)?.[0] ?? '';
  const hidden = at >= scheme.length ? `${scheme}${REDACTED}${text.slice(at)}` : text;
  return hidden.replace(/([?&]password=)[^&#]*/gi, `$1${REDACTED}`);
}

/** Any `scheme://userinfo@` inside free text (an error message) with the userinfo hidden. */
export function redactUrlsIn(text: string): string {
  return text.replace(/([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^\s/?#@"']*@/g, `$1${REDACTED}@`);
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
