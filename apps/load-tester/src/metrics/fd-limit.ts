// The open-file limit of this process (Linux /proc): every connection is a file
// descriptor, so a run near the limit fails with EMFILE instead of measuring anything.
import { readFileSync } from 'node:fs';

/** The soft limit on open files, or undefined where /proc does not tell. */
export function openFileLimit(): number | undefined {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (m === null) return undefined;
    return m[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(m[1]);
  } catch {
    return undefined;
  }
}

/** A warning when `connections` in this process come within 1% (or 50) of the limit. */
export function fdLimitWarning(connections: number, limit = openFileLimit()): string | undefined {
  if (limit === undefined || !Number.isFinite(limit)) return undefined;
  const headroom = Math.max(50, Math.ceil(limit * 0.01));
  if (connections + headroom <= limit) return undefined;
  return `${connections} connections in one process against an open-file limit of ${limit}: connections beyond it fail (EMFILE); raise it (ulimit -n) or spread the clients over machines`;
}
