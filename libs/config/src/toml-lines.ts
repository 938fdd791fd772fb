// @iarna/toml reports no positions for keys, so the line of each key is found
// by scanning the text: table headers set the current table, `key =` lines
// name a key in it. Best effort (enough for errors), never a second parser.

/** Splits a TOML key (`a."b.c".d`) into its parts. */
function keyParts(raw: string): string[] {
  const parts: string[] = [];
  for (const match of raw.matchAll(/\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*(?:\.|$)/g)) {
    parts.push(match[1] ?? match[2] ?? match[3] ?? '');
  }
  return parts;
}

const HEADER = /^\s*\[(?!\[)\s*([^\]]+?)\s*\]/;
const ARRAY_HEADER = /^\s*\[\[\s*([^\]]+?)\s*\]\]/;
const KEY = /^\s*((?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*=/;

/** Maps each dotted key path (and each table header) to the 1-based line that first defines it. */
export function scanKeyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let table: string[] = [];
  let inMultiline: '"""' | "'''" | undefined;
  text.split(/\r?\n/).forEach((line, index) => {
    const lineNo = index + 1;
    if (inMultiline) {
      if (line.split(inMultiline).length % 2 === 0) inMultiline = undefined;
      return;
    }
    const header = ARRAY_HEADER.exec(line) ?? HEADER.exec(line);
    if (header?.[1] !== undefined) {
      table = keyParts(header[1]);
      if (!lines.has(table.join('.'))) lines.set(table.join('.'), lineNo);
      return;
    }
    const key = KEY.exec(line);
    if (key?.[1] !== undefined) {
      const path = [...table, ...keyParts(key[1])].join('.');
      if (!lines.has(path)) lines.set(path, lineNo);
      const rest = line.slice(key[0].length);
      for (const quote of ['"""', "'''"] as const) {
        if (rest.split(quote).length === 2) inMultiline = quote;
      }
    }
  });
  return lines;
}

/** The line of `path`, or of its closest enclosing table or inline table. */
export function lineOf(lines: ReadonlyMap<string, number>, path: string): number | undefined {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) {
    const line = lines.get(parts.slice(0, n).join('.'));
    if (line !== undefined) return line;
  }
  return undefined;
}
