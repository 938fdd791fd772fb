// CPU time and memory of other processes, read from /proc (Linux only): utime+stime of
// /proc/PID/stat in clock ticks (`getconf CLK_TCK`, usually 100 per second), and VmRSS of
// /proc/PID/status. CPU over a window is the difference of two readings, so the figure
// is the process's own work whatever else shares the machine.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/** Clock ticks per second of /proc/PID/stat's time fields. */
export function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    const out = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    ticksPerSecond = Number.isFinite(out) && out > 0 ? out : 100;
  }
  return ticksPerSecond;
}

/** The fields of /proc/PID/stat after the command name (which may hold spaces and parens). */
function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** User + system CPU seconds `pid` has used (all its threads); 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  const f = statFields(pid);
  // After the name: state(0) ppid(1) ... utime(11) stime(12).
  if (f === undefined) return 0;
  return (Number(f[11]) + Number(f[12])) / clockTicks();
}

/** CPU seconds of several processes together. */
export function cpuSecondsOf(pids: readonly number[]): number {
  let sum = 0;
  for (const pid of pids) sum += cpuSeconds(pid);
  return sum;
}

/** Direct children of `pid` (nginx's workers under its master). */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const f = statFields(Number(name));
    if (f !== undefined && Number(f[1]) === pid) out.push(Number(name));
  }
  return out;
}

/** Resident set size of `pid` in bytes (VmRSS); 0 once it is gone. */
export function rssBytes(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? 0 : Number(m[1]) * 1024;
  } catch {
    return 0;
  }
}

/** Soft and hard limits on open files of this process. */
export function fileLimits(): { soft: number; hard: number } {
  const text = readFileSync('/proc/self/limits', 'utf8');
  const m = /^Max open files\s+(\S+)\s+(\S+)/m.exec(text);
  const num = (s: string | undefined): number => (s === undefined || s === 'unlimited' ? Number.POSITIVE_INFINITY : Number(s));
  return { soft: num(m?.[1]), hard: num(m?.[2]) };
}
