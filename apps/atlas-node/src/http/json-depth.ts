/**
 * A nesting-depth check that runs before `JSON.parse`: a body of 30,000 `[` parses, then
 * blows the stack of whatever walks it next (validation, `JSON.stringify`, the logger).
 * One pass over the text, skipping strings, no allocation.
 */

/** Deepest object/array nesting a JSON API body may have (a registration needs 3). */
export const MAX_JSON_DEPTH = 32;

/** Whether `text` nests objects/arrays deeper than `max` (strings, escapes included, are skipped). */
export function jsonNestsDeeper(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}
