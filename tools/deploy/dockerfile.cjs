// A Dockerfile reader for the subset docker/Dockerfile uses, and a .dockerignore
// matcher. tools/deploy/image-recipe.mjs runs what these return; anything outside the
// subset is an error, so the file cannot grow a step the recipe would silently skip.
// CommonJS so both the .mjs scripts and the Jest specs (ts-jest, CommonJS) can load it.
'use strict';

/** Instructions the recipe knows how to run or check. */
const INSTRUCTIONS = new Set(['ARG', 'FROM', 'ENV', 'WORKDIR', 'COPY', 'RUN', 'USER', 'EXPOSE', 'HEALTHCHECK', 'STOPSIGNAL', 'ENTRYPOINT', 'CMD', 'LABEL']);

/**
 * Splits a Dockerfile into `{ line, instruction, flags, args, json }`: continuations
 * joined, comments and parser directives dropped, `--flag=value` options separated,
 * `json` set for exec-form (JSON array) arguments.
 */
function parseDockerfile(text) {
  const out = [];
  let pending = '';
  let startLine = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, '');
    if (pending === '' && /^\s*(#.*)?$/.test(raw)) continue;
    if (pending !== '' && /^\s*#/.test(raw)) continue; // comment lines inside a continuation
    if (pending === '') startLine = i + 1;
    if (/\\\s*$/.test(raw)) {
      pending += `${raw.replace(/\\\s*$/, '')} `;
      continue;
    }
    const full = (pending + raw).trim();
    pending = '';
    const m = /^([A-Za-z]+)\s*(.*)$/.exec(full);
    if (m === null) throw new Error(`Dockerfile:${startLine}: cannot read "${full}"`);
    const instruction = m[1].toUpperCase();
    if (!INSTRUCTIONS.has(instruction)) throw new Error(`Dockerfile:${startLine}: ${instruction} is not supported by tools/deploy/image-recipe.mjs`);
    let rest = m[2];
    const flags = {};
    // HEALTHCHECK's options precede CMD; COPY/RUN options precede their arguments.
    while (/^--[a-z-]+(=\S*)?(\s|$)/.test(rest)) {
      const f = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest);
      flags[f[1]] = f[2] ?? 'true';
      rest = rest.slice(f[0].length);
    }
    let json;
    if (instruction === 'HEALTHCHECK') {
      const c = /^CMD\s+(.*)$/.exec(rest);
      if (c === null) throw new Error(`Dockerfile:${startLine}: HEALTHCHECK must be "HEALTHCHECK [options] CMD [...]"`);
      rest = c[1];
    }
    if (rest.startsWith('[')) {
      try {
        json = JSON.parse(rest);
      } catch {
        throw new Error(`Dockerfile:${startLine}: ${instruction} arguments are not a JSON array`);
      }
    }
    if (pending !== '') throw new Error('Dockerfile ends inside a continuation');
    out.push({ line: startLine, instruction, flags, args: rest, json });
  }
  if (pending !== '') throw new Error('Dockerfile ends inside a continuation');
  return out;
}

/** `${NAME}` / `$NAME` with the given values (unknown names: empty, as Docker does). */
function substitute(text, values) {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, a, b) => values[a ?? b] ?? '');
}

/** Shell-like words: whitespace-separated, single or double quotes grouping. */
function words(text) {
  const out = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  let m;
  while ((m = re.exec(text)) !== null) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3]));
  return out;
}

/** `ENV A=1 B="two words"` (or the legacy `ENV A 1`) as pairs. */
function envPairs(args) {
  const legacy = /^([A-Za-z_][A-Za-z0-9_]*)\s+([^=]*)$/.exec(args);
  if (legacy !== null) return [[legacy[1], legacy[2].trim()]];
  return words(args).map((w) => {
    const at = w.indexOf('=');
    if (at <= 0) throw new Error(`ENV: expected NAME=value, got "${w}"`);
    return [w.slice(0, at), w.slice(at + 1)];
  });
}

/** Duration flags (`10s`, `1m30s`, `500ms`) in milliseconds. */
function durationMs(text) {
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let m;
  let seen = '';
  while ((m = re.exec(text)) !== null) {
    total += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2]];
    seen += m[0];
  }
  if (seen !== text) throw new Error(`not a duration: ${text}`);
  return total;
}

function globToRegExp(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` matches zero or more directories; a trailing `**` anything.
      if (glob[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * A .dockerignore predicate over context-relative POSIX paths: later patterns win,
 * `!` re-includes, a matched directory excludes everything below it.
 */
function dockerignore(text) {
  const rules = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const pattern = (negate ? l.slice(1) : l).replace(/^\/+/, '').replace(/\/+$/, '');
      return { negate, re: globToRegExp(pattern) };
    });
  return (path) => {
    const parts = path.split('/');
    let ignored = false;
    for (const { negate, re } of rules) {
      // A pattern matches the path itself or any of its parent directories.
      for (let n = 1; n <= parts.length; n++) {
        if (re.test(parts.slice(0, n).join('/'))) {
          ignored = !negate;
          break;
        }
      }
    }
    return ignored;
  };
}

module.exports = { INSTRUCTIONS, parseDockerfile, substitute, words, envPairs, durationMs, dockerignore };
