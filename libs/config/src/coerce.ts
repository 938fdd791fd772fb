// Environment variables and `--set` flags are strings; they are read into the
// key's type here and then decoded by the same codec as TOML values, so a
// value is valid or invalid whatever its source. A string that does not read
// as the expected type is passed through unchanged and the codec rejects it.
import type { ValueKind } from './codecs';

const NUMBER = /^[+-]?(?:\d+(?:_\d+)*)?(?:\.\d+(?:_\d+)*)?(?:[eE][+-]?\d+)?$/;
const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/** Reads a raw string as a value of `kind` (integers and numbers may use `_` separators, as in TOML). */
export function coerceString(kind: ValueKind, raw: string): unknown {
  const text = raw.trim();
  switch (kind) {
    case 'integer':
    case 'number':
      // Any number is read (so `1.5` for an integer key is reported as a non-integer, not as text).
      return text !== '' && /\d/.test(text) && NUMBER.test(text) ? Number(text.replace(/_/g, '')) : raw;
    case 'boolean': {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return true;
      if (FALSE.has(lower)) return false;
      return raw;
    }
    case 'string':
      return raw;
  }
}
